import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { claimGraceMs } from "./issued-tokens.ts";
import { createTokenSweeper, tokenSweepIntervalMs, tokensToDelete } from "./token-sweep.ts";

const now = Date.parse("2026-11-23T18:00:00Z");
const token = (
  name: string,
  fields: Partial<{ expiryTime: number | null; completed: number; pending: number }>,
) => ({
  token: name,
  expiryTime: now + 1000,
  completed: 0,
  pending: 0,
  usesAllowed: 1,
  ...fields,
});

describe("tokensToDelete", () => {
  const tokens = [
    token("live", {}),
    token("expired-unused", { expiryTime: now - 1 }),
    token("expired-used", { expiryTime: now - 1, completed: 1 }),
    token("used", { completed: 1 }),
    token("expired-pending", { expiryTime: now - 1, pending: 1 }),
    token("long-gone", { expiryTime: now - claimGraceMs, completed: 1 }),
  ];

  it("should delete, while running, what expired unused and what no conversation can claim any more", () => {
    expect(tokensToDelete(tokens, now, false)).toEqual(["expired-unused", "long-gone"]);
  });

  it("should delete, at start-up, everything expired or used up, but not a registration under way", () => {
    expect(tokensToDelete(tokens, now, true)).toEqual([
      "expired-unused",
      "expired-used",
      "used",
      "long-gone",
    ]);
  });
});

describe("createTokenSweeper", () => {
  it("should sweep from the tick at most once per interval", async () => {
    const homeserver = new FakeHomeserver();
    let time = now;
    await homeserver.createRegistrationToken({ usesAllowed: 1, expiryTime: now + 10_000 });
    const sweeper = createTokenSweeper({
      homeserver,
      now: () => time,
      logger: createLogger({ write: () => {} }),
    });
    await sweeper.whenDue();
    expect(homeserver.tokens.size).toBe(1);
    // Expired, but the last sweep was too recent.
    time = now + 30_000;
    await sweeper.whenDue();
    expect(homeserver.tokens.size).toBe(1);
    time = now + tokenSweepIntervalMs;
    await sweeper.whenDue();
    expect(homeserver.tokens.size).toBe(0);
  });
});
