import { describe, expect, it } from "vitest";
import {
  afterFailedAttempt,
  initialWaitState,
  type AttemptOutcome,
  type WaitPolicy,
} from "./policy.ts";

const policy: WaitPolicy = { retryMs: 3000, maxRetryMs: 30_000, logEveryMs: 600_000 };

function run(outcomes: readonly [AttemptOutcome, number][]) {
  let state = initialWaitState;
  return outcomes.map(([outcome, now]) => {
    const decision = afterFailedAttempt(state, outcome, now, policy);
    state = decision.state;
    return { delayMs: decision.delayMs, log: decision.log };
  });
}

describe("afterFailedAttempt", () => {
  it("should ask again every retry period while another bot holds the lock, logging once", () => {
    expect(
      run([
        ["held_elsewhere", 0],
        ["held_elsewhere", 3000],
        ["held_elsewhere", 6000],
      ]),
    ).toEqual([
      { delayMs: 3000, log: true },
      { delayMs: 3000, log: false },
      { delayMs: 3000, log: false },
    ]);
  });

  it("should say again that it waits once the log period has passed", () => {
    const decisions = run([
      ["held_elsewhere", 0],
      ["held_elsewhere", 599_999],
      ["held_elsewhere", 600_000],
      ["held_elsewhere", 603_000],
    ]);
    expect(decisions.map((d) => d.log)).toEqual([true, false, true, false]);
  });

  it("should back off up to the maximum while the database is unreachable", () => {
    const decisions = run(
      Array.from({ length: 6 }, (_, i) => ["unreachable", i * 1000] as [AttemptOutcome, number]),
    );
    expect(decisions.map((d) => d.delayMs)).toEqual([3000, 6000, 12_000, 24_000, 30_000, 30_000]);
  });

  it("should log each change between unreachable and held elsewhere, and reset the backoff", () => {
    const decisions = run([
      ["unreachable", 0],
      ["unreachable", 3000],
      ["held_elsewhere", 9000],
      ["unreachable", 12_000],
    ]);
    expect(decisions).toEqual([
      { delayMs: 3000, log: true },
      { delayMs: 6000, log: false },
      { delayMs: 3000, log: true },
      { delayMs: 3000, log: true },
    ]);
  });
});
