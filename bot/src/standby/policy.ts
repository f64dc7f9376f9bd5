/**
 * When a bot that does not hold the lock asks again, and when it says so in the log. Pure: the
 * waiting loop (lock.ts) feeds it each attempt's outcome and the time.
 */
export interface WaitPolicy {
  /** Asking again while another bot holds the lock: the takeover delay after the active dies. */
  retryMs: number;
  /** The database unreachable: back off up to this, so a long outage is not hammered. */
  maxRetryMs: number;
  /** A standby can wait for days: one log line per this much time, not one per attempt. */
  logEveryMs: number;
}

export type AttemptOutcome = "held_elsewhere" | "unreachable";

export interface WaitState {
  failuresInARow: number;
  lastLogged: { at: number; outcome: AttemptOutcome } | null;
}

export const initialWaitState: WaitState = { failuresInARow: 0, lastLogged: null };

export interface WaitDecision {
  state: WaitState;
  delayMs: number;
  /** Write a log line for this attempt. */
  log: boolean;
}

export function afterFailedAttempt(
  state: WaitState,
  outcome: AttemptOutcome,
  now: number,
  policy: WaitPolicy,
): WaitDecision {
  const failuresInARow = outcome === "unreachable" ? state.failuresInARow + 1 : 0;
  const delayMs =
    outcome === "unreachable"
      ? Math.min(policy.retryMs * 2 ** (failuresInARow - 1), policy.maxRetryMs)
      : policy.retryMs;
  const log =
    state.lastLogged === null ||
    state.lastLogged.outcome !== outcome ||
    now - state.lastLogged.at >= policy.logEveryMs;
  return {
    state: { failuresInARow, lastLogged: log ? { at: now, outcome } : state.lastLogged },
    delayMs,
    log,
  };
}
