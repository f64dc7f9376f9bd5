// Immutable updates of the permanence state, and the counsellor arithmetic every rule shares.
// The engine never mutates what it is given: each helper returns a new state that shares the
// untouched parts with the old one.

import type {
  ConversationId,
  ConversationState,
  CounsellorState,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";

export function putConversation(
  state: PermanenceState,
  conversation: ConversationState,
): PermanenceState {
  return {
    ...state,
    conversations: { ...state.conversations, [conversation.id]: conversation },
  };
}

/** Removes a conversation from the state and the queue; counsellors' lists are the caller's. */
export function dropConversation(state: PermanenceState, id: ConversationId): PermanenceState {
  const { [id]: _dropped, ...conversations } = state.conversations;
  return { ...state, conversations, queue: state.queue.filter((queued) => queued !== id) };
}

export function putCounsellor(
  state: PermanenceState,
  id: UserId,
  counsellor: CounsellorState,
): PermanenceState {
  return { ...state, counsellors: { ...state.counsellors, [id]: counsellor } };
}

export function isConfiguredCounsellor(settings: PermanenceSettings, id: UserId): boolean {
  return settings.counsellors.some((counsellor) => counsellor.userId === id);
}

export function capacityOf(settings: PermanenceSettings, id: UserId): number {
  const configured = settings.counsellors.find((counsellor) => counsellor.userId === id);
  return configured?.maxConversations ?? settings.defaultMaxConversations;
}

/** Conversations offered to this counsellor and not yet accepted, in queue order. */
export function offersTo(state: PermanenceState, id: UserId): ConversationState[] {
  return queuedConversations(state).filter(
    (conversation) =>
      conversation.phase.kind === "offered" && conversation.phase.counsellorId === id,
  );
}

/** Conversations a colleague invited this counsellor to take over, not yet joined. */
export function handoversTo(state: PermanenceState, id: UserId): ConversationState[] {
  return liveConversations(state).filter(
    (conversation) => conversation.phase.kind === "active" && conversation.phase.handoverTo === id,
  );
}

/** A pending offer, or a pending handover, holds a slot as much as an active conversation does. */
export function loadOf(state: PermanenceState, id: UserId): number {
  const active = state.counsellors[id]?.active.length ?? 0;
  return active + offersTo(state, id).length + handoversTo(state, id).length;
}

/** The queue's conversations (queued or offered), in arrival order. */
export function queuedConversations(state: PermanenceState): ConversationState[] {
  return state.queue.flatMap((id) => {
    const conversation = state.conversations[id];
    return conversation === undefined ? [] : [conversation];
  });
}

/** Every live conversation in a stable order (arrival, then id), so outputs are deterministic. */
export function liveConversations(state: PermanenceState): ConversationState[] {
  return Object.values(state.conversations).sort(
    (a, b) => a.arrivedAt - b.arrivedAt || compareIds(a.id, b.id),
  );
}

/** Configured counsellors in id order. */
export function counsellorIds(state: PermanenceState): UserId[] {
  return Object.keys(state.counsellors).sort(compareIds);
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Takes back an offer: the youth keeps their place in the queue and waits again. */
export function backToQueue(
  state: PermanenceState,
  conversation: ConversationState,
): PermanenceState {
  return putConversation(state, { ...conversation, phase: { kind: "queued" } });
}
