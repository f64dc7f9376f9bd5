// Nothing about a youth is kept once their conversation is over. When a conversation closes, the
// state keeps only what erasing it needs (the youth's account id, under the room's id) and when;
// once the grace period has passed, a command erases the account and purges the room. Because
// this is state, it is in the journal: an erasure interrupted by a restart is not forgotten.
// A conversation's side channel (side-channel.ts) goes with it: its members are removed when the
// conversation closes, and its room is purged with the conversation's.

import type {
  Decision,
  Erasure,
  PermanenceCommand,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
} from "../types.ts";
import { unchanged } from "./decision.ts";

/** Remembers, for every conversation this decision closed, to erase it after the grace period. */
export function scheduleErasures(
  settings: PermanenceSettings,
  before: PermanenceState,
  event: PermanenceEvent,
  decision: Decision,
  now: number,
): Decision {
  const closed = decision.commands.flatMap((command) =>
    command.type === "close_conversation" ? [command.conversationId] : [],
  );
  if (closed.length === 0) return decision;
  const erasures = { ...decision.state.erasures };
  const commands: PermanenceCommand[] = [...decision.commands];
  for (const conversationId of closed) {
    // A youth turned away on arrival was never in the state: the event names them.
    const youthId =
      before.conversations[conversationId]?.youthId ??
      (event.type === "youth_arrived" ? event.youthId : undefined);
    if (youthId === undefined) continue;
    const erasure: Erasure = { youthId, eraseAt: now + settings.erasureGraceMs };
    const side = before.conversations[conversationId]?.sideChannel;
    if (side !== undefined) {
      erasure.sideRoomId = side.roomId;
      commands.push({ type: "close_side_channel", conversationId, roomId: side.roomId });
    }
    erasures[conversationId] = erasure;
  }
  return { state: { ...decision.state, erasures }, commands };
}

/** Erases the conversations whose grace period is over, and forgets them. */
export function eraseDue(state: PermanenceState, now: number): Decision {
  const entries = Object.entries(state.erasures ?? {});
  const due = entries.filter(([, erasure]) => erasure.eraseAt <= now);
  if (due.length === 0) return unchanged(state);
  const erasures = Object.fromEntries(entries.filter(([, erasure]) => erasure.eraseAt > now));
  return {
    state: { ...state, erasures },
    commands: due.map(([conversationId, erasure]) => ({
      type: "erase_conversation",
      conversationId,
      youthId: erasure.youthId,
      ...(erasure.sideRoomId === undefined ? {} : { sideRoomId: erasure.sideRoomId }),
    })),
  };
}
