import { errorFields, type Logger } from "../logging/logger.ts";
import type { CreateRoomRequest, Homeserver } from "../matrix/homeserver.ts";
import { conversationPowerLevels } from "./room-spec.ts";

// Conversation rooms made ahead of need (issue 19): creating an encrypted room is most of what a
// youth waits for when she asks for her conversation (~170 ms of Synapse's ~350 ms). A pool of
// ready rooms turns that wait into inviting her. The room's name and her power level by name are
// written after her invite, and not waited for: Synapse writes a room's events one at a time, so
// waiting for them cost her ~200 ms before she could type, and seconds on a campaign night. Only
// counsellors need them (their room list, and the console knows the youth by her level), so the
// bot's invite of a counsellor waits for them instead (readyForCounsellor). Asked for before she
// is answered, they are Synapse's to finish even if the bot is killed meanwhile.
//
// What keeps it as safe as creating the room on demand (open-conversation.ts):
// - A pool room is the room buildConversationRoom makes, minus the youth and the name
//   (room-spec.ts, buildPooledConversationRoom). Each carries the digest of the createRoom body it
//   was made with, and is used only while that equals the room the bot would make now: a changed
//   team retires it.
// - The pool never fails a youth: an empty pool, or a room that cannot be named or invited to,
//   means the room is made on demand, as before.
// - Nothing here is journalled. The rooms carry a state marker, and a restarted bot finds them
//   again among the rooms it is in (room-pool-recovery.ts): unused ones are used again (up to the
//   pool's size) or deleted; one a youth was invited to (or that was named) but that never
//   reached the journal is deleted, as open-conversation.ts deletes a room whose arrival could not
//   be stored; never reused, even once she left it. One of a helpline the bot no longer runs is
//   deleted only if unused: a taken one may be a live conversation (its helpline moved to
//   another bot, or left out of the config by mistake).
// - No room is made while the helpline does not admit anyone, nor before the recovery said which
//   pool rooms exist already; creations wait their turn in one lane shared by every helpline.

/** A pool room, with the digest of the createRoom body it was made with. */
export interface PooledRoom {
  roomId: string;
  fingerprint: string;
}

/**
 * Lets at most `limit` background creations run at once, across every helpline's pool: refilling
 * must never compete with youths' requests for Synapse's time.
 */
export class CreationLane {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.#limit) this.#running += 1;
    // Woken by a task that ends: its place in the lane is handed over, not given back.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}

export interface RoomPoolDeps {
  homeserver: Pick<Homeserver, "createRoom" | "deleteRoom" | "invite" | "setRoomState" | "stateOf">;
  helplineId: string;
  /** How many rooms to keep ready; 0 switches the pool off. */
  size: number;
  /** The pool room as the bot would make it now, and its digest. */
  spec(): { request: CreateRoomRequest; fingerprint: string };
  /** Whether the helpline admits youths now: no room is made while it does not. */
  admitting(): boolean;
  lane: CreationLane;
  now(): number;
  logger: Pick<Logger, "info" | "warn">;
}

/** What a taken room still lacks for the counsellors, written after the youth's invite. */
interface Finishing {
  room: PooledRoom;
  youth: { youthId: string; name: string };
  named: boolean;
  levelled: boolean;
  done: Promise<void> | undefined;
}

/** After a failed creation, the pool waits this long before trying again. */
export const poolRetryMs = 30_000;

/** One helpline's pool of ready conversation rooms. */
export class RoomPool {
  readonly #deps: RoomPoolDeps;
  readonly #ready: PooledRoom[] = [];
  #creating = 0;
  /** False until the recovery handed over the rooms a previous run left (see adopt). */
  #recovered = false;
  #closed = false;
  #pausedUntil = 0;
  readonly #inFlight = new Set<Promise<void>>();
  /** A pool room's power levels, by the digest of its createRoom body (#namesYouth). */
  readonly #powerLevels = new Map<string, Record<string, unknown>>();
  /** The name and the youth's level in a room taken in this run, until both are written (take). */
  readonly #finishing = new Map<string, Finishing>();

  constructor(deps: RoomPoolDeps) {
    this.#deps = deps;
  }

  /** The digest a pool room must carry to be used now. */
  fingerprint(): string {
    return this.#deps.spec().fingerprint;
  }

