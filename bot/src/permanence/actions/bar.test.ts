import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { bar } from "./bar.ts";

describe("barring a conversation's opener", () => {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 1001);
  permanence.counsellorJoins("!a", "@alice");
  permanence.youthArrives("!b", 1002);

  it("should end it, naming the room whose opener the door bars first", () => {
    expect(bar(permanence.state, "@alice", { reference: 1001 })).toEqual({
      events: [{ type: "end_requested", conversationId: "!a", by: "@alice" }],
      conversationId: "!a",
    });
  });

  it("should be for the counsellor in charge only: not a colleague, not for a waiting youth", () => {
    expect(bar(permanence.state, "@bea", { reference: 1001 })).toEqual({
      refused: "not_in_charge",
    });
    expect(bar(permanence.state, "@alice", { reference: 1002 })).toEqual({
      refused: "not_in_charge",
    });
    expect(bar(permanence.state, "@alice", { reference: 4242 })).toEqual({ refused: "not_found" });
  });
});
