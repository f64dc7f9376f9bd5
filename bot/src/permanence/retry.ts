// When to try the outbox again after Synapse refused or did not answer.
//
// This runs on real timers, not on the permanence's Clock: waiting for Synapse to come back is an
// I/O matter, and the domain clock (which tests hold still and move by hand) must neither delay nor
// hurry it. What the permanence decides never depends on when a retry happens.

export interface Backoff {
  /** The wait after the first failure. */
  initialMs: number;
  /** The wait never grows beyond this. */
  maxMs: number;
}

/**
 * A quarter of a second first, so that a blip (one refused request) costs a youth almost nothing;
 * doubling up to five seconds, so that the invite goes out at most five seconds after Synapse's
 * return. One attempt is one request (the outbox's first command), so even at the cap a long
 * outage costs Synapse twelve requests a minute.
 */
export const outboxBackoff: Backoff = { initialMs: 250, maxMs: 5_000 };

/**
 * The wait before the next attempt, after `failures` failed attempts in a row (1 or more): it
 * doubles from `initialMs` up to `maxMs`, then a random part is taken off (up to half), so that
 * several bots, or a bot and its own restarted self, do not retry in lockstep.
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number): number {
  // Past 2^20 the cap is reached anyway; this keeps the power finite.
  const exponent = Math.min(Math.max(failures, 1) - 1, 20);
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Real timers, injectable so that unit tests fire them by hand. */
export interface RetryTimers {
  after(ms: number, run: () => void): { cancel(): void };
}

export const realTimers: RetryTimers = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};
