import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

const limits = {
  tokens: { capacity: 3, refillPerMinute: 6 },
  status: { capacity: 1, refillPerMinute: 60 },
};

describe("RateLimiter", () => {
  it("should allow a burst up to the capacity, then refuse with when to come back", () => {
    const limiter = new RateLimiter(limits);
    for (let i = 0; i < 3; i += 1)
      expect(limiter.take("tokens", "a", 0)).toEqual({ allowed: true });
    // 6 per minute: one token every 10 s.
    expect(limiter.take("tokens", "a", 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take("tokens", "a", 4_000)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    expect(limiter.take("tokens", "a", 10_000)).toEqual({ allowed: true });
  });

  it("should count each client and each class apart", () => {
    const limiter = new RateLimiter(limits);
    for (let i = 0; i < 3; i += 1) limiter.take("tokens", "a", 0);
    expect(limiter.take("tokens", "a", 0).allowed).toBe(false);
    expect(limiter.take("tokens", "b", 0).allowed).toBe(true);
    expect(limiter.take("status", "a", 0).allowed).toBe(true);
  });

  it("should not refill beyond the capacity after a long pause", () => {
    const limiter = new RateLimiter(limits);
    limiter.take("tokens", "a", 0);
    for (let i = 0; i < 3; i += 1)
      expect(limiter.take("tokens", "a", 3_600_000).allowed).toBe(true);
    expect(limiter.take("tokens", "a", 3_600_000).allowed).toBe(false);
  });

  it("should forget refilled buckets and keep memory bounded under a flood of clients", () => {
    const limiter = new RateLimiter(limits, 100);
    for (let i = 0; i < 1_000; i += 1) limiter.take("tokens", `client-${i}`, 0);
    expect(limiter.size).toBeLessThanOrEqual(100);
    limiter.prune(60_000);
    expect(limiter.size).toBe(0);
  });

  it("should count refused requests by class only, zero for a class never refused", () => {
    const limiter = new RateLimiter(limits);
    expect(limiter.refusals()).toEqual({ tokens: 0, status: 0 });
    for (let i = 0; i < 5; i += 1) limiter.take("tokens", "a", 0);
    limiter.take("tokens", "b", 0);
    limiter.take("status", "a", 0);
    expect(limiter.refusals()).toEqual({ tokens: 2, status: 0 });
  });
});