  /** Rooms ready to be taken (for tests and metrics). */
  ready(): readonly string[] {
    return this.#ready.map((room) => room.roomId);
  }

  /**
   * Hands over the unused pool rooms a previous run left (room-pool-recovery.ts), the pool's own
   * only: kept up to its size, the others deleted. Until this is called, the pool makes nothing,
   * so that a restart does not make rooms beside those it would find.
   */
  adopt(rooms: readonly PooledRoom[]): void {
    const current = this.fingerprint();
    for (const room of rooms) {
      if (room.fingerprint === current && this.#ready.length < this.#deps.size) {
        this.#ready.push(room);
      } else {
        this.#retire(room.roomId, room.fingerprint === current ? "surplus" : "outdated");
      }
    }
    this.#recovered = true;
    const first = this.#ready[0];
    if (first !== undefined) this.#track(this.#learnPowerLevels(first));
    this.refill();
  }

  /**
   * A ready room with `youthId` invited, or undefined: the pool is empty, or inviting failed
   * (that room is then deleted). The caller then makes the room itself. Its name and her level
   * are written after her invite, not waited for (readyForCounsellor). Starts a refill in the
   * background either way, once her room is ready.
   */
  async take(youth: { youthId: string; name: string }): Promise<string | undefined> {
    const current = this.fingerprint();
    let room = this.#ready.shift();
    // Made for another team, or by other code: never used, whatever it costs the youth.
    while (room !== undefined && room.fingerprint !== current) {
      this.#retire(room.roomId, "outdated");
      room = this.#ready.shift();
    }
    if (room === undefined) {
      this.refill();
      return undefined;
    }
    const { roomId } = room;
    const inviting = this.#deps.homeserver.invite(roomId, youth.youthId);
    // After her invite, not beside it: Synapse writes one room's events one at a time, so each
    // write beside hers lengthened her wait (on a campaign night, by seconds), and events made
    // side by side fork the room for Synapse to resolve. She needs neither: both are for the
    // counsellors, whose invite waits for them. Asked for before she is answered, they are
    // Synapse's to finish even if the bot is killed meanwhile.
    const finishing: Finishing = { room, youth, named: false, levelled: false, done: undefined };
    finishing.done = inviting.then(() => this.#finish(finishing));
    finishing.done.catch(() => undefined); // tried again by readyForCounsellor
    this.#finishing.set(roomId, finishing);
    try {
      await inviting;
    } catch (failure) {
      this.#finishing.delete(roomId);
      this.#deps.logger.warn("room_pool.take_failed", {
        helpline: this.#deps.helplineId,
        roomId,
        ...errorFields(failure),
      });
      // She may have been invited: the room is nobody's now, and must not stay.
      this.#retire(roomId, "take_failed");
      this.refill();
      return undefined;
    }
    // Only now: the next room's making must not compete with hers for Synapse's time.
    this.refill();
    // Forgotten once written: what stays is only what a counsellor's invite must wait for.
    finishing.done.then(
      () => this.#finishing.delete(roomId),
      () => undefined,
    );
    return roomId;
  }

  /**
   * Resolves once the name and the youth's level by name are written in a room taken from this
   * pool in this run (at once for any other room): the bot's invite of a counsellor waits for it.
   * A write that failed is tried once more; if it fails again, it is logged and the invite goes
   * ahead, since a youth must never be kept from her counsellor by it (the room then has no name
   * in the counsellors' lists, or her consented safety form is what the console cannot tell is
   * hers).
   */
  async readyForCounsellor(roomId: string): Promise<void> {
    const finishing = this.#finishing.get(roomId);
    if (finishing === undefined) return;
    await finishing.done?.catch(async () => {
      await this.#finish(finishing).catch(() => undefined);
      for (const [written, event] of [
        [finishing.named, "room_pool.name_failed"],
        [finishing.levelled, "room_pool.youth_level_failed"],
      ] as const) {
        if (!written) this.#deps.logger.warn(event, { helpline: this.#deps.helplineId, roomId });
      }
    });
    this.#finishing.delete(roomId);
  }

