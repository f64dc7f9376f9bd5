// Token buckets per client key and per class of endpoint. Pure apart from the clock passed in:
// each request takes one token; a bucket refills continuously up to its capacity. Buckets that are
// full again are forgotten, so memory holds only clients seen recently, and the total number of
// buckets is capped, the oldest dropped first, so a flood of distinct keys cannot grow it.
// It also counts the requests it refused, per class only (for the metrics: never per client).

export interface BucketLimit {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens added back per minute. */
  refillPerMinute: number;
}

export type Decision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export const defaultMaxBuckets = 50_000;

export class RateLimiter<Class extends string> {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refused = new Map<Class, number>();

  constructor(
    private readonly limits: Readonly<Record<Class, BucketLimit>>,
    private readonly maxBuckets = defaultMaxBuckets,
  ) {}

  take(limitClass: Class, clientKey: string, now: number): Decision {
    const limit = this.limits[limitClass];
    const id = `${limitClass}\u0000${clientKey}`;
    const bucket = this.buckets.get(id);
    const tokens = bucket === undefined ? limit.capacity : refilled(bucket, limit, now);
    if (tokens < 1) {
      this.refused.set(limitClass, (this.refused.get(limitClass) ?? 0) + 1);
      const perMs = limit.refillPerMinute / 60_000;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
      };
    }
    // Re-inserted so that the map's order is least recently used first (for pruning).
    this.buckets.delete(id);
    this.buckets.set(id, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxBuckets) this.prune(now);
    return { allowed: true };
  }

  /** Forgets buckets that have refilled (they hold nothing a fresh one would not). */
  prune(now: number): void {
    for (const [id, bucket] of this.buckets) {
      const limitClass = id.slice(0, id.indexOf("\u0000")) as Class;
      const limit = this.limits[limitClass];
      if (refilled(bucket, limit, now) >= limit.capacity) this.buckets.delete(id);
    }
    // Still too many: drop the least recently used. A dropped client only gets a fresh bucket.
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= this.maxBuckets) break;
      this.buckets.delete(id);
    }
  }

  /** Requests refused since the start, for every class (zero included), by class only. */
  refusals(): Record<Class, number> {
    const classes = Object.keys(this.limits) as Class[];
    return Object.fromEntries(
      classes.map((limitClass) => [limitClass, this.refused.get(limitClass) ?? 0]),
    ) as Record<Class, number>;
  }

  get size(): number {
    return this.buckets.size;
  }
}

function refilled(bucket: Bucket, limit: BucketLimit, now: number): number {
  const elapsed = Math.max(0, now - bucket.at);
  return Math.min(limit.capacity, bucket.tokens + (elapsed * limit.refillPerMinute) / 60_000);
}
