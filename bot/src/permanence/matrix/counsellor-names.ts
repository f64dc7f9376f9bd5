import type { Logger } from "../../logging/logger.ts";
import { errorFields } from "../../logging/logger.ts";
import type { Homeserver } from "../../matrix/homeserver.ts";
import type { RoomEvent } from "./intake.ts";

/** Longer names are cut: a name is for reading in a one-line notice, not for writing in. */
const maxNameLength = 64;

/**
 * How the bot names counsellors in the staff room: by the display name everyone else sees in
 * Element ("Camille"), and by the account's local part ("camille") only when she has none. Read
 * from the profiles at start, then kept up to date from the staff room's member events (Synapse
 * updates those when she changes her name).
 */
export class CounsellorNames {
  readonly #counsellors: ReadonlySet<string>;
  readonly #names = new Map<string, string>();

  constructor(counsellors: readonly string[]) {
    this.#counsellors = new Set(counsellors);
  }

  /** Her display name, or the local part of her id if she has none. */
  nameOf(userId: string): string {
    return this.#names.get(userId) ?? /^@([^:]+):/.exec(userId)?.[1] ?? userId;
  }

  /** Reads every counsellor's profile; one that cannot be read keeps the fallback. */
  async load(homeserver: Homeserver, logger: Logger): Promise<void> {
    for (const userId of this.#counsellors) {
      try {
        this.#set(userId, await homeserver.displayName(userId));
      } catch (error) {
        logger.warn("counsellor_names.lookup_failed", errorFields(error));
      }
    }
  }

  /** A staff room event: a counsellor's member event carries her current display name. */
  learn(event: RoomEvent): void {
    if (event.type !== "m.room.member" || event.state_key === undefined) return;
    if (!this.#counsellors.has(event.state_key)) return;
    if (event.content?.["membership"] !== "join") return;
    const name = event.content["displayname"];
    this.#set(event.state_key, typeof name === "string" ? name : null);
  }

  #set(userId: string, name: string | null): void {
    const clean = name?.replace(/\s+/g, " ").trim().slice(0, maxNameLength) ?? "";
    if (clean === "") this.#names.delete(userId);
    else this.#names.set(userId, clean);
  }
}
