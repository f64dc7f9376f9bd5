import { describe, expect, it } from "vitest";
import { endReasons, isEndReason, readYouthPage, readYouthStatus } from "./room-state.ts";

describe("readYouthStatus", () => {
  it("should read each state the bot publishes", () => {
    expect(readYouthStatus({ state: "waiting", position: 2, estimatedWaitMinutes: 8.6 })).toEqual({
      state: "waiting",
      position: 2,
      estimatedWaitMinutes: 9,
    });
    expect(readYouthStatus({ state: "counsellor_joining" })).toEqual({
      state: "counsellor_joining",
    });
    expect(readYouthStatus({ state: "counsellor_present", handedOver: true })).toEqual({
      state: "counsellor_present",
      handedOver: true,
    });
    expect(readYouthStatus({ state: "counsellor_left" })).toEqual({ state: "counsellor_left" });
  });

  it.each(endReasons)("should read the end reason %s", (reason) => {
    expect(isEndReason(reason)).toBe(true);
    expect(readYouthStatus({ state: "ended", reason })).toEqual({ state: "ended", reason });
  });

  it("should read an unknown end reason as other, and anything malformed as nothing", () => {
    expect(readYouthStatus({ state: "ended", reason: "aliens" })).toEqual({
      state: "ended",
      reason: "other",
    });
    expect(readYouthStatus({ state: "waiting", position: 1.5 })).toBeNull();
    expect(readYouthStatus({ state: "waiting", position: 1, estimatedWaitMinutes: -1 })).toEqual({
      state: "waiting",
      position: 1,
      estimatedWaitMinutes: null,
    });
    expect(readYouthStatus({ state: "dancing" })).toBeNull();
    expect(readYouthStatus([])).toBeNull();
  });
});

describe("readYouthPage", () => {
  it("should read a present or a gone page", () => {
    expect(readYouthPage({ state: "present" })).toEqual({ state: "present" });
    for (const how of ["quick_exit", "closed", "silent"] as const) {
      expect(readYouthPage({ state: "gone", how, kept: true })).toEqual({
        state: "gone",
        how,
        kept: true,
      });
    }
  });

  it("should read anything malformed as nothing", () => {
    expect(readYouthPage({ state: "gone", how: "vanished", kept: true })).toBeNull();
    expect(readYouthPage({ state: "gone", how: "closed" })).toBeNull();
    expect(readYouthPage({ state: "away" })).toBeNull();
    expect(readYouthPage(null)).toBeNull();
  });
});
