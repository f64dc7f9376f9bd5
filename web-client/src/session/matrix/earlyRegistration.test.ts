import { describe, expect, it } from "vitest";
import {
  EarlyRegistration,
  expiryMarginMs,
  maxFailuresInRow,
  minPreparationIntervalMs,
  minUsefulLifetimeMs,
  unknownExpiryLifetimeMs,
} from "./earlyRegistration.ts";
import type { PreparedRegistration } from "./register.ts";

/**
 * Each token the bot issues lives `tokenLifetimeMs` from its receipt, on the page's clock (null:
 * the bot does not say).
 */
function preparing(tokenLifetimeMs: number | null) {
  let now = 1_000_000;
  let count = 0;
  const answers: ((value: PreparedRegistration | Error) => void)[] = [];
  const early = new EarlyRegistration({
    now: () => now,
    prepare: () =>
      new Promise((resolve, reject) => {
        count += 1;
        const token = `T${count}`;
        const expiresAt = tokenLifetimeMs === null ? null : now + tokenLifetimeMs;
        answers.push((value) =>
          value instanceof Error
            ? reject(value)
            : resolve({ ...value, registrationToken: { token, expiresAt } }),
        );
      }),
  });
  const done: PreparedRegistration = { registrationToken: { token: "", expiresAt: null } };
  return {
    early,
    prepared: () => count,
    finish: (index: number) => answers[index]?.(done),
    refuse: (index: number) => answers[index]?.(new Error("closed")),
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("EarlyRegistration", () => {
  it("should prepare once for many signs of intent, and give the preparation once", async () => {
    const t = preparing(null);
    t.early.prepare();
    t.early.prepare();
    t.finish(0);
    t.early.prepare();
    expect(t.prepared()).toBe(1);
    await expect(t.early.take()).resolves.toMatchObject({ registrationToken: { token: "T1" } });
    await expect(t.early.take()).resolves.toBeNull();
  });

  it("should give nothing without intent: the press registers the normal way", async () => {
    const t = preparing(null);
    await expect(t.early.take()).resolves.toBeNull();
    expect(t.prepared()).toBe(0);
  });

  it("should make a press during preparation wait for it", async () => {
    const t = preparing(null);
    t.early.prepare();
    const taken = t.early.take();
    await settle();
    t.finish(0);
    await expect(taken).resolves.toMatchObject({ registrationToken: { token: "T1" } });
  });

  it("should drop a preparation close to its token's expiry and redo it at the next intent", async () => {
    const t = preparing(300_000);
    t.early.prepare();
    t.finish(0);
    await settle();
    t.advance(300_000 - expiryMarginMs - 1);
    t.early.prepare(); // still usable: nothing new
    expect(t.prepared()).toBe(1);
    t.advance(2);
    t.early.prepare();
    expect(t.prepared()).toBe(2);
    t.finish(1);
    await expect(t.early.take()).resolves.toMatchObject({ registrationToken: { token: "T2" } });
  });

  it("should not give a preparation gone stale before the press", async () => {
    const t = preparing(null);
    t.early.prepare();
    t.finish(0);
    await settle();
    t.advance(unknownExpiryLifetimeMs);
    await expect(t.early.take()).resolves.toBeNull();
  });

  it("should fall back to the normal way when preparing failed, and try again a minute later", async () => {
    const t = preparing(null);
    t.early.prepare();
    t.refuse(0);
    await settle();
    t.early.prepare(); // every key she types is intent: no new preparation at once
    expect(t.prepared()).toBe(1);
    t.advance(minPreparationIntervalMs);
    t.early.prepare();
    expect(t.prepared()).toBe(2);
    t.refuse(1);
    await expect(t.early.take()).resolves.toBeNull();
  });

  it("should stop preparing after failures in a row, and leave the press its normal way", async () => {
    const t = preparing(300_000);
    for (let failure = 0; failure < maxFailuresInRow; failure += 1) {
      t.early.prepare();
      t.refuse(failure);
      await settle();
      t.advance(minPreparationIntervalMs);
    }
    t.early.prepare();
    t.advance(10 * minPreparationIntervalMs);
    t.early.prepare();
    expect(t.prepared()).toBe(maxFailuresInRow);
    await expect(t.early.take()).resolves.toBeNull();
  });

  it("should start at most one preparation a minute while each goes stale before the next intent", async () => {
    // The bot does not say when its tokens expire: each preparation is usable 25 s, then stale.
    const t = preparing(null);
    for (let second = 0; second < 200; second += 1) {
      t.early.prepare(); // a key, a focus, a hover: every second for more than three minutes
      if (t.prepared() > 0) t.finish(t.prepared() - 1);
      await settle();
      t.advance(1_000);
    }
    // At 0, 60, 120 and 180 s: each earlier one had gone stale, and the next waited its minute.
    expect(t.prepared()).toBe(4);
    expect(unknownExpiryLifetimeMs).toBeLessThan(minPreparationIntervalMs);
  });

  it("should not prepare again when the bot's tokens live too briefly to be worth it", async () => {
    const t = preparing(minUsefulLifetimeMs - 1);
    t.early.prepare();
    t.finish(0);
    await settle();
    t.advance(minUsefulLifetimeMs);
    t.early.prepare();
    t.advance(10 * minPreparationIntervalMs);
    t.early.prepare();
    expect(t.prepared()).toBe(1);
    await expect(t.early.take()).resolves.toBeNull(); // the press registers the normal way
  });
});
