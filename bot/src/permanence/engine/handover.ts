// Handing a conversation over to a colleague, with its history. The bot has no crypto device, so
// it cannot share the room's keys: the counsellor in charge invites her colleague from her own
// client, which sends the colleague the room's key history (MSC4268), and the bot watches. A valid
// invite makes the handover pending (the colleague's slot is held); when the colleague joins, the
// conversation moves to her in one step and the first counsellor is removed from the room, so she
// no longer receives its messages. Any other invite into a conversation is revoked at once. If
// she leaves after inviting (Element users often do), her invite carried the history already: the
// youth waits for the colleague, and the conversation ends only if the colleague does not come.
//
// Who may take over: a configured counsellor other than the one in charge, on duty or paused (a
// colleague who paused to take over a conversation at the end of a shift is fine; she agreed to
// it), never off duty, and with a free slot under her maximum, pending offers and handovers
// included. One pending handover per conversation: a new valid invite replaces the previous one.
//
// A pending handover not joined within `offerTimeoutMs` is cancelled (expireHandovers): the invite is revoked and the conversation stays with the counsellor in
// charge. Its expiry is in the phase, set by the decision that started it, so a replay of the
// journal expires it at the same instant. Handovers written before the expiry existed have none and
// never expire, as they did then: guessing an instant for them on load would make replays depend
// on when the bot restarted.

import type {
  ConversationId,
  Decision,
  HandoverRefusal,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { andThen, unchanged } from "./decision.ts";
import { handoverExpiresAt, isInChargeOf, pendingHandoverTo } from "./phase.ts";
import { capacityOf, isConfiguredCounsellor, liveConversations, loadOf } from "./state.ts";
import { invitedAsAsked, startHandover } from "./transitions/handover.ts";
import { missedHandover } from "./transitions/missed.ts";

/** Why `by` may not hand this conversation over to `to` now; null when she may. */
export function handoverRefusal(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  to: UserId,
): HandoverRefusal | null {
  const phase = state.conversations[conversationId]?.phase;
  if (phase === undefined || !isInChargeOf(phase, by)) return "not_in_charge";
  const colleague = state.counsellors[to];
  if (colleague === undefined || !isConfiguredCounsellor(settings, to)) return "not_a_counsellor";
  if (to === by) return "same_counsellor";
  // decide() reads her invite and join as an observer's: the handover would never complete.
  if (state.conversations[conversationId]?.observers?.[to] !== undefined) return "observing";
  if (colleague.availability === "off_duty") return "off_duty";
  // Her pending invite for this very conversation already holds the slot it needs.
  const load = loadOf(state, to) - (pendingHandoverTo(phase) === to ? 1 : 0);
  if (load >= capacityOf(settings, to)) return "full";
  return null;
}

/** An invite seen in a live conversation: a handover, or revoked. */
export function handoverInvited(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  to: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined) return unchanged(state);
  const { phase } = conversation;
  // The invite the engine asked for (requeue.ts): the handover was pending already.
  if (
    phase.kind === "active" &&
    phase.stage === "awaiting_invite" &&
    phase.to === to &&
    phase.counsellorId === by
  ) {
    return invitedAsAsked(state, conversation, by, to);
  }
  // The same invite seen twice (a transaction delivered again) changes nothing. Neither does one
  // naming someone already in the conversation or already invited to take it over (Synapse
  // refuses such invites anyway): revoking it would kick them out.
  if (phase.kind === "active" && (phase.counsellorId === to || pendingHandoverTo(phase) === to)) {
    return unchanged(state);
  }
  const refusal = handoverRefusal(settings, state, conversationId, by, to);
  if (refusal !== null || phase.kind !== "active") {
    return {
      state,
      commands: [
        { type: "revoke_invite", conversationId, userId: to },
        {
          type: "notify_staff",
          notice: {
            kind: "handover_refused",
            reference: conversation.reference,
            by,
            to,
            reason: refusal ?? "not_in_charge",
          },
        },
      ],
    };
  }
  return startHandover(settings, state, conversation, by, to, now);
}

/** The colleague rejected the invite: the conversation stays with the counsellor in charge. */
export function handoverDeclined(
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (conversation === undefined || phase === undefined) return unchanged(state);
  if (pendingHandoverTo(phase) !== counsellorId) return unchanged(state);
  return missedHandover(state, conversation, "declined", now);
}

/** Pending handovers whose colleague has not joined in time are cancelled, in arrival order. */
export function expireHandovers(state: PermanenceState, now: number): Decision {
  let decision = unchanged(state);
  for (const { id } of liveConversations(state)) {
    decision = andThen(decision, (current) => {
      const conversation = current.conversations[id];
      const expiresAt =
        conversation === undefined ? undefined : handoverExpiresAt(conversation.phase);
      if (conversation === undefined || expiresAt === undefined || now < expiresAt) {
        return unchanged(current);
      }
      return missedHandover(current, conversation, "timed_out", now);
    });
  }
  return decision;
}
