import { describe, expect, it } from "vitest";
import { backoffDelay, outboxBackoff } from "./retry.ts";

describe("backoffDelay", () => {
  it("should double from a quarter of a second up to five seconds", () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map((failures) =>
      backoffDelay(failures, outboxBackoff, () => 1),
    );
    expect(ceilings).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000]);
  });

  it("should take a random part of up to half off, never more", () => {
    expect(backoffDelay(1, outboxBackoff, () => 0)).toBe(125);
    expect(backoffDelay(20, outboxBackoff, () => 0)).toBe(2500);
    expect(backoffDelay(3, outboxBackoff, () => 0.5)).toBe(750);
  });

  it("should treat a nonsensical count as the first failure", () => {
    expect(backoffDelay(0, outboxBackoff, () => 1)).toBe(250);
    expect(backoffDelay(-3, outboxBackoff, () => 1)).toBe(250);
  });
});
