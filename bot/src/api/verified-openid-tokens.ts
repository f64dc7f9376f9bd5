import { createHash } from "node:crypto";

// Counsellor OpenID tokens Synapse confirmed recently. The console polls the bot every 2 s with the
// same token (it asks Synapse for a new one about hourly), and without this each request would
// cost a call to Synapse's OpenID userinfo endpoint: a cheap way for anyone to load Synapse, and
// needless latency for counsellors.
//
// - Keyed by a SHA-256 of the token, never the token: a dump of the bot's memory hands out no
//   token a counsellor is still using.
// - Only confirmations are kept. A token Synapse refused is asked about again next time (and the
//   caller limits how often a client may make it ask: counsellorTokenChecks).
// - An entry lives `verifiedTokenTtlMs`, far below the lifetime of a Synapse OpenID token (one
//   hour; the bot never sees the token's `expires_in`, so it cannot use it): a token is never
//   believed after it expired. Removing a counsellor from the config takes effect at once anyway,
//   since the user id is checked against the team on each request.
// - At most `maxEntries`, expired ones dropped first, then the oldest.

/** How long a confirmed token is believed without asking Synapse again. */
export const verifiedTokenTtlMs = 60_000;
/** Far more than a team's consoles: a flood of valid tokens cannot grow memory past this. */
export const maxVerifiedTokens = 1_000;

interface Entry {
  userId: string;
  until: number;
}

export class VerifiedOpenIdTokens {
  private readonly entries = new Map<string, Entry>();
  /** Asks in flight, so the console's simultaneous requests with a new token cost one call. */
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(
    private readonly ttlMs = verifiedTokenTtlMs,
    private readonly maxEntries = maxVerifiedTokens,
  ) {}

  /** The user id `token` was confirmed for in the last `ttlMs`, or undefined: ask Synapse. */
  lookup(token: string, now: number): string | undefined {
    const id = digest(token);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.userId;
  }

  /** Asks `verify` (Synapse) about `token`, once for simultaneous asks; keeps a confirmation. */
  async verify(
    token: string,
    now: number,
    verify: (token: string) => Promise<string | null>,
  ): Promise<string | null> {
    const id = digest(token);
    const inFlight = this.pending.get(id);
    if (inFlight !== undefined) return inFlight;
    const asked = verify(token).then((userId) => {
      if (userId !== null) this.remember(id, userId, now);
      return userId;
    });
    this.pending.set(id, asked);
    try {
      return await asked;
    } finally {
      this.pending.delete(id);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(id: string, userId: string, now: number): void {
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) {
      for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
      for (const key of this.entries.keys()) {
        if (this.entries.size < this.maxEntries) break;
        this.entries.delete(key);
      }
    }
    this.entries.set(id, { userId, until: now + this.ttlMs });
  }
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
