import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { assign } from "./assign.ts";

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);

describe("a supervisor's assignment", () => {
  it("should offer a waiting youth to a counsellor on duty with a free slot", () => {
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a", 1001);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    expect(
      assign(permanence.state, settings, "@sup", { reference: 1001, counsellorId: "@bea" }),
    ).toEqual({
      events: [
        { type: "assign_requested", conversationId: "!a", counsellorId: "@bea", by: "@sup" },
      ],
    });
  });

  it("should say why not: no such youth waiting, not a counsellor, not available", () => {
    const permanence = new Permanence(settings);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 1001);
    permanence.counsellorJoins("!a", "@alice");
    permanence.youthArrives("!b", 1002);
    permanence.happens({ type: "counsellor_disabled", counsellorId: "@bea" });
    const asks = (reference: number, counsellorId: string) =>
      assign(permanence.state, settings, "@sup", { reference, counsellorId });
    expect(asks(1001, "@alice")).toEqual({ refused: "not_found" });
    expect(asks(4242, "@alice")).toEqual({ refused: "not_found" });
    expect(asks(1002, "@stranger")).toEqual({ refused: "not_a_counsellor" });
    expect(asks(1002, "@alice")).toEqual({ refused: "counsellor_unavailable" });
    // Disabled, so off duty.
    expect(asks(1002, "@bea")).toEqual({ refused: "counsellor_unavailable" });
  });
});
