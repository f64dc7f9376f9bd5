import { describe, expect, it } from "vitest";
import { PresenceKeys } from "./presence-keys.ts";

describe("presence keys", () => {
  const keys = new PresenceKeys("an installation secret of some length");

  it("should give each conversation its own key, the same from every bot of the installation", () => {
    const key = keys.of("!a:localhost");
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new PresenceKeys("an installation secret of some length").of("!a:localhost")).toBe(key);
    expect(keys.of("!b:localhost")).not.toBe(key);
    expect(new PresenceKeys("another installation's secret").of("!a:localhost")).not.toBe(key);
  });

  it("should accept only the conversation's own key", () => {
    expect(keys.matches("!a:localhost", keys.of("!a:localhost"))).toBe(true);
    expect(keys.matches("!a:localhost", keys.of("!b:localhost"))).toBe(false);
    expect(keys.matches("!a:localhost", "")).toBe(false);
    expect(keys.matches("!a:localhost", `${keys.of("!a:localhost")}x`)).toBe(false);
  });
});
