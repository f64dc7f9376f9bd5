import { describe, expect, it } from "vitest";
import { mayReleaseHeld } from "./release.ts";

describe("mayReleaseHeld", () => {
  it("should hold while waiting, even if someone is already invited or joined", () => {
    const waiting = { state: "waiting", position: 2, estimatedWaitMinutes: 5 } as const;
    expect(mayReleaseHeld(waiting, [])).toBe(false);
    expect(mayReleaseHeld(waiting, ["join"])).toBe(false);
    expect(mayReleaseHeld({ state: "counsellor_joining" }, ["invite"])).toBe(false);
  });

  it("should hold when the counsellor is said present but her join is not seen yet", () => {
    expect(mayReleaseHeld({ state: "counsellor_present" }, ["invite"])).toBe(false);
    expect(mayReleaseHeld({ state: "counsellor_present" }, [])).toBe(false);
  });

  it("should release once the counsellor is present and joined", () => {
    expect(mayReleaseHeld({ state: "counsellor_present" }, ["leave", "join"])).toBe(true);
  });

  it("should hold after the counsellor left or the conversation ended", () => {
    expect(mayReleaseHeld({ state: "counsellor_left" }, ["join"])).toBe(false);
    expect(mayReleaseHeld({ state: "ended", reason: "closing" }, ["join"])).toBe(false);
  });

  it("without any status, should send once a counsellor is invited (bot without permanence)", () => {
    expect(mayReleaseHeld(null, [])).toBe(false);
    expect(mayReleaseHeld(null, ["leave"])).toBe(false);
    expect(mayReleaseHeld(null, ["invite"])).toBe(true);
    expect(mayReleaseHeld(null, ["join"])).toBe(true);
  });
});
