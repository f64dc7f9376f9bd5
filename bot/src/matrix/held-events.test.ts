import { describe, expect, it } from "vitest";
import { HeldEvents } from "./held-events.ts";

describe("HeldEvents", () => {
  it("should keep the events heard before open, and hand them over in order when it opens", () => {
    const held = new HeldEvents<string>(() => {});
    held.hear("a");
    held.hear("b");
    expect(held.waiting).toBe(2);
    const delivered: string[] = [];
    held.open((event) => delivered.push(event));
    expect(delivered).toEqual(["a", "b"]);
    expect(held.waiting).toBe(0);
  });

  it("should deliver an event heard after open at once, after the kept ones", () => {
    const held = new HeldEvents<string>(() => {});
    held.hear("early");
    const delivered: string[] = [];
    held.open((event) => delivered.push(event));
    held.hear("late");
    expect(delivered).toEqual(["early", "late"]);
    expect(held.waiting).toBe(0);
  });

  it("should report a kept event whose delivery throws and still deliver the ones after it, without failing open", () => {
    const errors: unknown[] = [];
    const held = new HeldEvents<string>((error) => errors.push(error));
    held.hear("bad");
    held.hear("good");
    const delivered: string[] = [];
    expect(() =>
      held.open((event) => {
        if (event === "bad") throw new Error("handler failed");
        delivered.push(event);
      }),
    ).not.toThrow();
    expect(delivered).toEqual(["good"]);
    expect(errors).toHaveLength(1);
    held.hear("bad");
    expect(errors).toHaveLength(2);
  });

  it("should refuse to open twice, keeping the first delivery", () => {
    const held = new HeldEvents<string>(() => {});
    const first: string[] = [];
    held.open((event) => first.push(event));
    expect(() => held.open(() => {})).toThrow("already open");
    held.hear("x");
    expect(first).toEqual(["x"]);
  });
});
