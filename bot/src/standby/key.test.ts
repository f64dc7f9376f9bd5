import { describe, expect, it } from "vitest";
import { lockKey } from "./key.ts";

describe("lockKey", () => {
  it("should give a deployment the same key in every release", () => {
    // Pinned: a changed derivation would let an old and a new bot be active together mid-upgrade.
    expect(lockKey("chat.example.org")).toBe(lockKey("chat.example.org"));
    expect(lockKey("chat.example.org")).toBe(-8592803202654252759n);
  });

  it("should give different deployments different keys, all PostgreSQL bigints", () => {
    const keys = ["chat.example.org", "chat.example.net", "localhost", ""].map(lockKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key).toBeGreaterThanOrEqual(-(2n ** 63n));
      expect(key).toBeLessThan(2n ** 63n);
    }
  });
});
