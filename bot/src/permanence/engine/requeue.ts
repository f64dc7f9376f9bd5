// "Back to the queue": the counsellor in charge asks for a conversation to be taken over by the
// next free colleague (end of her shift, a conversation she should not hold). The conversation
// stays hers, and she keeps talking with the youth, until a colleague takes it over; nothing is
// handed to the queue itself, because only her client can give the colleague the earlier messages
// (MSC4268): the bot has no keys.
//
// As soon as a colleague other than her is on duty with a free slot (chosen as the queue chooses:
// least loaded, then longest idle; assignment.ts, after every event), the engine makes a handover to that colleague pending and asks
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
// A pending handover not accepted in time (`offerTimeoutMs`) is cancelled (handover.ts). For a
// requeued conversation the engine then looks for the next colleague; a colleague who let it time
// out, or declined, is paused as for a missed offer, so that she is not asked again at once.

import type { ConversationId, Decision, PermanenceState, UserId } from "../types.ts";
import { unchanged } from "./decision.ts";
import { isInChargeOf, pendingHandoverTo, requeuedAt } from "./phase.ts";
import { putConversation } from "./state.ts";

export type RequeueRefusal = "not_in_charge" | "already_requeued" | "handover_pending";

/** Why `by` may not send this conversation back to the queue now; null when she may. */
export function requeueRefusal(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): RequeueRefusal | null {
  const phase = state.conversations[conversationId]?.phase;
  if (phase === undefined || !isInChargeOf(phase, by)) return "not_in_charge";
  if (requeuedAt(phase) !== undefined) return "already_requeued";
  if (pendingHandoverTo(phase) !== undefined) return "handover_pending";
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
    state: putConversation(state, {
      ...conversation,
      phase: {
        kind: "active",
        counsellorId: phase.counsellorId,
        stage: "requeued",
        requeuedAt: now,
      },
    }),
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "requeued", reference: conversation.reference, counsellorId: by },
      },
    ],
  };
}
