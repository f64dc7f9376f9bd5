import { errorFields, type Logger } from "../logging/logger.ts";
import type { Homeserver, StateEvent } from "../matrix/homeserver.ts";
import { poolMarkerType } from "./room-spec.ts";
import type { PooledRoom, RoomPool } from "./room-pool.ts";

// At start, before any pool makes a room: the pool rooms a previous run left behind are found by
// their marker among the rooms the bot is in, whether that run had learnt their ids or was killed
// inside createRoom. Nothing is journalled for them, so nothing can disagree with the journal:
// a marked room of a helpline this bot runs is a conversation if and only if that helpline's
// journal says so. Of a helpline it does not run, no journal here can tell: only what cannot be a
// conversation (never named, no one but the bot ever in it) is deleted.

export interface PoolRecoveryDeps {
  homeserver: Pick<Homeserver, "joinedRooms" | "stateOf" | "deleteRoom">;
  botUserId: string;
  /**
   * Whether a helpline uses this room (its staff room, a conversation, an erasure to come, a side
   * channel): never read, never touched. A taken pool room is a conversation once journalled.
   */
  inUse(roomId: string): boolean;
  /** Every helpline's pool, by helpline id. */
  pools: ReadonlyMap<string, RoomPool>;
  logger: Pick<Logger, "info" | "warn">;
}

export type PoolRoomVerdict =
  | { kind: "not_pool" }
  | { kind: "unused"; helpline: string; room: PooledRoom }
  | { kind: "taken"; helpline: string };

/**
 * What a room the bot is in, and no helpline uses, is: not a pool room (no marker), an unused
 * pool room (no one but the bot ever in it, never named), or a taken one: named, or anyone else
 * ever had a membership in it. Pure, for the unit tests.
 */
export function judgePoolRoom(
  roomId: string,
  state: readonly StateEvent[],
  botUserId: string,
): PoolRoomVerdict {
  const marker = state.find((event) => event.type === poolMarkerType && event.state_key === "");
  const { helpline, fingerprint } = marker?.content ?? {};
  // Only the bot may set state in its rooms (state_default 100): a marker from anyone else is
  // not the bot's word.
  if (
    marker === undefined ||
    marker.sender !== botUserId ||
    typeof helpline !== "string" ||
    typeof fingerprint !== "string"
  ) {
    return { kind: "not_pool" };
  }
  // Whatever the membership: a youth invited and then gone (rejected, left, kicked, banned) stays
  // in the room's member history, which whoever is in the room next would see. A bot killed
  // between the invite and the name (made side by side) leaves such a room unnamed.
  const someoneElse = state.some(
    (event) => event.type === "m.room.member" && event.state_key !== botUserId,
  );
  const named = state.some((event) => event.type === "m.room.name" && event.state_key === "");
  if (someoneElse || named) return { kind: "taken", helpline };
  return { kind: "unused", helpline, room: { roomId, fingerprint } };
}

/**
 * Hands each pool the unused rooms it made before (RoomPool.adopt keeps or deletes them), and
 * deletes the other pool rooms that no helpline uses: a taken one of a running helpline (its
 * journal does not hold it: the bot stopped while the youth was being given it, and she asks
 * again and gets another), and an unused one of a helpline no longer served. A taken room of a
 * helpline this bot does not run is kept and logged: no journal here can say whether it is a
 * live conversation (that helpline moved to another bot, or a mistake in the config). Resolves
 * with what it did; throws only if the bot's rooms cannot be listed (the pools then stay empty
 * and the caller may try again).
 */
export async function recoverPoolRooms(
  deps: PoolRecoveryDeps,
): Promise<{ adopted: number; deleted: number; kept: number }> {
  const found = new Map<string, PooledRoom[]>();
  const keptByHelpline = new Map<string, string[]>();
  let deleted = 0;
  for (const roomId of await deps.homeserver.joinedRooms()) {
    if (deps.inUse(roomId)) continue;
    let verdict: PoolRoomVerdict;
    try {
      verdict = judgePoolRoom(roomId, await deps.homeserver.stateOf(roomId), deps.botUserId);
    } catch (error) {
      // One unreadable room must not keep every pool empty: it is judged at the next start.
      deps.logger.warn("room_pool.recovery_unreadable_room", { roomId, ...errorFields(error) });
      continue;
    }
    if (verdict.kind === "not_pool") continue;
    if (verdict.kind === "unused" && deps.pools.has(verdict.helpline)) {
      found.set(verdict.helpline, [...(found.get(verdict.helpline) ?? []), verdict.room]);
      continue;
    }
    if (verdict.kind === "taken" && !deps.pools.has(verdict.helpline)) {
      keptByHelpline.set(verdict.helpline, [
        ...(keptByHelpline.get(verdict.helpline) ?? []),
        roomId,
      ]);
      continue;
    }
    await deps.homeserver.deleteRoom(roomId).then(
      () => (deleted += 1),
      (error: unknown) =>
        deps.logger.warn("room_pool.delete_failed", { roomId, ...errorFields(error) }),
    );
  }
  let kept = 0;
  for (const [helpline, roomIds] of keptByHelpline) {
    kept += roomIds.length;
    // Room ids only: who is in them stays out of the logs.
    deps.logger.warn("room_pool.unknown_helpline_rooms_kept", {
      helpline,
      rooms: roomIds.length,
      roomIds: roomIds.join(","),
    });
  }
  let adopted = 0;
  for (const [helpline, pool] of deps.pools) {
    pool.adopt(found.get(helpline) ?? []);
    adopted += pool.ready().length;
  }
  deps.logger.info("room_pool.recovered", { adopted, deleted, kept });
  return { adopted, deleted, kept };
}
