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

/** How someone in the room was accounted for. */
type Role = "counsellor" | "observer" | "colleague";

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
 * - The colleague the bot names as invited to take over (`takingOver`) is her counsellor's
 *   handover: the page tells it its own way once she has taken over (`handedOver`).
 * - Anyone else (an invite the bot has not judged yet, or one it is about to revoke) is announced
 *   too, in words that are true whoever it is: someone else of the team was invited.
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
      if (role !== "counsellor") {
        this.#say(role === "observer" ? "observer_left" : "colleague_left", now);
      }
    }
    // Observers first: on a page opened again, they must not be taken for her counsellor.
    const ordered = [
      ...present.filter((id) => listed.includes(id)),
      ...present.filter((id) => !listed.includes(id)),
    ];
    for (const userId of ordered) {
      const role = this.#known.get(userId);
      if (listed.includes(userId)) {
        if (role === "observer") continue;
        this.#known.set(userId, "observer");
        this.#say("observer_joined", now);
        continue;
      }
      if (role !== undefined) continue;
      const counsellorKnown = [...this.#known.values()].includes("counsellor");
      if (!counsellorKnown || userId === takingOver) {
        this.#known.set(userId, "counsellor");
        continue;
      }
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
