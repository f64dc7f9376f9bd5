// A small language for engine tests, in the words of the helpline: "a youth arrives", "a
// counsellor goes on duty", "the clock advances". It drives the pure engine and keeps the last
// decision's commands so tests assert on plain data.

import type {
  ConversationPhase,
  ConversationState,
  PermanenceCommand,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  Schedule,
  ScheduleSnapshot,
  StaffNotice,
  YouthStatus,
} from "../../types.ts";
import { decide, initialState, type EngineContext } from "../decide.ts";

export const second = 1_000;
export const minute = 60 * second;
export const hour = 60 * minute;

export const alwaysOpen: Schedule = () => ({
  open: true,
  admitting: true,
  closesAt: Number.MAX_SAFE_INTEGER,
  admissionEndsAt: Number.MAX_SAFE_INTEGER,
  nextOpensAt: null,
});

export const alwaysClosed: Schedule = () => ({
  open: false,
  admitting: false,
  closesAt: null,
  admissionEndsAt: null,
  nextOpensAt: null,
});

/** Open until closesAt, admitting until admissionEndsAt, then closed. */
export function slotClosingAt(closesAt: number, admissionEndsAt = closesAt): Schedule {
  return (now): ScheduleSnapshot =>
    now < closesAt
      ? {
          open: true,
          admitting: now < admissionEndsAt,
          closesAt,
          admissionEndsAt,
          nextOpensAt: null,
        }
      : { open: false, admitting: false, closesAt: null, admissionEndsAt: null, nextOpensAt: null };
}

export function settingsFor(
  counsellors: PermanenceSettings["counsellors"],
  overrides: Partial<Omit<PermanenceSettings, "counsellors">> = {},
): PermanenceSettings {
  return {
    counsellors,
    defaultMaxConversations: 1,
    offerTimeoutMs: 90 * second,
    inactivityTimeoutMs: 30 * minute,
    closingWarningMs: 10 * minute,
    typicalConversationMs: 20 * minute,
    erasureGraceMs: 5 * minute,
    ...overrides,
  };
}

export class Permanence {
  state: PermanenceState;
  /** Commands of the last decision. */
  commands: PermanenceCommand[] = [];
  now: number;
  readonly context: EngineContext;

  /**
   * Whether Synapse makes each invite at once, as the runtime then tells the engine
   * (`invite_made`, engine/offers.ts); a test of a Synapse lagging behind sets it false and says
   * when with inviteMade.
   */
  invitesMadeAtOnce = true;

  constructor(settings: PermanenceSettings, schedule: Schedule = alwaysOpen, now = 0) {
    this.context = { settings, schedule };
    this.now = now;
    this.state = initialState(settings, now);
  }

  happens(event: PermanenceEvent): PermanenceCommand[] {
    const decision = decide(this.context, this.state, event, this.now);
    this.state = decision.state;
    this.commands = decision.commands;
    if (this.invitesMadeAtOnce) {
      for (const { conversationId, counsellorId } of this.commandsOfType("invite")) {
        const made = decide(
          this.context,
          this.state,
          { type: "invite_made", conversationId, counsellorId },
          this.now,
        );
        // Only a clock starting: an invite made never commands anything.
        if (made.commands.length > 0) throw new Error("invite_made commanded something");
        this.state = made.state;
      }
    }
    return this.commands;
  }

