// The ways a conversation ends that are a rule of their own: a counsellor ends it, she leaves it,
// or it went quiet for too long. Ending itself, whoever ends it, is transitions/ending.ts.

import type {
  ConversationId,
  Decision,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { andThen, unchanged } from "./decision.ts";
import { isCounsellorGone, isInChargeOf } from "./phase.ts";
import { liveConversations } from "./state.ts";
import { endConversation } from "./transitions/ending.ts";
import { counsellorGone } from "./transitions/handover.ts";

/**
 * Barring the client behind a conversation is for the counsellor in charge only: she is the one
 * who read what was written. Nobody else, not even a supervisor, can judge a conversation they
 * cannot read, and a bar cuts a youth off the helpline for hours.
 */
export function mayBar(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): boolean {
  const phase = state.conversations[conversationId]?.phase;
  return phase !== undefined && isInChargeOf(phase, by);
}

/** A counsellor ends a conversation: theirs once active, anyone's while the youth still waits. */
export function endRequested(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined || state.counsellors[by] === undefined) return unchanged(state);
  const { phase } = conversation;
  if (phase.kind === "active" && phase.counsellorId !== by) return unchanged(state);
  return endConversation(state, conversationId, "counsellor_ended");
}

/** Only the counsellor in the conversation leaving ends it; a removed intruder leaving does not. */
export function counsellorLeft(
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
): Decision {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (phase?.kind !== "active" || phase.counsellorId !== counsellorId) return unchanged(state);
  if (isCounsellorGone(phase)) return unchanged(state);
  // She invited a colleague, then left: her invite carried the history, so the youth waits for
  // the colleague rather than losing the conversation (handover.ts). Likewise when she sent it
  // back to the queue: the youth waits for the next free colleague, whom the bot will invite
  // (requeue.ts), at once if one was chosen already and she left before inviting her.
  if (phase.stage !== "talking") return counsellorGone(state, conversationId);
  return endConversation(state, conversationId, "counsellor_left");
}

export function endInactive(
  settings: PermanenceSettings,
  state: PermanenceState,
  now: number,
): Decision {
  return liveConversations(state)
    .filter(
      (conversation) =>
        conversation.phase.kind === "active" &&
        now - conversation.lastActivityAt >= settings.inactivityTimeoutMs,
    )
    .reduce(
      (decision, conversation) =>
        andThen(decision, (current) => endConversation(current, conversation.id, "inactivity")),
      unchanged(state),
    );
}
