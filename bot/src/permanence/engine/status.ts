// What the youth sees: their place in the queue and a rough wait, that someone is joining, or that
// a counsellor is there. Published only when it changes, so room state is not spammed.

import type {
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  YouthStatus,
} from "../types.ts";
import { isCounsellorGone } from "./phase.ts";
import {
  capacityOf,
  counsellorIds,
  liveConversations,
  putConversation,
  readingObservers,
} from "./state.ts";

const minuteMs = 60_000;

export function youthStatus(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
): YouthStatus {
  switch (conversation.phase.kind) {
    case "offered":
      return { state: "counsellor_joining" };
    case "active":
      // Nobody is in the room until the colleague joins: the youth's messages wait for her.
      if (isCounsellorGone(conversation.phase)) return { state: "counsellor_joining" };
      return presentStatus(conversation);
    case "queued": {
      // Offered youths keep their place, so they count in the position of those behind them.
      const position = state.queue.indexOf(conversation.id) + 1;
      return {
        state: "waiting",
        position,
        estimatedWaitMinutes: estimateWaitMinutes(settings, state, position),
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
  const capacity = counsellorIds(state)
    .filter((id) => state.counsellors[id]?.availability === "on_duty")
    .reduce((total, id) => total + capacityOf(settings, id), 0);
  if (capacity === 0) return null;
  return Math.ceil((Math.ceil(position / capacity) * settings.typicalConversationMs) / minuteMs);
}

export function publishStatuses(settings: PermanenceSettings, state: PermanenceState): Decision {
  let next = state;
  const commands: PermanenceCommand[] = [];
  for (const conversation of liveConversations(state)) {
    const status = youthStatus(settings, state, conversation);
    if (sameStatus(status, conversation.published)) continue;
    next = putConversation(next, { ...conversation, published: status });
    commands.push({ type: "publish_status", conversationId: conversation.id, status });
  }
  return { state: next, commands };
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
