// Bookkeeping of the registration tokens this bot handed out, so that each one opens exactly one
// conversation. In memory for now (durable state is a later issue): a restart forgets them, and
// youths who registered just before have to start over.
//
// Claims are synchronous on purpose: Node runs them without interleaving, so two concurrent
// requests with the same token cannot both win.

interface Entry {
  expiresAt: number;
  state: "issued" | "claiming" | "claimed";
}

export type ClaimResult = "claimed" | "unknown" | "already_claimed";

/**
 * How long a token is remembered after its expiry. Synapse only checks expiry when registering;
 * a youth who registered just before expiry still needs to open the conversation afterwards.
 */
export const claimGraceMs = 60 * 60 * 1000;

export class IssuedTokens {
  private readonly entries = new Map<string, Entry>();

  issue(token: string, expiresAt: number): void {
    this.entries.set(token, { expiresAt, state: "issued" });
  }

  /** Reserves a token for one conversation. Call `confirm` or `release` once the outcome is known. */
  claim(token: string, now: number): ClaimResult {
    this.prune(now);
    const entry = this.entries.get(token);
    if (entry === undefined) return "unknown";
    if (entry.state !== "issued") return "already_claimed";
    entry.state = "claiming";
    return "claimed";
  }

  /**
   * Where a token stands, without claiming it: `issued` (no conversation asked with it yet),
   * `claimed` (one is being opened, or was), or `unknown` (never issued here, or forgotten).
   */
  stateOf(token: string, now: number): "issued" | "claimed" | "unknown" {
    this.prune(now);
    const entry = this.entries.get(token);
    if (entry === undefined) return "unknown";
    return entry.state === "issued" ? "issued" : "claimed";
  }

  /** The conversation exists: the token can never be used again. */
  confirm(token: string): void {
    const entry = this.entries.get(token);
    if (entry !== undefined) entry.state = "claimed";
  }

  /** Opening the conversation failed before anything was created: allow a retry. */
  release(token: string): void {
    const entry = this.entries.get(token);
    if (entry?.state === "claiming") entry.state = "issued";
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [token, entry] of this.entries) {
      if (entry.state !== "claiming" && entry.expiresAt + claimGraceMs < now)
        this.entries.delete(token);
    }
  }
}
