import type { HelplineStatus, Instant } from "@helpline/contract";
import type {
  CounsellorConversationState,
  CounsellorConversationView,
  CounsellorView,
  QueueEntryView,
  SupervisorOverview,
  TeamMemberView,
} from "@helpline/contract/counsellor-api";
import { weekdays, type CannedReply, type HelplineDefinition } from "../helpline/schema.ts";
import { roomName } from "./conversation-names.ts";
import { isInChargeOf, requeuedAt } from "./engine/phase.ts";
import { capacityOf, liveConversations, loadOf, queuedConversations } from "./engine/state.ts";
import { estimateWaitMinutes } from "./engine/status.ts";
import type {
  ConversationState,
  PermanenceSettings,
  PermanenceState,
  ScheduleSnapshot,
} from "./types.ts";

// What the bot tells the outside world, computed from the state: pure, and free of personal data.

// The shapes are the wire contract's (@helpline/contract): the pages decode exactly these.
export type InstantView = Instant;
export type PublicStatus = HelplineStatus;

export function publicStatus(input: {
  state: PermanenceState;
  settings: PermanenceSettings;
  schedule: ScheduleSnapshot;
  timeZone: string;
  localWallTime: (instant: number, timeZone: string) => string;
}): PublicStatus {
  const at = (instant: number | null): InstantView | null =>
    instant === null
      ? null
      : {
          instant: new Date(instant).toISOString(),
          local: input.localWallTime(instant, input.timeZone),
        };
  // Places held for rooms still being made are youths waiting too (engine/reservation.ts).
  const waiting = input.state.queue.length + (input.state.reservations?.length ?? 0);
  return {
    open: input.schedule.open,
    admitting: input.schedule.admitting,
    closesAt: at(input.schedule.open ? input.schedule.closesAt : null),
    nextOpensAt: at(input.schedule.nextOpensAt),
    timeZone: input.timeZone,
    waiting,
    estimatedWaitMinutes: estimateWaitMinutes(input.settings, input.state, waiting + 1),
  };
}

/**
 * GET /api/status of a service that has ended: closed for good, whatever its file's hours say. It
 * runs no permanence, so nobody waits and nothing opens.
 */
export function endedStatus(timeZone: string): PublicStatus {
  return {
    open: false,
    admitting: false,
    closesAt: null,
    nextOpensAt: null,
    timeZone,
    waiting: 0,
    estimatedWaitMinutes: null,
  };
}

/** GET /api/helpline: the service's public description, from its config file. */
export function publicHelpline(definition: HelplineDefinition) {
  return {
    id: definition.id,
    name: definition.name,
    defaultLanguage: definition.defaultLanguage,
    audience: definition.audience,
    asksWhoIsWriting: definition.asksWhoIsWriting,
    // An ended service shows no hours: it will not open again.
    timeZone: definition.hours.timeZone,
    weekly:
      definition.ended === undefined
        ? definition.hours.weekly
        : Object.fromEntries(weekdays.map((day) => [day, []])),
    resources: definition.resources,
    waitingTexts: definition.waitingTexts,
    quickExitUrl: definition.quickExitUrl,
    ...(definition.ended === undefined ? {} : { ended: definition.ended }),
  };
}

// --- The counsellor console (docs/counsellor-api.md) ---------------------------------------------
// Metadata only, like the staff room: references, room ids of the counsellor's OWN conversations,
// availabilities and times. Never anything a youth wrote (the bot cannot read it anyway), and never
// the room id of a conversation the counsellor is not part of.

export type {
  CounsellorConversationState,
  CounsellorConversationView,
  CounsellorView,
  QueueEntryView,
  SupervisorOverview,
  TeamMemberView,
};

export interface CounsellorViewInput {
  state: PermanenceState;
  settings: PermanenceSettings;
  userId: string;
  timeZone: string;
  supervisor: boolean;
  cannedReplies: readonly CannedReply[];
}

const iso = (instant: number): string => new Date(instant).toISOString();

function teamMember(
  state: PermanenceState,
  settings: PermanenceSettings,
  userId: string,
): TeamMemberView {
  return {
    userId,
    availability: state.counsellors[userId]?.availability ?? "off_duty",
    load: loadOf(state, userId),
    capacity: capacityOf(settings, userId),
  };
}

function queueEntries(state: PermanenceState): (QueueEntryView & { offeredTo?: string })[] {
  return queuedConversations(state).map((conversation, index) => ({
    reference: conversation.reference,
    position: index + 1,
    waitingSince: iso(conversation.arrivedAt),
    state: conversation.phase.kind === "offered" ? "offered" : "queued",
    ...(conversation.urgentAt === undefined ? {} : { urgent: true as const }),
    ...(conversation.phase.kind === "offered"
      ? { offeredTo: conversation.phase.counsellorId }
      : {}),
  }));
}

