// Immutable updates of the permanence state, and the counsellor arithmetic every rule shares. A
// counsellor's conversations and load are read from the conversations' phases, never stored.
// The engine never mutates what it is given: each helper returns a new state that shares the
// untouched parts with the old one.

import type {
  ConversationId,
  ConversationState,
  CounsellorState,
  PermanenceSettings,
  PermanenceState,
  Reservation,
  UserId,
} from "../types.ts";
import { pendingHandoverTo, requeuedAt } from "./phase.ts";

export function putConversation(
  state: PermanenceState,
  conversation: ConversationState,
): PermanenceState {
  return {
    ...state,
    conversations: { ...state.conversations, [conversation.id]: conversation },
  };
}

/** Removes a conversation from the state and the queue. */
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
    (conversation) => pendingHandoverTo(conversation.phase) === id,
  );
}

/** Conversations in this counsellor's charge (she joined, and nobody took them over yet). */
export function conversationsOf(state: PermanenceState, id: UserId): ConversationId[] {
  return liveConversations(state).flatMap(({ id: conversationId, phase }) =>
    phase.kind === "active" && phase.counsellorId === id ? [conversationId] : [],
  );
}

/** A pending offer, or a pending handover, holds a slot as much as an active conversation does. */
export function loadOf(state: PermanenceState, id: UserId): number {
  return loadsOf(state).get(id) ?? 0;
}

/**
 * Every counsellor's load (loadOf), in one pass over the conversations, kept per state: the
 * assignment asks it of every counsellor after every event, and with thousands of youths waiting
 * three scans per counsellor made each decision cost tens of milliseconds.
 */
const loads = new WeakMap<PermanenceState, ReadonlyMap<UserId, number>>();

function loadsOf(state: PermanenceState): ReadonlyMap<UserId, number> {
  const known = loads.get(state);
  if (known !== undefined) return known;
  const counted = new Map<UserId, number>();
  const count = (id: UserId | undefined) => {
    if (id !== undefined) counted.set(id, (counted.get(id) ?? 0) + 1);
  };
  for (const { phase } of liveConversations(state)) {
    // conversationsOf, then handoversTo.
    if (phase.kind === "active") count(phase.counsellorId);
    count(pendingHandoverTo(phase));
  }
  // offersTo: through the queue, as queuedConversations reads it.
  for (const conversation of queuedConversations(state)) {
    if (conversation.phase.kind === "offered") count(conversation.phase.counsellorId);
  }
  loads.set(state, counted);
  return counted;
}

/** The queue's conversations (queued or offered), in arrival order. */
export function queuedConversations(state: PermanenceState): ConversationState[] {
  return state.queue.flatMap((id) => {
    const conversation = state.conversations[id];
    return conversation === undefined ? [] : [conversation];
  });
}

/**
 * Every live conversation in a stable order (arrival, then id), so outputs are deterministic.
 * Sorted once per conversations object (states are never changed in place, only replaced): one
 * decision asks for it many times, and with thousands of youths waiting each sort counted.
 */
export function liveConversations(state: PermanenceState): readonly ConversationState[] {
  const known = sortedLive.get(state.conversations);
  if (known !== undefined) return known;
  const sorted = Object.freeze(
    Object.values(state.conversations).sort(
      (a, b) => a.arrivedAt - b.arrivedAt || compareIds(a.id, b.id),
    ),
  );
  sortedLive.set(state.conversations, sorted);
  return sorted;
}

const sortedLive = new WeakMap<PermanenceState["conversations"], readonly ConversationState[]>();

/**
 * Whether a waiting youth comes before a place asked at `at` (reservation.ts): she said she is in
 * danger (urgent.ts), or asked no later. The one rule that orders places and waiting youths, for
 * the positions (status.ts) and for where her arrival puts her (arrival.ts).
 */
export function comesBefore(conversation: ConversationState, at: number): boolean {
  return conversation.urgentAt !== undefined || conversation.arrivedAt <= at;
}

/** Places held for youths whose room is still being made (reservation.ts), in the order asked. */
export function reservationsOf(state: PermanenceState): readonly Reservation[] {
  return state.reservations ?? [];
}

/**
 * The place held under `id`, if it still holds at `now` (a tick may not have expired it yet),
 * and the state without it: her arrival takes it.
 */
export function takeReservation(
  state: PermanenceState,
  id: string,
  now: number,
): { reservation: Reservation | null; state: PermanenceState } {
  const reservations = reservationsOf(state);
  const reservation = reservations.find((held) => held.id === id);
  if (reservation === undefined) return { reservation: null, state };
  const rest = reservations.filter((held) => held !== reservation);
  return {
    reservation: reservation.expiresAt > now ? reservation : null,
    state: { ...state, reservations: rest },
  };
}

/** Configured counsellors in id order. */
export function counsellorIds(state: PermanenceState): UserId[] {
  return Object.keys(state.counsellors).sort(compareIds);
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The counsellor who should get the next offer, or null when nobody on duty has a free slot:
 * least loaded, then longest idle, then user id so the outcome never depends on map order.
 * `except`: the counsellor a conversation is taken from (requeue.ts), and its observers, who could
 * never take it over: her invite and join would be read as an observer's (colleagueFor).
 */
export function chooseCounsellor(
  settings: PermanenceSettings,
  state: PermanenceState,
  ...except: UserId[]
): UserId | null {
  const candidates = counsellorIds(state).flatMap((id) => {
    if (except.includes(id)) return [];
    const counsellor = state.counsellors[id];
    if (counsellor?.availability !== "on_duty") return [];
    const load = loadOf(state, id);
    return load < capacityOf(settings, id)
      ? [{ id, load, lastOfferAt: counsellor.lastOfferAt }]
      : [];
  });
  candidates.sort(
    (a, b) => a.load - b.load || a.lastOfferAt - b.lastOfferAt || compareIds(a.id, b.id),
  );
  return candidates[0]?.id ?? null;
}

/**
 * The colleague who should take over this active conversation: never its counsellor in charge,
 * nor one of its observers, whose invite and join decide() reads as an observer's.
 */
export function colleagueFor(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
  counsellorId: UserId,
): UserId | null {
  return chooseCounsellor(
    settings,
    state,
    counsellorId,
    ...Object.keys(conversation.observers ?? {}),
  );
}

/** Requeued conversations still looking for a colleague, in the order they were requeued. */
export function requeuedWaiting(state: PermanenceState): ConversationState[] {
  return liveConversations(state)
    .filter(({ phase }) => phase.kind === "active" && phase.stage === "requeued")
    .sort(
      (a, b) =>
        (requeuedAt(a.phase) ?? 0) - (requeuedAt(b.phase) ?? 0) ||
        a.arrivedAt - b.arrivedAt ||
        compareIds(a.id, b.id),
    );
}

/** Takes back an offer: the youth keeps their place in the queue and waits again. */
export function backToQueue(
  state: PermanenceState,
  conversation: ConversationState,
): PermanenceState {
  return putConversation(state, { ...conversation, phase: { kind: "queued" } });
}

/**
 * Observers (observers.ts) invited or in the room, who can read what is written: the youth is
 * told of them.
 */
export function readingObservers(conversation: ConversationState): UserId[] {
  return Object.entries(conversation.observers ?? {})
    .filter(([, observer]) => observer.stage !== "requested")
    .map(([userId]) => userId)
    .sort();
}