  /** Writes what a taken room still lacks for the counsellors, the name first, one at a time. */
  async #finish(finishing: Finishing): Promise<void> {
    const { room, youth } = finishing;
    let failure: unknown;
    if (!finishing.named) {
      try {
        await this.#deps.homeserver.setRoomState(room.roomId, "m.room.name", "", {
          name: youth.name,
        });
        finishing.named = true;
      } catch (error) {
        failure = error;
      }
    }
    if (!finishing.levelled) {
      try {
        await this.#namesYouth(room, youth.youthId);
        finishing.levelled = true;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Gives the youth her power level by name, as a room made for her has it: the counsellors'
   * console knows the youth of a conversation as the member the bot named there with the youth's
   * level (web-client/src/console/matrix/safetyForms.ts), which only the bot can set.
   */
  async #namesYouth(room: PooledRoom, youthId: string): Promise<void> {
    // Rooms made from one createRoom body have the same power levels (Synapse's defaults under
    // the bot's override): read once per body, so a youth's take is one write, not a read first.
    const content = this.#powerLevels.get(room.fingerprint) ?? (await this.#powerLevelsOf(room));
    const users = (content.users ?? {}) as Record<string, unknown>;
    await this.#deps.homeserver.setRoomState(room.roomId, "m.room.power_levels", "", {
      ...content,
      users: { ...users, [youthId]: conversationPowerLevels.youth },
    });
  }

  /**
   * Reads a ready room's power levels unless those of its digest are known: done while nobody
   * waits (a room made or adopted), so that a take sends the youth's level with her invite. A
   * failure is not worth losing the room for: a take then reads them first.
   */
  async #learnPowerLevels(room: PooledRoom): Promise<void> {
    if (this.#powerLevels.has(room.fingerprint)) return;
    await this.#powerLevelsOf(room).catch(() => undefined);
  }

  /** A pool room's power levels as Synapse made them, kept for every room of its digest. */
  async #powerLevelsOf(room: PooledRoom): Promise<Record<string, unknown>> {
    const content = (await this.#deps.homeserver.stateOf(room.roomId)).find(
      (event) => event.type === "m.room.power_levels" && event.state_key === "",
    )?.content;
    if (content === undefined) throw new Error("pool room without power levels");
    this.#powerLevels.set(room.fingerprint, content);
    return content;
  }

  /**
   * Makes rooms until the pool is full, one lane place at a time, in the background. Does nothing
   * while the helpline does not admit anyone, before the recovery, once closed, and for a while
   * after a failure. Called after each take and on every tick.
   */
  refill(): void {
    if (!this.#recovered || this.#closed || this.#deps.size === 0) return;
    if (this.#deps.now() < this.#pausedUntil || !this.#deps.admitting()) return;
    while (this.#ready.length + this.#creating < this.#deps.size) {
      this.#creating += 1;
      this.#track(this.#createOne());
    }
  }

  /** Stops refilling and waits for what is under way. Ready rooms stay for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.settled();
  }

  /** Waits until no creation or deletion is under way. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #createOne(): Promise<void> {
    await this.#deps.lane.run(async () => {
      try {
        // Asked again when its turn comes: the helpline may have closed meanwhile, or a creation
        // before it failed (one warning for the pool, not one per queued creation).
        if (this.#closed || !this.#deps.admitting() || this.#deps.now() < this.#pausedUntil) {
          return;
        }
        const spec = this.#deps.spec();
        const roomId = await this.#deps.homeserver.createRoom(spec.request);
        const room = { roomId, fingerprint: spec.fingerprint };
        await this.#learnPowerLevels(room);
        this.#ready.push(room);
      } catch (error) {
        // Paused here, inside the lane: the next creation starts as soon as this one leaves it.
        this.#pausedUntil = this.#deps.now() + poolRetryMs;
        this.#deps.logger.warn("room_pool.create_failed", {
          helpline: this.#deps.helplineId,
          retryInSeconds: poolRetryMs / 1000,
          ...errorFields(error),
        });
      } finally {
        this.#creating -= 1;
      }
    });
  }

  /** Deletes a pool room in the background; if that fails, the next start's recovery does. */
  #retire(roomId: string, why: "outdated" | "surplus" | "take_failed"): void {
    this.#deps.logger.info("room_pool.room_retired", { helpline: this.#deps.helplineId, why });
    this.#track(
      this.#deps.homeserver.deleteRoom(roomId).catch((error: unknown) => {
        this.#deps.logger.warn("room_pool.delete_failed", {
          helpline: this.#deps.helplineId,
          roomId,
          ...errorFields(error),
        });
      }),
    );
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }
}
