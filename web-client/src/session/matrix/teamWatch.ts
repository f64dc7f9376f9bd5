import type { TeamNoticeKind, YouthStatus } from "../types.ts";

/** A room member as the client sees it ("join", "invite", "leave", …). */
export interface WatchedMember {
  readonly userId: string;
  readonly membership: string | undefined;
}

export interface TeamNotice {
  readonly id: string;
  readonly kind: TeamNoticeKind;
  readonly timestamp: number;
}

/**
 * How someone in the room was accounted for. "unnamed": someone new the bot has not named yet
 * (its status follows the invite it reacts to); nothing is sent while anyone is unnamed.
 */
type Role = "counsellor" | "observer" | "colleague" | { unnamedSince: number };

/**
 * How long someone new may stay unnamed before she is announced in words true of anyone: the bot
 * names an observer (or revokes a stray invite) within a sync or two.
 */
export const NAMING_GRACE_MS = 3_000;

/**
 * Who, besides the youth and the bot, can receive the room key of a message she sends now: every
 * member who joined or is invited (matrix-js-sdk shares keys with invited members too). The
 * youth is told, in plain words, of anyone other than her counsellor, before any message of hers
 * is encrypted for that person: MatrixChatSession brings this up to date right before handing each
 * message to the SDK, and sends only once nothing new was said.
 *
 * - The first one in the room is her counsellor: the page already shows that she is there.
 * - One the bot lists as an observer (a supervisor, a counsellor in training: engine/observers.ts)
 *   is announced as a second professional reading the conversation, and so is her leaving.
 * - The colleague the bot names as invited to take over (`takingOver`) can read from her invite
 *   on: she is announced at once (`colleague_taking_over`), then counted as her counsellor.
 * - On a page opened again with several unlisted members, none is taken for her counsellor:
 *   all are held as unnamed, then announced.
 * - Anyone else (an invite the bot has not judged yet, or one it is about to revoke) holds her
 *   messages back (`waitingForNames`) for up to NAMING_GRACE_MS, the bot's status naming an
 *   observer coming after the invite it reacts to; then she is announced in words true whoever
 *   it is: someone else was invited. A stray invite the bot revoked meanwhile is never announced:
 *   nothing was encrypted for it.
 *
 * Pure: no SDK, no clock (the caller gives the instant).
 */
export class TeamWatch {
  readonly #youthId: string;
  readonly #botId: string | null;
  readonly #known = new Map<string, Role>();
  #notices: readonly TeamNotice[] = [];
  #said = 0;

  constructor(youthId: string, botId: string | null) {
    this.#youthId = youthId;
    this.#botId = botId;
  }

  get notices(): readonly TeamNotice[] {
    return this.#notices;
  }

  /**
   * Whether a message encrypted now may be encrypted for this member: her counsellor, or someone
   * she was told of. Someone new, unnamed or not yet looked at, is not (encryptionTargets.ts).
   */
  mayReceive(userId: string): boolean {
    const role = this.#known.get(userId);
    return role !== undefined && typeof role !== "object";
  }

  /** The members the page counts as her counsellor (the colleague taking over included). */
  get counsellors(): readonly string[] {
    return [...this.#known].flatMap(([userId, role]) => (role === "counsellor" ? [userId] : []));
  }

  /** Someone new is present whom the bot has not named yet: nothing may be sent now. */
  get waitingForNames(): boolean {
    return [...this.#known.values()].some((role) => typeof role === "object");
  }

  /**
   * Accounts for the room as it is now; true when something new was said (someone can now read,
   * or no longer can). Her counsellor coming or going says nothing: the page shows it already.
   */
  update(members: readonly WatchedMember[], status: YouthStatus | null, now: number): boolean {
    const present = members
      .filter(
        ({ userId, membership }) =>
          userId !== this.#youthId &&
          userId !== this.#botId &&
          (membership === "join" || membership === "invite"),
      )
      .map(({ userId }) => userId)
      .sort();
    const listed = status?.state === "counsellor_present" ? (status.observers ?? []) : [];
    const takingOver = status?.state === "counsellor_present" ? status.takingOver : undefined;
    const before = this.#said;
    for (const [userId, role] of [...this.#known]) {
      if (present.includes(userId)) continue;
      this.#known.delete(userId);
      if (role === "observer" || role === "colleague") {
        this.#say(role === "observer" ? "observer_left" : "colleague_left", now);
      }
    }
    // Observers first: on a page opened again, they must not be taken for her counsellor.
    const ordered = [
      ...present.filter((id) => listed.includes(id)),
      ...present.filter((id) => !listed.includes(id)),
    ];
    const unlisted = present.filter((id) => !listed.includes(id));
    for (const userId of ordered) {
      const role = this.#known.get(userId);
      if (listed.includes(userId)) {
        if (role === "observer") continue;
        this.#known.set(userId, "observer");
        this.#say("observer_joined", now);
        continue;
      }
      if (role === "counsellor" || role === "observer" || role === "colleague") continue;
      if (userId === takingOver) {
        // She can read from her invite on: told at once, unless she is already the only one.
        this.#known.set(userId, "counsellor");
        if (unlisted.some((id) => id !== userId)) this.#say("colleague_taking_over", now);
        continue;
      }
      const counsellorKnown = [...this.#known.values()].includes("counsellor");
      // A page opened again with several unlisted members cannot tell which is her counsellor:
      // none is taken for her (the first in alphabetical order might be a stray invite).
      const alone = unlisted.filter((id) => id !== takingOver).length === 1;
      if (!counsellorKnown && alone && role === undefined) {
        this.#known.set(userId, "counsellor");
        continue;
      }
      if (role === undefined) {
        this.#known.set(userId, { unnamedSince: now });
        continue;
      }
      if (now - role.unnamedSince < NAMING_GRACE_MS) continue;
      this.#known.set(userId, "colleague");
      this.#say("colleague_invited", now);
    }
    return this.#said !== before;
  }

  #say(kind: TeamNoticeKind, now: number): void {
    this.#said += 1;
    this.#notices = [...this.#notices, { id: `team:${this.#said}`, kind, timestamp: now }];
  }
}
