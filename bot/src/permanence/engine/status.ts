// What the youth sees: their place in the queue and a rough wait, that someone is joining, or that
// a counsellor is there. Published only when it changes, so room state is not spammed.

import type {
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  QueuePlace,
  YouthStatus,
} from "../types.ts";
import { isCounsellorGone } from "./phase.ts";
import {
  capacityOf,
  comesBefore,
  counsellorIds,
  liveConversations,
  readingObservers,
  reservationsOf,
} from "./state.ts";

const minuteMs = 60_000;

export function youthStatus(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
): YouthStatus {
  const ahead = reservationsAhead(state);
  return statusFrom(conversation, {
    positionOf: (queued) => state.queue.indexOf(queued.id) + 1 + ahead(queued),
    waitMinutes: (position) => estimateWaitMinutes(settings, state, position),
  });
}

/** What a status needs from the whole state: a queued youth's position, and the wait for it. */
interface QueueView {
  positionOf(conversation: ConversationState): number;
  waitMinutes(position: number): number | null;
}

/**
 * How many places held for rooms still being made (reservation.ts) are ahead of a queued youth:
 * those she does not come before (`comesBefore`). A binary search over the places, which are kept
 * in the order asked: on a campaign night hundreds are held while thousands wait.
 */
function reservationsAhead(state: PermanenceState): (conversation: ConversationState) => number {
  const reservations = reservationsOf(state);
  if (reservations.length === 0) return () => 0;
  return (conversation) => {
    let low = 0;
    let high = reservations.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const held = reservations[middle];
      if (held !== undefined && !comesBefore(conversation, held.at)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/**
 * The place held under `reservationId` (reservation.ts), as her page shows it before her room
 * exists; null if none is held. Behind every urgent youth, every youth who asked no later than
 * she did, and the places asked before hers: the position her room's status will say once she
 * arrives, unless someone ahead is served or gives up meanwhile.
 */
export function reservedPlace(
  settings: PermanenceSettings,
  state: PermanenceState,
  reservationId: string,
): QueuePlace | null {
  const reservations = reservationsOf(state);
  const index = reservations.findIndex((held) => held.id === reservationId);
  const reservation = reservations[index];
  if (reservation === undefined) return null;
  let queuedAhead = 0;
  for (const id of state.queue) {
    const queued = state.conversations[id];
    if (queued === undefined) continue;
    if (comesBefore(queued, reservation.at)) queuedAhead += 1;
  }
  const position = queuedAhead + index + 1;
  return { position, estimatedWaitMinutes: estimateWaitMinutes(settings, state, position) };
}

function statusFrom(conversation: ConversationState, queue: QueueView): YouthStatus {
  switch (conversation.phase.kind) {
    case "offered":
      return { state: "counsellor_joining" };
    case "active":
      // Nobody is in the room until the colleague joins: the youth's messages wait for her.
      if (isCounsellorGone(conversation.phase)) return { state: "counsellor_joining" };
      return presentStatus(conversation);
    case "queued": {
      // Offered youths keep their place, so they count in the position of those behind them.
      const position = queue.positionOf(conversation);
      return {
        state: "waiting",
        position,
        estimatedWaitMinutes: queue.waitMinutes(position),
      };
    }
  }
}

/**
 * A counsellor is there; the youth's page also learns who else can read (observers.ts) and who
 * is invited to take over, to tell her before her next message is encrypted for them.
 */
function presentStatus(conversation: ConversationState): YouthStatus {
  const observers = readingObservers(conversation);
  const takingOver =
    conversation.phase.kind === "active" && conversation.phase.stage === "handing_over"
      ? conversation.phase.to
      : undefined;
  return {
    state: "counsellor_present",
    ...(conversation.handedOver === true ? { handedOver: true as const } : {}),
    ...(observers.length > 0 ? { observers } : {}),
    ...(takingOver === undefined ? {} : { takingOver }),
  };
}

/**
 * Rounds of conversations before the youth at this position is served, at the typical length;
 * null when nobody is on duty. Also used for the public status (position = waiting + 1).
 */
export function estimateWaitMinutes(
  settings: PermanenceSettings,
  state: PermanenceState,
  position: number,
): number | null {
  return waitMinutesFor(settings, capacityOnDuty(settings, state), position);
}

function capacityOnDuty(settings: PermanenceSettings, state: PermanenceState): number {
  return counsellorIds(state)
    .filter((id) => state.counsellors[id]?.availability === "on_duty")
    .reduce((total, id) => total + capacityOf(settings, id), 0);
}

function waitMinutesFor(
  settings: PermanenceSettings,
  capacity: number,
  position: number,
): number | null {
  if (capacity === 0) return null;
  return Math.ceil((Math.ceil(position / capacity) * settings.typicalConversationMs) / minuteMs);
}

/**
 * Every live conversation whose status changed gets it published. Linear in the conversations
 * per decision, with the positions and the capacity computed once: on a campaign night every
 * decision runs this over thousands of waiting youths, and one served youth moves all of them, so
 * a position lookup per youth, or a copy of the conversations per change, made it quadratic.
 */
export function publishStatuses(settings: PermanenceSettings, state: PermanenceState): Decision {
  // The first place wins, as indexOf does (a conversation is in the queue once).
  const positions = new Map<string, number>();
  state.queue.forEach((id, index) => {
    if (!positions.has(id)) positions.set(id, index + 1);
  });
  const capacity = capacityOnDuty(settings, state);
  const ahead = reservationsAhead(state);
  const queue: QueueView = {
    positionOf: (queued) => (positions.get(queued.id) ?? 0) + ahead(queued),
    waitMinutes: (position) => waitMinutesFor(settings, capacity, position),
  };
  const changed: Record<string, ConversationState> = {};
  const commands: PermanenceCommand[] = [];
  for (const conversation of liveConversations(state)) {
    const status = statusFrom(conversation, queue);
    if (sameStatus(status, conversation.published)) continue;
    changed[conversation.id] = { ...conversation, published: status };
    commands.push({ type: "publish_status", conversationId: conversation.id, status });
  }
  if (commands.length === 0) return { state, commands };
  return { state: { ...state, conversations: { ...state.conversations, ...changed } }, commands };
}

/**
 * Whether the youth already sees this status. A status is one flat object of plain values, so
 * comparing its own keys with Object.is is what node:util's isDeepStrictEqual did here, without
 * tying the engine to Node: a key present with `undefined` still differs from a key absent.
 */
function sameStatus(status: YouthStatus, published: YouthStatus | null): boolean {
  if (published === null) return false;
  const keys = Object.keys(status);
  if (keys.length !== Object.keys(published).length) return false;
  return keys.every(
    (key) =>
      Object.hasOwn(published, key) &&
      sameValue(
        (status as Record<string, unknown>)[key],
        (published as Record<string, unknown>)[key],
      ),
  );
}

/** Plain values by Object.is; a list of them (the observers) entry by entry. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((entry, index) => Object.is(entry, b[index]));
  }
  return Object.is(a, b);
}
