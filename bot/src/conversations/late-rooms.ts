import { createHash } from "node:crypto";
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
  /** What proved her request (requestProof), if given: her page asks again with the same. */
  readonly proof: string | undefined;
  timer: { cancel(): void } | null;
}

/**
 * A digest of the two tokens of her conversation request, never the tokens: her OpenID token,
 * which Synapse confirmed was hers, and her registration token, which Synapse confirmed she used.
 * Her page asks again with the very same body (web-client botApi.ts), so a request carrying them
 * again is hers, and neither needs asking Synapse about again (provedBy).
 */
export function requestProof(openIdAccessToken: string, registrationToken: string): string {
  return createHash("sha256")
    .update(openIdAccessToken)
    .update("\n")
    .update(registrationToken)
    .digest("base64url");
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
  /** Her account, by the proof of the request her room was kept for. */
  readonly #youthByProof = new Map<string, string>();
  readonly #deletions = new Set<Promise<void>>();

  constructor(deps: LateRoomsDeps) {
    this.#deps = deps;
  }

  /**
   * Keeps her room in the making for her next request; `proof` (requestProof) is that of the
   * request Synapse's checks just passed.
   */
  keep(youthId: string, late: LateRoom, proof?: string): void {
    this.#forget(youthId);
    const kept: Kept = { late, proof, timer: null };
    this.#byYouth.set(youthId, kept);
    if (proof !== undefined) this.#youthByProof.set(proof, youthId);
    late.room.then(
      (roomId) => {
        if (this.#byYouth.get(youthId) !== kept) return; // claimed meanwhile
        kept.timer = this.#timer(() => {
          if (this.#byYouth.get(youthId) !== kept) return;
          this.#forget(youthId);
          this.#delete(roomId);
        }, this.#deps.claimWindowMs ?? defaultClaimWindowMs);
      },
      () => {
        // Not made: there is nothing to give her or to delete.
        if (this.#byYouth.get(youthId) === kept) this.#forget(youthId);
      },
    );
  }

  /**
   * The youth a room is kept for, if this request proof is the one it was kept with: her page
   * asking again. On a campaign night she asks every second for minutes while Synapse makes her
   * room, and checking her two tokens again each time cost Synapse two requests per retry (4,912
   * retries in one night); the answer cannot have changed, since a kept room lives far shorter
   * than her OpenID token (an hour) and a used registration token stays used.
   */
  provedBy(proof: string): string | undefined {
    return this.#youthByProof.get(proof);
  }

  /** Her room kept from an earlier request, now hers to use; undefined if there is none. */
  claim(youthId: string): LateRoom | undefined {
    const kept = this.#byYouth.get(youthId);
    if (kept === undefined) return undefined;
    kept.timer?.cancel();
    this.#forget(youthId);
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

  #forget(youthId: string): void {
    const kept = this.#byYouth.get(youthId);
    if (kept === undefined) return;
    this.#byYouth.delete(youthId);
    if (kept.proof !== undefined && this.#youthByProof.get(kept.proof) === youthId) {
      this.#youthByProof.delete(kept.proof);
    }
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
