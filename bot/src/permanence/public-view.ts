import type { CannedReply, HelplineDefinition } from "../helpline/schema.ts";
import { roomName } from "./conversation-names.ts";
import { capacityOf, liveConversations, loadOf, queuedConversations } from "./engine/state.ts";
import { estimateWaitMinutes } from "./engine/status.ts";
import type {
  Availability,
  ConversationState,
  PermanenceSettings,
  PermanenceState,
  ScheduleSnapshot,
} from "./types.ts";

// What the bot tells the outside world, computed from the state: pure, and free of personal data.

export interface InstantView {
  instant: string;
  /** Wall time in the helpline's zone, "YYYY-MM-DDTHH:MM", for display without a time-zone library. */
  local: string;
}

/** GET /api/status: for the youth's page, before anything is created. No personal data. */
export interface PublicStatus {
  open: boolean;
  admitting: boolean;
  closesAt: InstantView | null;
  nextOpensAt: InstantView | null;
  timeZone: string;
  waiting: number;
  /** For someone starting now; null when no counsellor is on duty. */
  estimatedWaitMinutes: number | null;
}

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
  const waiting = input.state.queue.length;
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

/** GET /api/helpline: the service's public description, from its config file. */
export function publicHelpline(definition: HelplineDefinition) {
  return {
    id: definition.id,
    name: definition.name,
    defaultLanguage: definition.defaultLanguage,
    audience: definition.audience,
    timeZone: definition.hours.timeZone,
    weekly: definition.hours.weekly,
    resources: definition.resources,
    quickExitUrl: definition.quickExitUrl,
  };
}

// --- The counsellor console (docs/counsellor-api.md) ---------------------------------------------
// Metadata only, like the staff room: references, room ids of the counsellor's OWN conversations,
// availabilities and times. Never anything a youth wrote (the bot cannot read it anyway), and never
// the room id of a conversation the counsellor is not part of.

export type CounsellorConversationState = "offered" | "active" | "handover_offered";

export interface CounsellorConversationView {
  reference: number;
  roomId: string;
  /** The room's name in counsellors' clients, "Jeune 4821 · 18:42" (conversation-names.ts). */
  name: string;
  state: CounsellorConversationState;
  arrivedAt: string;
  /** "offered", and "handover_offered" when the handover has an expiry. */
  offerExpiresAt?: string;
  /** She invited this colleague to take over, who has not joined yet. */
  handoverTo?: string;
  /** "handover_offered": the colleague who invited her. */
  handoverFrom?: string;
  /** She sent it back to the queue and no colleague took it over yet. */
  requeued?: true;
}

export interface QueueEntryView {
  reference: number;
  position: number;
  waitingSince: string;
  state: "queued" | "offered";
}

export interface TeamMemberView {
  userId: string;
  availability: Availability;
  load: number;
  capacity: number;
}

/** GET /api/counsellor/me: a counsellor's own situation, her team and the queue (metadata). */
export interface CounsellorView extends TeamMemberView {
  supervisor: boolean;
  waiting: number;
  conversations: CounsellorConversationView[];
  queue: QueueEntryView[];
  colleagues: TeamMemberView[];
  /**
   * A colleague was found for a conversation she sent back to the queue: her client must invite
   * `to` into `roomId` itself, so that her device shares the room's key history (MSC4268).
   */
  pendingHandovers: { reference: number; roomId: string; to: string }[];
  cannedReplies: CannedReply[];
}

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
  };
  if (phase.kind === "offered" && phase.counsellorId === userId) {
    return { ...base, state: "offered", offerExpiresAt: iso(phase.expiresAt) };
  }
  if (phase.kind !== "active") return null;
  // She left the room: there is nothing left for her console to open.
  if (phase.counsellorId === userId && phase.counsellorGone !== true) {
    const invited = phase.handoverTo !== undefined && phase.handoverAwaitingInvite !== true;
    return {
      ...base,
      state: "active",
      ...(invited ? { handoverTo: phase.handoverTo } : {}),
      ...(phase.requeuedAt === undefined ? {} : { requeued: true as const }),
    };
  }
  // Offered to her once there is an invite she can accept by joining.
  if (phase.handoverTo === userId && phase.handoverAwaitingInvite !== true) {
    return {
      ...base,
      state: "handover_offered",
      handoverFrom: phase.counsellorId,
      ...(phase.handoverExpiresAt === undefined
        ? {}
        : { offerExpiresAt: iso(phase.handoverExpiresAt) }),
    };
  }
  return null;
}

export function counsellorView(input: CounsellorViewInput): CounsellorView | null {
  const { state, settings, userId } = input;
  if (state.counsellors[userId] === undefined) return null;
  const live = liveConversations(state);
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
      phase.kind === "active" &&
      phase.counsellorId === userId &&
      phase.handoverTo !== undefined &&
      phase.handoverAwaitingInvite === true
        ? [{ reference, roomId: id, to: phase.handoverTo }]
        : [],
    ),
    cannedReplies: [...input.cannedReplies],
  };
}

/** GET /api/supervisor/overview: the whole team and queue, metadata only. */
export interface SupervisorOverview {
  counsellors: TeamMemberView[];
  queue: (QueueEntryView & { offeredTo?: string })[];
  /** Conversations in progress (a counsellor in charge), however many were handed over. */
  active: number;
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
  };
}
