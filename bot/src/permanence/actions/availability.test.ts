import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { setAvailability } from "./availability.ts";

describe("a counsellor's availability", () => {
  it("should change when it is a change, and say so when she already is", () => {
    const { state } = new Permanence(settingsFor([{ userId: "@alice" }]));
    expect(setAvailability(state, "@alice", { availability: "on_duty" })).toEqual({
      events: [{ type: "availability_set", counsellorId: "@alice", availability: "on_duty" }],
    });
    expect(setAvailability(state, "@alice", { availability: "off_duty" })).toEqual({
      refused: "unchanged",
    });
  });

  it("should keep a disabled counsellor off duty, whichever door she asks through", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.happens({ type: "counsellor_disabled", counsellorId: "@alice" });
    for (const availability of ["on_duty", "paused"] as const) {
      expect(setAvailability(permanence.state, "@alice", { availability })).toEqual({
        refused: "disabled",
      });
    }
  });
});
