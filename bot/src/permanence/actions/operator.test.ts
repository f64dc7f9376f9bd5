import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { operatorClose, reconcileDisabled, setDisabled } from "./operator.ts";

const settings = settingsFor([{ userId: "@alice" }]);

describe("the operator's close", () => {
  it("should close any live conversation in the operator's own name", () => {
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a", 1001);
    expect(operatorClose(permanence.state, { reference: 1001 })).toEqual({
      events: [{ type: "operator_closed", conversationId: "!a" }],
      conversationId: "!a",
    });
    expect(operatorClose(permanence.state, { reference: 4242 })).toEqual({
      refused: "not_found",
    });
  });
});

describe("disabling a counsellor", () => {
  it("should disable or enable a configured counsellor, and nobody else", () => {
    const { state } = new Permanence(settings);
    expect(setDisabled(state, settings, { counsellorId: "@alice", disabled: true })).toEqual({
      events: [{ type: "counsellor_disabled", counsellorId: "@alice" }],
    });
    expect(setDisabled(state, settings, { counsellorId: "@alice", disabled: false })).toEqual({
      events: [{ type: "counsellor_enabled", counsellorId: "@alice" }],
    });
    expect(setDisabled(state, settings, { counsellorId: "@bob", disabled: true })).toEqual({
      refused: "not_a_counsellor",
    });
  });
});

describe("bringing the engine in line with the roles file at start", () => {
  const two = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);

  it("should disable whom the file names, from a journal that never heard of disabling", () => {
    const permanence = new Permanence(two);
    permanence.counsellorGoesOnDuty("@alice");
    const disabled = (id: string) => id === "@alice";
    const events = reconcileDisabled(permanence.state, two, disabled);
    expect(events).toEqual([{ type: "counsellor_disabled", counsellorId: "@alice" }]);
    for (const event of events) permanence.happens(event);
    expect(permanence.availabilityOf("@alice")).toBe("off_duty");
    expect(reconcileDisabled(permanence.state, two, disabled)).toEqual([]);
  });

  it("should enable whom the file no longer names", () => {
    const permanence = new Permanence(two);
    permanence.happens({ type: "counsellor_disabled", counsellorId: "@bea" });
    expect(reconcileDisabled(permanence.state, two, () => false)).toEqual([
      { type: "counsellor_enabled", counsellorId: "@bea" },
    ]);
  });
});
