import { errorFields, type Logger } from "../logging/logger.ts";
import type { Homeserver } from "../matrix/homeserver.ts";

/**
 * A youth's room whose making outlived her answer: its reference (the room is named with it) and
 * the room itself, once Synapse has made it.
 */
export interface LateRoom {
  readonly reference: number;
  readonly room: Promise<string>;
}

export interface LateRoomsDeps {
  homeserver: Pick<Homeserver, "deleteRoom">;
  helplineId: string;
  logger: Logger;
  /** How long a room made after her answer left waits for her to ask again (a minute if absent). */
  claimWindowMs?: number;
  /** A timer that does not keep the process alive; setTimeout's by default. */
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
}

/** Her page asks again within seconds (web-client botApi.ts); a minute covers a slow phone too. */
const defaultClaimWindowMs = 60_000;

interface Kept {
  readonly late: LateRoom;
  timer: { cancel(): void } | null;
}

/**
 * The rooms made for youths who were answered "try again" before Synapse had made them.
 *
 * On a busy night Synapse may take longer to make a room than the bot lets a youth wait for her
 * answer. It finishes the room all the same, with her invite in it. Her page asks again at once
 * (web-client botApi.ts retries a 503): she then gets that same room, not a second one, so that a
 * saturated Synapse is not asked for one more room per retry. A room she does not come back for
 * (she closed the page) is deleted while the bot runs, once made and after a short wait; a room
 * still in the making when the bot stops carries its marker and is deleted at the next start
 * (room-pool-recovery.ts).
 *
 * Keyed by her account, proved by her OpenID token: nobody else can be given her room. One per
 * helpline, since the room is made for its team.
 */
export class LateRooms {
  readonly #deps: LateRoomsDeps;
  readonly #byYouth = new Map<string, Kept>();
  readonly #deletions = new Set<Promise<void>>();

  constructor(deps: LateRoomsDeps) {
    this.#deps = deps;
  }

  /** Keeps her room in the making for her next request. */
  keep(youthId: string, late: LateRoom): void {
    const kept: Kept = { late, timer: null };
    this.#byYouth.set(youthId, kept);
    late.room.then(
      (roomId) => {
        if (this.#byYouth.get(youthId) !== kept) return; // claimed meanwhile
        kept.timer = this.#timer(() => {
          if (this.#byYouth.get(youthId) !== kept) return;
          this.#byYouth.delete(youthId);
          this.#delete(roomId);
        }, this.#deps.claimWindowMs ?? defaultClaimWindowMs);
      },
      () => {
        // Not made: there is nothing to give her or to delete.
        if (this.#byYouth.get(youthId) === kept) this.#byYouth.delete(youthId);
      },
    );
  }

  /** Her room kept from an earlier request, now hers to use; undefined if there is none. */
  claim(youthId: string): LateRoom | undefined {
    const kept = this.#byYouth.get(youthId);
    if (kept === undefined) return undefined;
    kept.timer?.cancel();
    this.#byYouth.delete(youthId);
    return kept.late;
  }

  /** Whether a kept room is named with this reference: a new conversation must not take it. */
  holds(reference: number): boolean {
    for (const kept of this.#byYouth.values()) {
      if (kept.late.reference === reference) return true;
    }
    return false;
  }

  /** How many rooms are kept, made or not. */
  get size(): number {
    return this.#byYouth.size;
  }

  /** Resolves once the deletions begun so far are over (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#deletions]);
  }

  #delete(roomId: string): void {
    const { homeserver, helplineId, logger } = this.#deps;
    const deletion = homeserver.deleteRoom(roomId).then(
      () => logger.info("conversation.late_room_deleted", { helpline: helplineId, roomId }),
      (error: unknown) =>
        // It carries the helpline's marker: the next start deletes it (room-pool-recovery.ts).
        logger.warn("conversation.late_room_not_deleted", {
          helpline: helplineId,
          roomId,
          ...errorFields(error),
        }),
    );
    this.#deletions.add(deletion);
    void deletion.finally(() => this.#deletions.delete(deletion));
  }

  #timer(run: () => void, ms: number): { cancel(): void } {
    if (this.#deps.setTimer !== undefined) return this.#deps.setTimer(run, ms);
    const handle = setTimeout(run, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  }
}
