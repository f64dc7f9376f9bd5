// Clients a counsellor barred after an abusive conversation, by client key (see client-keys.ts),
// and which key opened which live conversation, so that a bar can find its client.
//
// In memory only, on purpose: writing them down would mean keeping, on disk, a value derived from
// a youth's address and linked to a conversation. The price is that a bot restart lifts every bar
// (and forgets which client opened which conversation); for a helpline that must never be able to
// say who wrote, that is the right side to err on. A bar lasts at most one secret rotation period.

export class Bars {
  /** Client key → end of the bar (ms). */
  private readonly barred = new Map<string, number>();
  /** Conversation id → the client key it was opened under. Forgotten when the conversation is. */
  private readonly openedBy = new Map<string, string>();
  /** Requests refused because their client was barred: a count, never whose. */
  private refusedRequests = 0;

  constructor(private readonly maxEntries = 100_000) {}

  rememberOpener(conversationId: string, clientKey: string): void {
    if (this.openedBy.size >= this.maxEntries) {
      // Oldest first: live conversations are few, so only stale entries can ever be dropped.
      const oldest = this.openedBy.keys().next().value;
      if (oldest !== undefined) this.openedBy.delete(oldest);
    }
    this.openedBy.set(conversationId, clientKey);
  }

  /** At erasure: nothing about the conversation stays. */
  forgetConversation(conversationId: string): void {
    this.openedBy.delete(conversationId);
  }

  /** Forgets every conversation not in `kept` (called after each tick: erased ones go). */
  forgetAllBut(kept: ReadonlySet<string>): void {
    for (const conversationId of this.openedBy.keys()) {
      if (!kept.has(conversationId)) this.openedBy.delete(conversationId);
    }
  }

  /** Bars the client that opened the conversation; false when it is not known (e.g. a restart). */
  barOpenerOf(conversationId: string, until: number): boolean {
    const clientKey = this.openedBy.get(conversationId);
    if (clientKey === undefined) return false;
    this.barred.set(clientKey, Math.max(until, this.barred.get(clientKey) ?? 0));
    return true;
  }

  /** True if any of the client's keys is barred at `now`. */
  isBarred(clientKeys: readonly string[], now: number): boolean {
    for (const [key, until] of this.barred) if (until <= now) this.barred.delete(key);
    return clientKeys.some((key) => this.barred.has(key));
  }

  /** The guard's question: true (and counted as a refused request) when the client is barred. */
  refuses(clientKeys: readonly string[], now: number): boolean {
    const barred = this.isBarred(clientKeys, now);
    if (barred) this.refusedRequests += 1;
    return barred;
  }

  /** Requests refused since the start because their client was barred. */
  get refused(): number {
    return this.refusedRequests;
  }

  /** Conversations still remembered (tests check erasure forgets them). */
  get remembered(): number {
    return this.openedBy.size;
  }
}
