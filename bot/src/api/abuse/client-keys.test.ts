import { describe, expect, it } from "vitest";
import { ClientKeys } from "./client-keys.ts";

const hour = 3_600_000;

describe("ClientKeys", () => {
  it("should give one address one key, and other addresses other keys, never the address", () => {
    const keys = new ClientKeys(0, 24 * hour);
    const key = keys.keyOf("203.0.113.7", 1);
    expect(keys.keyOf("203.0.113.7", 2)).toBe(key);
    expect(keys.keyOf("203.0.113.8", 2)).not.toBe(key);
    expect(key).not.toContain("203");
  });

  it("should change keys when the secret rotates, and still know the previous one for a period", () => {
    const keys = new ClientKeys(0, 24 * hour);
    const before = keys.keyOf("203.0.113.7", 0);
    const after = keys.keysOf("203.0.113.7", 25 * hour);
    expect(after[0]).not.toBe(before);
    expect(after).toContain(before);
    // One more period later, the first secret is gone for good.
    expect(keys.keysOf("203.0.113.7", 50 * hour)).not.toContain(before);
  });

  it("should not keep a secret that is two periods old (the bot was idle)", () => {
    const keys = new ClientKeys(0, 24 * hour);
    const before = keys.keyOf("203.0.113.7", 0);
    expect(keys.keysOf("203.0.113.7", 49 * hour)).not.toContain(before);
  });

  it("should give different keys in two processes (the secret is random)", () => {
    expect(new ClientKeys(0).keyOf("203.0.113.7", 0)).not.toBe(
      new ClientKeys(0).keyOf("203.0.113.7", 0),
    );
  });
});
