// "Back to the queue": the counsellor in charge asks for a conversation to be taken over by the
// next free colleague (end of her shift, a conversation she should not hold). The conversation
// stays hers, and she keeps talking with the youth, until a colleague takes it over; nothing is
// handed to the queue itself, because only her client can give the colleague the earlier messages
// (MSC4268): the bot has no keys.
//
// As soon as a colleague other than her is on duty with a free slot (chosen as the queue chooses:
// least loaded, then longest idle), the engine makes a handover to that colleague pending and asks
// the counsellor in charge to invite her: the staff room is told the exact /invite, and her
// console (GET /api/counsellor/me, `pendingHandovers`) sends it at once. From the invite on it is
// an ordinary handover (handover.ts). If she has left the conversation, or is off duty, nobody is
// there to invite with the history: the bot invites the colleague itself and the staff room is
// told that the earlier messages cannot follow.
//
// Requeued conversations are served before the youths in the queue: their youth already waited
// once, and taking one over frees a slot of its counsellor for the queue all the same. Among
// themselves they are served in the order they were requeued.
//
// A pending handover not accepted in time (`offerTimeoutMs`) is cancelled (expireHandovers). For a
// requeued conversation the engine then looks for the next colleague; a colleague who let it time
// out, or declined, is paused as for a missed offer, so that she is not asked again at once.

import type {
  ConversationId,
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { chooseCounsellor } from "./assignment.ts";
import { andThen, unchanged } from "./decision.ts";
import { cancelHandover } from "./handover.ts";
import { compareIds, liveConversations, putConversation, putCounsellor } from "./state.ts";

export type RequeueRefusal = "not_in_charge" | "already_requeued" | "handover_pending";

/** Why `by` may not send this conversation back to the queue now; null when she may. */
export function requeueRefusal(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): RequeueRefusal | null {
  const phase = state.conversations[conversationId]?.phase;
  if (phase?.kind !== "active" || phase.counsellorId !== by || phase.counsellorGone === true) {
    return "not_in_charge";
  }
  if (phase.requeuedAt !== undefined) return "already_requeued";
  if (phase.handoverTo !== undefined) return "handover_pending";
  return null;
}

export function requeueRequested(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined || requeueRefusal(state, conversationId, by) !== null) {
    return unchanged(state);
  }
  const { phase } = conversation;
  if (phase.kind !== "active") return unchanged(state);
  return {
    state: putConversation(state, { ...conversation, phase: { ...phase, requeuedAt: now } }),
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "requeued", reference: conversation.reference, counsellorId: by },
      },
    ],
  };
}

/** Requeued conversations still looking for a colleague, in the order they were requeued. */
export function requeuedWaiting(state: PermanenceState): ConversationState[] {
  return liveConversations(state)
    .filter(
      ({ phase }) =>
        phase.kind === "active" && phase.requeuedAt !== undefined && phase.handoverTo === undefined,
    )
    .sort(
      (a, b) =>
        requeuedAt(a) - requeuedAt(b) || a.arrivedAt - b.arrivedAt || compareIds(a.id, b.id),
    );
}

function requeuedAt(conversation: ConversationState): number {
  return conversation.phase.kind === "active" ? (conversation.phase.requeuedAt ?? 0) : 0;
}

/** Gives every requeued conversation a free colleague, while there is one. */
export function matchRequeued(
  settings: PermanenceSettings,
  state: PermanenceState,
  now: number,
): Decision {
  let decision = unchanged(state);
  for (const { id } of requeuedWaiting(state)) {
    const conversation = decision.state.conversations[id];
    if (conversation?.phase.kind !== "active") continue;
    const colleague = chooseCounsellor(settings, decision.state, conversation.phase.counsellorId);
    // Another requeued conversation, held by someone else, might still find the colleague that
    // this counsellor cannot hand to herself: go on rather than stop.
    if (colleague === null) continue;
    decision = andThen(decision, (s) => matchOne(settings, s, conversation, colleague, now));
  }
  return decision;
}

function matchOne(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
  to: UserId,
  now: number,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active") return unchanged(state);
  const from = phase.counsellorId;
  // Nobody can send the invite with the history: the bot sends it, without.
  const botInvites = phase.counsellorGone === true || isOffDuty(state, from);
  let next = putConversation(state, {
    ...conversation,
    phase: {
      ...phase,
      handoverTo: to,
      handoverExpiresAt: now + settings.offerTimeoutMs,
      ...(botInvites ? {} : { handoverAwaitingInvite: true as const }),
    },
  });
  const colleague = next.counsellors[to];
  if (colleague !== undefined) next = putCounsellor(next, to, { ...colleague, lastOfferAt: now });
  const commands: PermanenceCommand[] = [
    ...(botInvites
      ? [{ type: "invite" as const, conversationId: conversation.id, counsellorId: to }]
      : []),
    {
      type: "notify_staff",
      notice: {
        kind: "requeue_matched",
        reference: conversation.reference,
        from,
        to,
        invitedBy: botInvites ? "bot" : "counsellor",
      },
    },
  ];
  return { state: next, commands };
}

function isOffDuty(state: PermanenceState, id: UserId): boolean {
  return (state.counsellors[id]?.availability ?? "off_duty") === "off_duty";
}

/**
 * The counsellor in charge can no longer send the invites her console was asked for (she left the
 * conversation, or went off duty): the bot sends them, without the history.
 */
export function inviteForAbsentCounsellor(
  state: PermanenceState,
  conversationId: ConversationId,
): Decision {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (
    conversation === undefined ||
    phase?.kind !== "active" ||
    phase.handoverTo === undefined ||
    phase.handoverAwaitingInvite !== true
  ) {
    return unchanged(state);
  }
  const { handoverAwaitingInvite: _sent, ...rest } = phase;
  return {
    state: putConversation(state, { ...conversation, phase: rest }),
    commands: [
      { type: "invite", conversationId, counsellorId: phase.handoverTo },
      {
        type: "notify_staff",
        notice: {
          kind: "requeue_matched",
          reference: conversation.reference,
          from: phase.counsellorId,
          to: phase.handoverTo,
          invitedBy: "bot",
        },
      },
    ],
  };
}

/** Pending handovers whose colleague has not joined in time are cancelled, in arrival order. */
export function expireHandovers(state: PermanenceState, now: number): Decision {
  let decision = unchanged(state);
  for (const { id } of liveConversations(state)) {
    decision = andThen(decision, (current) => {
      const conversation = current.conversations[id];
      const phase = conversation?.phase;
      if (
        conversation === undefined ||
        phase?.kind !== "active" ||
        phase.handoverTo === undefined ||
        phase.handoverExpiresAt === undefined ||
        now < phase.handoverExpiresAt
      ) {
        return unchanged(current);
      }
      return cancelHandover(current, conversation, "timed_out", now);
    });
  }
  return decision;
}
