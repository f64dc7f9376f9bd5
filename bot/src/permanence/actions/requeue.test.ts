import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "../engine/testing/scenario.ts";
import { requeue } from "./requeue.ts";

function aliceInConversation(): Permanence {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 1001);
  permanence.counsellorJoins("!a", "@alice");
  return permanence;
}

describe("sending a conversation back to the queue", () => {
  it("should be asked by the counsellor in charge only", () => {
    const { state } = aliceInConversation();
    expect(requeue(state, "@alice", { reference: 1001 })).toEqual({
      events: [{ type: "requeue_requested", conversationId: "!a", by: "@alice" }],
    });
    expect(requeue(state, "@bea", { reference: 1001 })).toEqual({ refused: "not_in_charge" });
    expect(requeue(state, "@alice", { reference: 4242 })).toEqual({ refused: "not_found" });
  });

  it("should say it is back in the queue already, and with whom once a colleague is chosen", () => {
    const permanence = aliceInConversation();
    permanence.counsellorRequeues("!a", "@alice");
    expect(requeue(permanence.state, "@alice", { reference: 1001 })).toEqual({
      refused: "already_requeued",
      colleague: null,
    });
    permanence.counsellorGoesOnDuty("@bea");
    expect(requeue(permanence.state, "@alice", { reference: 1001 })).toEqual({
      refused: "already_requeued",
      colleague: "@bea",
    });
  });

  it("should refuse while a colleague is invited to take it over", () => {
    const permanence = aliceInConversation();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(requeue(permanence.state, "@alice", { reference: 1001 })).toEqual({
      refused: "handover_pending",
    });
  });
});
