import { describe, expect, it } from "vitest";
import { isOver } from "../status.ts";
import { parseYouthStatus } from "./status.ts";

describe("parseYouthStatus", () => {
  it("should read every status the permanence publishes", () => {
    expect(parseYouthStatus({ state: "waiting", position: 2, estimatedWaitMinutes: 9 })).toEqual({
      state: "waiting",
      position: 2,
      estimatedWaitMinutes: 9,
    });
    expect(parseYouthStatus({ state: "waiting", position: 1, estimatedWaitMinutes: null })).toEqual(
      { state: "waiting", position: 1, estimatedWaitMinutes: null },
    );
    for (const state of ["counsellor_joining", "counsellor_present", "counsellor_left"]) {
      expect(parseYouthStatus({ state })).toEqual({ state });
    }
    // After a handover: another counsellor took over; anything but `true` is the plain status.
    expect(parseYouthStatus({ state: "counsellor_present", handedOver: true })).toEqual({
      state: "counsellor_present",
      handedOver: true,
    });
    expect(parseYouthStatus({ state: "counsellor_present", handedOver: "yes" })).toEqual({
      state: "counsellor_present",
    });
    expect(parseYouthStatus({ state: "ended", reason: "inactivity" })).toEqual({
      state: "ended",
      reason: "inactivity",
    });
  });

  it("should ignore what it cannot understand, and still end on an unknown reason", () => {
    expect(parseYouthStatus(null)).toBeNull();
    expect(parseYouthStatus({})).toBeNull();
    expect(parseYouthStatus({ state: "dancing" })).toBeNull();
    expect(parseYouthStatus({ state: "waiting", position: 0 })).toBeNull();
    expect(parseYouthStatus({ state: "waiting", position: "1" })).toBeNull();
    expect(parseYouthStatus({ state: "ended", reason: "aliens" })).toEqual({
      state: "ended",
      reason: "other",
    });
  });

  it("should treat ended and counsellor_left as over", () => {
    expect(isOver({ state: "counsellor_left" })).toBe(true);
    expect(isOver({ state: "ended", reason: "closing" })).toBe(true);
    expect(isOver({ state: "counsellor_present" })).toBe(false);
    expect(isOver(null)).toBe(false);
  });
});