  /** Synapse made the bot's invite of `counsellorId` (when invitesMadeAtOnce is false). */
  inviteMade(conversationId: string, counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "invite_made", conversationId, counsellorId });
  }

  youthArrives(conversationId: string, reference = 1000): PermanenceCommand[] {
    return this.happens({
      type: "youth_arrived",
      conversationId,
      youthId: `@y-${conversationId}`,
      reference,
    });
  }
  /** Her page asks for her place before her room exists (reservation.ts). */
  placeReserved(reservationId: string): PermanenceCommand[] {
    return this.happens({ type: "place_reserved", reservationId });
  }
  /** Her room arrives, taking the place held under `reservationId`. */
  youthArrivesWith(
    reservationId: string,
    conversationId: string,
    reference = 1000,
  ): PermanenceCommand[] {
    return this.happens({
      type: "youth_arrived",
      conversationId,
      youthId: `@y-${conversationId}`,
      reference,
      reservationId,
    });
  }
  counsellorGoesOnDuty(counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "availability_set", counsellorId, availability: "on_duty" });
  }
  counsellorPauses(counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "availability_set", counsellorId, availability: "paused" });
  }
  counsellorGoesOffDuty(counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "availability_set", counsellorId, availability: "off_duty" });
  }
  counsellorJoins(conversationId: string, counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "counsellor_joined", conversationId, counsellorId });
  }
  counsellorDeclines(conversationId: string, counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "counsellor_declined", conversationId, counsellorId });
  }
  counsellorLeaves(conversationId: string, counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "counsellor_left", conversationId, counsellorId });
  }
  /** `by` invites `counsellorId` into the conversation from her own client. */
  counsellorInvites(conversationId: string, by: string, counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "handover_invited", conversationId, by, counsellorId });
  }
  handoverDeclined(conversationId: string, counsellorId: string): PermanenceCommand[] {
    return this.happens({ type: "handover_declined", conversationId, counsellorId });
  }
  youthLeaves(conversationId: string): PermanenceCommand[] {
    return this.happens({ type: "youth_left", conversationId });
  }
  counsellorEnds(conversationId: string, by: string): PermanenceCommand[] {
    return this.happens({ type: "end_requested", conversationId, by });
  }
  /** The counsellor in charge sends the conversation back to the queue (requeue.ts). */
  counsellorRequeues(conversationId: string, by: string): PermanenceCommand[] {
    return this.happens({ type: "requeue_requested", conversationId, by });
  }
  /** A supervisor offers a waiting youth to a named counsellor (reassign.ts). */
  supervisorAssigns(
    conversationId: string,
    counsellorId: string,
    by = "@sup",
  ): PermanenceCommand[] {
    return this.happens({ type: "assign_requested", conversationId, counsellorId, by });
  }
  someoneWrites(conversationId: string): PermanenceCommand[] {
    return this.happens({ type: "activity", conversationId });
  }
  /** Time passes and the bot's timer ticks. */
  clockAdvances(ms: number): PermanenceCommand[] {
    this.now += ms;
    return this.happens({ type: "tick" });
  }

  conversation(id: string): ConversationState | undefined {
    return this.state.conversations[id];
  }
  phaseOf(id: string): ConversationPhase["kind"] | "gone" {
    return this.state.conversations[id]?.phase.kind ?? "gone";
  }
  /** Who has the conversation, offered or active. */
  counsellorOf(id: string): string | null {
    const phase = this.state.conversations[id]?.phase;
    return phase === undefined || phase.kind === "queued" ? null : phase.counsellorId;
  }
  statusOf(id: string): YouthStatus | null {
    return this.state.conversations[id]?.published ?? null;
  }
  availabilityOf(counsellorId: string): string | undefined {
    return this.state.counsellors[counsellorId]?.availability;
  }

  commandsOfType<T extends PermanenceCommand["type"]>(
    type: T,
  ): Extract<PermanenceCommand, { type: T }>[] {
    return this.commands.filter(
      (command): command is Extract<PermanenceCommand, { type: T }> => command.type === type,
    );
  }
  notices(): StaffNotice[] {
    return this.commandsOfType("notify_staff").map((command) => command.notice);
  }
  noticeKinds(): StaffNotice["kind"][] {
    return this.notices().map((notice) => notice.kind);
  }
  invites(): string[] {
    return this.commandsOfType("invite").map((c) => `${c.conversationId}→${c.counsellorId}`);
  }
  withdrawals(): string[] {
    return this.commandsOfType("withdraw_invite").map(
      (c) => `${c.conversationId}→${c.counsellorId}`,
    );
  }
  published(): Record<string, YouthStatus> {
    return Object.fromEntries(
      this.commandsOfType("publish_status").map((c) => [c.conversationId, c.status]),
    );
  }
}
