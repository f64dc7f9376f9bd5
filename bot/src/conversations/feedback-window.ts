import { createHmac, randomBytes } from "node:crypto";

/**
 * After its end, a conversation's youth may answer the end screen's feedback, once, for a while:
 * until the conversation's erasure plus a margin, since her end screen stays open after her
 * account is erased (at once when the grace is 0) and she may answer a few minutes later.
 */
export const feedbackMarginMs = 30 * 60_000;

export type FeedbackVerdict = "accepted" | "unknown_conversation" | "already_given";

/**
 * Which ended conversations may still give feedback, and which gave it already. It points to no
 * youth: conversations are known by an HMAC under a key drawn at start and never written
 * anywhere (so not even the installation's secret links a tag to a room), in memory only, and
 * each tag is dropped when its window closes. A restart forgets them all: a conversation that
 * ended before it can no longer answer, which costs a count, never a youth's privacy.
 */
export class FeedbackWindows {
  readonly #key = randomBytes(32);
  /** Tag → end of its window and whether it was answered. */
  readonly #windows = new Map<string, { until: number; answered: boolean }>();

  /** The conversation ended at `at`: feedback is accepted until `until`. */
  ended(conversationId: string, until: number, at: number): void {
    this.#prune(at);
    if (until <= at) return;
    this.#windows.set(this.#tag(conversationId), { until, answered: false });
  }

  /** Accepts the conversation's feedback if its window is open and it gave none yet. */
  answer(conversationId: string, now: number): FeedbackVerdict {
    this.#prune(now);
    const window = this.#windows.get(this.#tag(conversationId));
    if (window === undefined) return "unknown_conversation";
    if (window.answered) return "already_given";
    window.answered = true;
    return "accepted";
  }

  /** How many windows are open: for tests, to show that closed ones are dropped. */
  get size(): number {
    return this.#windows.size;
  }

  #prune(now: number): void {
    for (const [tag, window] of this.#windows) {
      if (window.until <= now) this.#windows.delete(tag);
    }
  }

  #tag(conversationId: string): string {
    return createHmac("sha256", this.#key).update(conversationId).digest("base64url");
  }
}
