import { describe, expect, it } from "vitest";
import {
  initialShiftTriple,
  onKeyDown,
  type KeyPress,
  type ShiftTripleState,
} from "./shiftTriple.ts";

const shift: KeyPress = { key: "Shift", repeat: false };

/** Feeds presses at the given times; returns the times at which the exit fired. */
function run(presses: readonly [KeyPress, number][]): number[] {
  let state: ShiftTripleState = initialShiftTriple;
  const fired: number[] = [];
  for (const [press, at] of presses) {
    const next = onKeyDown(state, press, at);
    state = next.state;
    if (next.triggered) fired.push(at);
  }
  return fired;
}

describe("the Shift×3 quick exit shortcut", () => {
  it("should fire on three Shift presses within a second", () => {
    expect(
      run([
        [shift, 0],
        [shift, 300],
        [shift, 700],
      ]),
    ).toEqual([700]);
  });

  it("should not fire when the presses are too far apart", () => {
    expect(
      run([
        [shift, 0],
        [shift, 600],
        [shift, 1200],
      ]),
    ).toEqual([]);
  });

  it("should keep the recent presses of a slow run", () => {
    // 0 drops out of the window, 600 and 1200 stay, 1500 completes the run.
    expect(
      run([
        [shift, 0],
        [shift, 600],
        [shift, 1200],
        [shift, 1500],
      ]),
    ).toEqual([1500]);
  });

  it("should not count a held Shift key's repeats", () => {
    const held: KeyPress = { key: "Shift", repeat: true };
    expect(
      run([
        [shift, 0],
        [held, 50],
        [held, 100],
        [held, 150],
      ]),
    ).toEqual([]);
  });

  it("should let another key break the run, so typing capitals never exits", () => {
    const letter: KeyPress = { key: "A", repeat: false };
    expect(
      run([
        [shift, 0],
        [letter, 50],
        [shift, 200],
        [letter, 250],
        [shift, 400],
      ]),
    ).toEqual([]);
  });

  it("should start over after firing", () => {
    expect(
      run([
        [shift, 0],
        [shift, 100],
        [shift, 200],
        [shift, 300],
        [shift, 400],
        [shift, 500],
      ]),
    ).toEqual([200, 500]);
  });
});
