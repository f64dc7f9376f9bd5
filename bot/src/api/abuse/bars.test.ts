import { describe, expect, it } from "vitest";
import { Bars } from "./bars.ts";

describe("Bars", () => {
  it("should bar the client that opened a conversation until the bar ends", () => {
    const bars = new Bars();
    bars.rememberOpener("!room", "key-a");
    expect(bars.barOpenerOf("!room", 1000)).toBe(true);
    expect(bars.isBarred(["key-a"], 999)).toBe(true);
    expect(bars.isBarred(["key-other", "key-a"], 999)).toBe(true);
    expect(bars.isBarred(["key-b"], 999)).toBe(false);
    expect(bars.isBarred(["key-a"], 1000)).toBe(false);
  });

  it("should bar nobody for a conversation whose opener it does not know", () => {
    const bars = new Bars();
    expect(bars.barOpenerOf("!unknown", 1000)).toBe(false);
  });

  it("should forget who opened a conversation once it is erased", () => {
    const bars = new Bars();
    bars.rememberOpener("!live", "key-a");
    bars.rememberOpener("!erased", "key-b");
    bars.forgetAllBut(new Set(["!live"]));
    expect(bars.remembered).toBe(1);
    expect(bars.barOpenerOf("!erased", 1000)).toBe(false);
  });

  it("should count the requests it refuses, and only those", () => {
    const bars = new Bars();
    bars.rememberOpener("!room", "key-a");
    bars.barOpenerOf("!room", 1000);
    expect(bars.refuses(["key-a"], 10)).toBe(true);
    expect(bars.refuses(["key-b"], 10)).toBe(false);
    expect(bars.refuses(["key-a"], 1000)).toBe(false);
    expect(bars.refused).toBe(1);
  });
});
