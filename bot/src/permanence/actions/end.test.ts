import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { end } from "./end.ts";

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);

/** Alice talks with Jeune 1001; Jeune 1002 is offered to Bea; Jeune 1003 waits. */
function evening(): Permanence {
  const permanence = new Permanence(settings);
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 1001);
  permanence.counsellorJoins("!a", "@alice");
  permanence.counsellorGoesOnDuty("@bea");
  permanence.youthArrives("!b", 1002);
  permanence.youthArrives("!c", 1003);
  return permanence;
}

describe("ending a conversation", () => {
  it("should end hers, from any door", () => {
    const { state } = evening();
    for (const among of ["hers", "all"] as const) {
      expect(end(state, "@alice", { reference: 1001, among })).toEqual({
        events: [{ type: "end_requested", conversationId: "!a", by: "@alice" }],
      });
    }
  });

  it("should refuse one in a colleague's charge, and a reference nobody has", () => {
    const { state } = evening();
    expect(end(state, "@bea", { reference: 1001, among: "all" })).toEqual({
      refused: "not_in_charge",
    });
    expect(end(state, "@bea", { reference: 4242, among: "all" })).toEqual({
      refused: "not_found",
    });
  });

  it("should let anyone end a waiting youth's conversation where every one is shown", () => {
    const { state } = evening();
    expect(end(state, "@alice", { reference: 1003, among: "all" })).toHaveProperty("events");
    expect(end(state, "@alice", { reference: 1002, among: "all" })).toHaveProperty("events");
    expect(end(state, "@bea", { reference: 1002, among: "hers" })).toHaveProperty("events");
  });

  it("should know only her own conversations where only hers are shown", () => {
    const { state } = evening();
    // Offered to Bea, waiting for anyone, nobody's.
    for (const reference of [1002, 1003, 4242]) {
      expect(end(state, "@alice", { reference, among: "hers" })).toEqual({ refused: "not_found" });
    }
  });

  it("should not name a conversation she left for her console, but still let the staff room end it", () => {
    const permanence = evening();
    permanence.counsellorRequeues("!a", "@alice");
    permanence.counsellorLeaves("!a", "@alice");
    expect(permanence.conversation("!a")?.phase).toMatchObject({ counsellorGone: true });
    expect(end(permanence.state, "@alice", { reference: 1001, among: "hers" })).toEqual({
      refused: "not_found",
    });
    expect(end(permanence.state, "@alice", { reference: 1001, among: "all" })).toHaveProperty(
      "events",
    );
  });
});
