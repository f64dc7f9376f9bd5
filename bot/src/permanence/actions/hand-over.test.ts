import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { handOver, handOverToNext } from "./hand-over.ts";

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@cleo" }]);

/** Alice talks with Jeune 1001; Bea is on duty and free; Cleo is off duty. */
function evening(): Permanence {
  const permanence = new Permanence(settings);
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 1001);
  permanence.counsellorJoins("!a", "@alice");
  permanence.counsellorGoesOnDuty("@bea");
  return permanence;
}

describe("handing a conversation over to a named colleague", () => {
  it("should name the colleague to invite, changing nothing yet", () => {
    const { state } = evening();
    expect(handOver(state, settings, "@alice", { reference: 1001, colleague: "@bea" })).toEqual({
      events: [],
      colleague: "@bea",
    });
  });

  it("should say why not: unknown reference, unknown name, then the engine's reasons", () => {
    const { state } = evening();
    const asks = (by: string, reference: number, colleague: string | undefined) =>
      handOver(state, settings, by, { reference, colleague });
    expect(asks("@alice", 4242, "@bea")).toEqual({ refused: "not_found" });
    expect(asks("@alice", 1001, undefined)).toEqual({ refused: "unknown_colleague" });
    expect(asks("@bea", 1001, "@cleo")).toEqual({ refused: "not_in_charge" });
    expect(asks("@alice", 1001, "@cleo")).toEqual({ refused: "off_duty" });
    expect(asks("@alice", 1001, "@alice")).toEqual({ refused: "same_counsellor" });
  });
});

describe("handing a conversation over to the next free colleague", () => {
  it("should name the colleague the queue would serve next, never herself", () => {
    const { state } = evening();
    expect(handOverToNext(state, settings, "@alice", { reference: 1001 })).toEqual({
      events: [],
      colleague: "@bea",
    });
  });

  it("should say so when nobody is free, when she is not in charge, or the reference is unknown", () => {
    const permanence = evening();
    expect(handOverToNext(permanence.state, settings, "@bea", { reference: 1001 })).toEqual({
      refused: "not_in_charge",
    });
    expect(handOverToNext(permanence.state, settings, "@alice", { reference: 4242 })).toEqual({
      refused: "not_found",
    });
    permanence.counsellorPauses("@bea");
    expect(handOverToNext(permanence.state, settings, "@alice", { reference: 1001 })).toEqual({
      refused: "nobody_free",
    });
  });
});