function ownConversation(
  conversation: ConversationState,
  userId: string,
  timeZone: string,
): CounsellorConversationView | null {
  const { phase } = conversation;
  const base = {
    reference: conversation.reference,
    roomId: conversation.id,
    name: roomName(conversation.reference, conversation.arrivedAt, timeZone),
    arrivedAt: iso(conversation.arrivedAt),
    // Her answer to "about myself / about someone close": with the offer, and for as long as the
    // counsellor (or a colleague taking over) has the conversation.
    ...(conversation.writingAbout === undefined ? {} : { writingAbout: conversation.writingAbout }),
    ...(conversation.dangerAt === undefined ? {} : { dangerAt: iso(conversation.dangerAt) }),
    // She said she is in danger now while she waited (engine/urgent.ts): why it came first.
    ...(conversation.urgentAt === undefined ? {} : { urgent: true as const }),
  };
  const side =
    conversation.sideChannel === undefined
      ? {}
      : { sideChannelRoomId: conversation.sideChannel.roomId };
  if (phase.kind === "offered" && phase.counsellorId === userId) {
    // Her time to answer starts with her invite (engine/offers.ts): until Synapse has made it,
    // the expiry is only the bound on the wait for it, not a time she has to answer in.
    return {
      ...base,
      state: "offered",
      ...(phase.invitedAt === undefined ? {} : { offerExpiresAt: iso(phase.expiresAt) }),
    };
  }
  if (phase.kind !== "active") return null;
  // She reads it beside its counsellor once invited: from then on she is part of the room.
  const observer = conversation.observers?.[userId];
  if (observer !== undefined && observer.stage !== "requested") {
    return {
      ...base,
      state: "observing",
      observing: observer.stage,
      counsellorId: phase.counsellorId,
    };
  }
  const observers = Object.keys(conversation.observers ?? {}).sort();
  // She left the room: there is nothing left for her console to open.
  if (isInChargeOf(phase, userId)) {
    return {
      ...base,
      state: "active",
      ...side,
      ...(observers.length === 0 ? {} : { observers }),
      ...(phase.stage === "handing_over" ? { handoverTo: phase.to } : {}),
      ...(requeuedAt(phase) === undefined ? {} : { requeued: true as const }),
    };
  }
  // Offered to her once there is an invite she can accept by joining.
  if (phase.stage === "handing_over" && phase.to === userId) {
    return {
      ...base,
      state: "handover_offered",
      handoverFrom: phase.counsellorId,
      ...(phase.expiresAt === undefined ? {} : { offerExpiresAt: iso(phase.expiresAt) }),
    };
  }
  return null;
}

export function counsellorView(input: CounsellorViewInput): CounsellorView | null {
  const { state, settings, userId } = input;
  if (state.counsellors[userId] === undefined) return null;
  const live = liveConversations(state);
  const sideChannels = live.flatMap(({ reference, sideChannel, phase }) =>
    sideChannel?.members.includes(userId) === true
      ? [{ reference, roomId: sideChannel.roomId, mine: isInChargeOf(phase, userId) }]
      : [],
  );
  return {
    ...teamMember(state, settings, userId),
    supervisor: input.supervisor,
    waiting: state.queue.length,
    conversations: live.flatMap((conversation) => {
      const view = ownConversation(conversation, userId, input.timeZone);
      return view === null ? [] : [view];
    }),
    queue: queueEntries(state).map(({ offeredTo: _hidden, ...entry }) => entry),
    colleagues: settings.counsellors
      .filter((counsellor) => counsellor.userId !== userId)
      .map((counsellor) => teamMember(state, settings, counsellor.userId)),
    pendingHandovers: live.flatMap(({ id, reference, phase }) =>
      phase.kind === "active" && phase.counsellorId === userId && phase.stage === "awaiting_invite"
        ? [{ reference, roomId: id, to: phase.to }]
        : [],
    ),
    ...pendingObservers(live, userId),
    cannedReplies: [...input.cannedReplies],
    // The desk adds the forms due and the categories when the helpline keeps case forms.
    caseFormsDue: [],
    caseCategories: [],
    // Every side channel the bot invited her into, for as long as its conversation is live.
    ...(sideChannels.length === 0 ? {} : { sideChannels }),
  };
}

/**
 * Colleagues to read a conversation in her charge (engine/observers.ts): only her client can give
 * them the history, so it invites them. Absent when there are none, as from older bots.
 */
function pendingObservers(
  live: readonly ConversationState[],
  userId: string,
): Pick<CounsellorView, "pendingObservers"> {
  const pending = live.flatMap(({ id, reference, phase, observers }) =>
    isInChargeOf(phase, userId)
      ? Object.entries(observers ?? {})
          .filter(([, observer]) => observer.stage === "requested")
          .map(([observerId]) => ({ reference, roomId: id, observerId }))
      : [],
  );
  return pending.length === 0 ? {} : { pendingObservers: pending };
}

export function supervisorOverview(
  state: PermanenceState,
  settings: PermanenceSettings,
): SupervisorOverview {
  return {
    counsellors: settings.counsellors.map(({ userId }) => teamMember(state, settings, userId)),
    queue: queueEntries(state),
    active: Object.values(state.conversations).filter(({ phase }) => phase.kind === "active")
      .length,
    danger: dangerMarks(state),
    // What she may join (engine/observers.ts): references and people, never a room id.
    inProgress: liveConversations(state).flatMap(({ reference, arrivedAt, phase, observers }) =>
      phase.kind === "active"
        ? [
            {
              reference,
              counsellorId: phase.counsellorId,
              arrivedAt: iso(arrivedAt),
              observers: Object.keys(observers ?? {}).sort(),
            },
          ]
        : [],
    ),
  };
}

/** Conversations marked "danger to life" (engine/danger.ts), the latest marked first. */
function dangerMarks(state: PermanenceState): SupervisorOverview["danger"] {
  return liveConversations(state)
    .flatMap(({ reference, phase, dangerAt, dangerBy }) =>
      dangerAt === undefined || phase.kind !== "active"
        ? []
        : [{ reference, counsellorId: phase.counsellorId, by: dangerBy ?? "", at: dangerAt }],
    )
    .sort((a, b) => b.at - a.at || a.reference - b.reference)
    .map(({ at, ...mark }) => ({ ...mark, markedAt: iso(at) }));
}
