// What happens to an offer: accepted by joining, declined, or left unanswered until it expires.
// A colleague joining a conversation handed over to her completes the handover (handover.ts).
// A counsellor who declines or does not answer is paused, so an absent counsellor is not offered
// youth after youth; they come back with the on-duty command. Her time to answer counts from the
// moment Synapse made the invite (inviteMade), not from the decision: she cannot answer before.

import type {
  ConversationId,
  ConversationState,
  Decision,
  OfferedPhase,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { andThen, unchanged } from "./decision.ts";
import { pendingHandoverTo } from "./phase.ts";
import { putConversation, queuedConversations } from "./state.ts";
import { completeHandover } from "./transitions/handover.ts";
import { missedOffer } from "./transitions/missed.ts";
import { inviteAllowanceMs } from "./transitions/offer.ts";

/**
 * Synapse made the invite of an offer: the counsellor has the whole offer timeout from now. Only
 * the first time: the outbox may carry an invite out again after a restart, and that must not
 * give her more time.
 */
export function inviteMade(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  if (
    conversation === undefined ||
    !isOfferedTo(conversation, counsellorId) ||
    conversation.phase.invitedAt !== undefined
  ) {
    return unchanged(state);
  }
  const { phase } = conversation;
  return unchanged(
    putConversation(state, {
      ...conversation,
      phase: { ...phase, invitedAt: now, expiresAt: now + settings.offerTimeoutMs },
    }),
  );
}

/**
 * When the offer was made: when its invite was, once it was. For watching joins that Synapse did
 * not tell of (matrix/offer-watch.ts): none can come before the invite.
 */
export function offeredSince(phase: OfferedPhase, offerTimeoutMs: number): number {
  return phase.invitedAt ?? phase.expiresAt - offerTimeoutMs - inviteAllowanceMs;
}

export function counsellorJoined(
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  const counsellor = state.counsellors[counsellorId];
  if (conversation === undefined || counsellor === undefined) return unchanged(state);
  const { phase } = conversation;
  if (phase.kind === "active" && phase.counsellorId === counsellorId) return unchanged(state);
  if (pendingHandoverTo(phase) === counsellorId) {
    return completeHandover(state, conversation, now);
  }
  if (phase.kind !== "offered" || phase.counsellorId !== counsellorId) {
    // A stale invite, or a colleague joining on their own: a youth has one counsellor at most.
    return {
      state,
      commands: [{ type: "remove_counsellor", conversationId, counsellorId }],
    };
  }
  const accepted = putConversation(state, {
    ...conversation,
    phase: { kind: "active", counsellorId, stage: "talking" },
    lastActivityAt: now,
  });
  const next = { ...accepted, queue: accepted.queue.filter((id) => id !== conversationId) };
  return {
    state: next,
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "offer_accepted", reference: conversation.reference, counsellorId },
      },
    ],
  };
}

export function counsellorDeclined(
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined || !isOfferedTo(conversation, counsellorId)) {
    return unchanged(state);
  }
  // The invite is already gone on the counsellor's side: nothing to withdraw.
  return missedOffer(state, conversation, counsellorId, now, [
    {
      type: "notify_staff",
      notice: { kind: "offer_declined", reference: conversation.reference, counsellorId },
    },
  ]);
}

/** Offers not answered in time are withdrawn, in queue order. */
export function expireOffers(state: PermanenceState, now: number): Decision {
  let decision = unchanged(state);
  for (const { id } of queuedConversations(state)) {
    decision = andThen(decision, (current) => {
      // Read again: pausing a counsellor for an earlier expiry already took back their other offers.
      const conversation = current.conversations[id];
      if (conversation?.phase.kind !== "offered" || now < conversation.phase.expiresAt) {
        return unchanged(current);
      }
      const { counsellorId } = conversation.phase;
      return missedOffer(current, conversation, counsellorId, now, [
        { type: "withdraw_invite", conversationId: id, counsellorId },
        {
          type: "notify_staff",
          notice: { kind: "offer_timed_out", reference: conversation.reference, counsellorId },
        },
      ]);
    });
  }
  return decision;
}

function isOfferedTo(
  conversation: ConversationState,
  counsellorId: UserId,
): conversation is ConversationState & { phase: OfferedPhase } {
  return conversation.phase.kind === "offered" && conversation.phase.counsellorId === counsellorId;
}
