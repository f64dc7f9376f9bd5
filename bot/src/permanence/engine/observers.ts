// A colleague who reads a conversation beside the counsellor in charge: a supervisor who joins a
// hard conversation, or a counsellor in training. The bot has no keys, so it cannot give her the
// earlier messages: as for a handover (handover.ts), the counsellor in charge's client invites
// her, which shares the room's key history with her (MSC4268), and the bot watches.
//
// Asked for by a supervisor for herself (the door checks the role, as for an assignment), or by
// the counsellor in charge for a configured colleague. The request waits for the invite, and is
// given up if no invite came within `offerTimeoutMs` (the expiry is in the state, set by the
// decision that asked, so a replay gives it up at the same instant). Her invite by the counsellor
// in charge makes her an observer, neither a handover nor an invite to revoke; her join makes her
// a reader of the conversation, which stays with the counsellor in charge: no slot is held, no
// load counted, nothing taken over. Her leave, or her refusal of the invite, removes her. A
// handover keeps her; the end of the conversation removes her with everyone (the executor kicks
// every counsellor still in the room).
//
// The youth's page tells the youth, in plain words, before anything she writes is encrypted for
// her (web-client/src/session/matrix/teamWatch.ts): the status lists invited and joined observers
// (status.ts).

import type {
  ConversationId,
  ConversationState,
  Decision,
  ObserverLeaving,
  ObserverState,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { andThen, unchanged } from "./decision.ts";
import { isInChargeOf, pendingHandoverTo } from "./phase.ts";
import { isConfiguredCounsellor, liveConversations, putConversation } from "./state.ts";

export type ObserverRefusal =
  /** No live conversation with a counsellor in charge still in the room. */
  | "not_active"
  /** `by` is neither the counsellor in charge nor asking for herself. */
  | "not_allowed"
  | "not_a_counsellor"
  /** She is in charge of it, or invited to take it over. */
  | "in_charge"
  | "already_observing";

/** Why `by` may not have `observerId` read this conversation now; null when she may. */
export function observerRefusal(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  observerId: UserId,
): ObserverRefusal | null {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (phase?.kind !== "active" || !isInChargeOf(phase, phase.counsellorId)) return "not_active";
  if (by !== observerId && !isInChargeOf(phase, by)) return "not_allowed";
  if (
    state.counsellors[observerId] === undefined ||
    !isConfiguredCounsellor(settings, observerId)
  ) {
    return "not_a_counsellor";
  }
  if (phase.counsellorId === observerId || pendingHandoverTo(phase) === observerId) {
    return "in_charge";
  }
  if (conversation?.observers?.[observerId] !== undefined) return "already_observing";
  return null;
}

export function observerRequested(
  settings: PermanenceSettings,
  state: PermanenceState,
  event: { conversationId: ConversationId; observerId: UserId; by: UserId },
  now: number,
): Decision {
  const { conversationId, observerId, by } = event;
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (
    conversation === undefined ||
    phase?.kind !== "active" ||
    observerRefusal(settings, state, conversationId, by, observerId) !== null
  ) {
    return unchanged(state);
  }
  const requested: ObserverState = {
    stage: "requested",
    by,
    expiresAt: now + settings.offerTimeoutMs,
  };
  return {
    state: withObserver(state, conversation, observerId, requested),
    commands: [
      {
        type: "notify_staff",
        notice: {
          kind: "observer_requested",
          reference: conversation.reference,
          observerId,
          counsellorId: phase.counsellorId,
        },
      },
    ],
  };
}

/**
 * An invite seen in a live conversation: when it names a requested observer and comes from the
 * counsellor in charge, she is now invited; one naming an observer invited or joined already is
 * the same invite seen again. Null when the invite is not about an observer (handover.ts judges
 * it: a handover, or revoked).
 */
export function observerInvited(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  invitee: UserId,
): Decision | null {
  const conversation = state.conversations[conversationId];
  const observer = conversation?.observers?.[invitee];
  if (conversation === undefined || observer === undefined) return null;
  if (observer.stage !== "requested") return unchanged(state);
  const { phase } = conversation;
  // Only her client can give the observer the history: an invite from anyone else is revoked.
  if (!isInChargeOf(phase, by)) return null;
  return unchanged(withObserver(state, conversation, invitee, { stage: "invited" }));
}

/**
 * A counsellor joined a live conversation: when she is an observer, she reads it from now on,
 * and nothing else changes. Null when she is not an observer (offers.ts judges the join).
 */
export function observerJoined(
  state: PermanenceState,
  conversationId: ConversationId,
  userId: UserId,
): Decision | null {
  const conversation = state.conversations[conversationId];
  const observer = conversation?.observers?.[userId];
  if (conversation === undefined || observer === undefined) return null;
  if (observer.stage === "joined") return unchanged(state);
  // A requested observer can only be in the room through an invite: one the bot missed.
  return {
    state: withObserver(state, conversation, userId, { stage: "joined" }),
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "observer_joined", reference: conversation.reference, observerId: userId },
      },
    ],
  };
}

/** She left, or declined the invite: she no longer reads the conversation. */
export function observerLeft(
  state: PermanenceState,
  conversationId: ConversationId,
  observerId: UserId,
): Decision {
  const conversation = state.conversations[conversationId];
  const observer = conversation?.observers?.[observerId];
  if (conversation === undefined || observer === undefined) return unchanged(state);
  return withoutObserver(
    state,
    conversation,
    observerId,
    observer.stage === "joined" ? "left" : "declined",
  );
}

/** Requests whose invite never came in time are given up, in arrival order. */
export function expireObserverRequests(state: PermanenceState, now: number): Decision {
  let decision = unchanged(state);
  for (const { id, observers } of liveConversations(state)) {
    for (const [observerId, observer] of Object.entries(observers ?? {}).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      if (observer.stage !== "requested" || now < observer.expiresAt) continue;
      decision = andThen(decision, (current) => {
        const conversation = current.conversations[id];
        return conversation === undefined
          ? unchanged(current)
          : withoutObserver(current, conversation, observerId, "expired");
      });
    }
  }
  return decision;
}

function withObserver(
  state: PermanenceState,
  conversation: ConversationState,
  observerId: UserId,
  observer: ObserverState,
): PermanenceState {
  return putConversation(state, {
    ...conversation,
    observers: { ...conversation.observers, [observerId]: observer },
  });
}

function withoutObserver(
  state: PermanenceState,
  conversation: ConversationState,
  observerId: UserId,
  reason: ObserverLeaving,
): Decision {
  const { [observerId]: _gone, ...observers } = conversation.observers ?? {};
  const { observers: _all, ...rest } = conversation;
  const next: ConversationState =
    Object.keys(observers).length === 0 ? rest : { ...rest, observers };
  return {
    state: putConversation(state, next),
    commands: [
      {
        type: "notify_staff",
        notice: {
          kind: "observer_left",
          reference: conversation.reference,
          observerId,
          reason,
        },
      },
    ],
  };
}
