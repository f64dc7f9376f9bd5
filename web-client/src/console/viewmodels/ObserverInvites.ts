import type { ConsoleMatrix, Desk } from "../types.ts";
import type { Lifetime } from "./Lifetime.ts";
import type { NoticeBoard } from "./NoticeBoard.ts";

/**
 * A colleague reading a conversation beside its counsellor (the bot's engine/observers.ts), on
 * each answer of the bot's desk:
 * - as the counsellor in charge: a colleague is to read one of her conversations (a supervisor who
 *   asked, a colleague she asked for). The invite must come from this device, exactly as for a
 *   handover, so that it carries the room's key history (MSC4268): the bot has no keys.
 * - as the one asked for: she is invited to read; she asked for it (or her counsellor did for
 *   her training), so this console joins, which accepts the history that came with the invite.
 * Each is tried once per room and person, and again at the next poll if it failed.
 */
export class ObserverInvites {
  readonly #deps: {
    readonly matrix: ConsoleMatrix;
    readonly notices: NoticeBoard;
  };
  readonly #lifetime: Lifetime;
  /** roomId|observerId invited from this device. */
  readonly #invited = new Set<string>();
  /** Rooms joined to read. */
  readonly #joined = new Set<string>();

  constructor(
    deps: { readonly matrix: ConsoleMatrix; readonly notices: NoticeBoard },
    lifetime: Lifetime,
  ) {
    this.#deps = deps;
    this.#lifetime = lifetime;
  }

  deskChanged(desk: Desk): void {
    const { matrix, notices } = this.#deps;
    // An invite from here carries the conversation's whole history: only into her own active
    // conversations, and only for a colleague of her team. Anything else the desk lists (a bot
    // answer gone wrong, or tampered with) is ignored.
    const mine = new Set(
      desk.conversations.filter((c) => c.state === "active").map((c) => c.roomId),
    );
    const team = new Set(desk.colleagues.map((c) => c.userId));
    const pending = (desk.pendingObservers ?? []).filter(
      ({ roomId, observerId }) => mine.has(roomId) && team.has(observerId),
    );
    // Forgotten once the bot no longer asks: a later request (she left, and asks again) is new.
    const asked = new Set(pending.map(({ roomId, observerId }) => `${roomId}|${observerId}`));
    for (const key of this.#invited) if (!asked.has(key)) this.#invited.delete(key);
    const toRead = new Set(
      desk.conversations.filter((c) => c.state === "observing").map((c) => c.roomId),
    );
    for (const roomId of this.#joined) if (!toRead.has(roomId)) this.#joined.delete(roomId);
    for (const { roomId, observerId } of pending) {
      const key = `${roomId}|${observerId}`;
      if (this.#invited.has(key)) continue;
      this.#invited.add(key);
      this.#lifetime.settle(
        matrix.invite(roomId, observerId),
        () => notices.tell({ kind: "observerInvited", to: observerId }),
        () => this.#invited.delete(key),
      );
    }
    for (const c of desk.conversations) {
      if (c.state !== "observing" || c.observing !== "invited" || this.#joined.has(c.roomId)) {
        continue;
      }
      const { roomId } = c;
      this.#joined.add(roomId);
      this.#lifetime.settle(
        matrix.join(roomId),
        () => undefined,
        () => this.#joined.delete(roomId),
      );
    }
  }
}
