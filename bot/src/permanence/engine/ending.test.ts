import { describe, expect, it } from "vitest";
import { conversationsOf } from "./state.ts";
import { Permanence, minute, settingsFor } from "./testing/scenario.ts";

function aliceWithYouth(): Permanence {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  return permanence;
}

describe("ending a conversation", () => {
  it("should close it when the youth leaves, free the slot and serve the next youth at once", () => {
    const permanence = aliceWithYouth();
    permanence.youthArrives("!b", 4822);
    permanence.youthLeaves("!a");
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(conversationsOf(permanence.state, "@alice")).toEqual([]);
    expect(permanence.invites()).toEqual(["!b→@alice"]);
    expect(permanence.notices()).toContainEqual({
      kind: "conversation_ended",
      reference: 4821,
      reason: "youth_left",
    });
    expect(permanence.commandsOfType("publish_status")[0]).toEqual({
      type: "publish_status",
      conversationId: "!a",
      status: { state: "ended", reason: "youth_left" },
    });
    expect(permanence.commands.at(-1)).toEqual({
      type: "close_conversation",
      conversationId: "!a",
      reason: "youth_left",
    });
  });

  it("should let the counsellor in the conversation end it, and nobody else", () => {
    const permanence = aliceWithYouth();
    permanence.counsellorGoesOnDuty("@bea");
    expect(permanence.counsellorEnds("!a", "@bea")).toEqual([]);
    expect(permanence.counsellorEnds("!a", "@stranger")).toEqual([]);
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "counsellor_ended" },
    ]);
  });

  it("should let any counsellor end a conversation still waiting, taking back its offer", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.counsellorEnds("!a", "@bea");
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.state.queue).toEqual([]);
  });

  it("should tell the youth the counsellor left when the counsellor leaves the room", () => {
    const permanence = aliceWithYouth();
    permanence.counsellorLeaves("!a", "@alice");
    expect(permanence.published()).toEqual({ "!a": { state: "counsellor_left" } });
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "counsellor_left" },
    ]);
  });

  it("should not end the conversation when a removed intruder leaves", () => {
    const permanence = aliceWithYouth();
    permanence.counsellorJoins("!a", "@bea");
    expect(permanence.counsellorLeaves("!a", "@bea")).toEqual([]);
    expect(permanence.counsellorOf("!a")).toBe("@alice");
  });

  it("should end a conversation nobody wrote in for the inactivity limit", () => {
    const permanence = aliceWithYouth();
    permanence.clockAdvances(20 * minute);
    permanence.someoneWrites("!a");
    permanence.clockAdvances(29 * minute);
    expect(permanence.phaseOf("!a")).toBe("active");
    permanence.clockAdvances(minute);
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "inactivity" },
    ]);
    expect(conversationsOf(permanence.state, "@alice")).toEqual([]);
  });

  it("should not end waiting youths for inactivity", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!a");
    permanence.clockAdvances(3 * 60 * minute);
    expect(permanence.phaseOf("!a")).toBe("queued");
  });

  it("should ignore events about conversations that already ended", () => {
    const permanence = aliceWithYouth();
    permanence.youthLeaves("!a");
    const before = permanence.state;
    expect(permanence.youthLeaves("!a")).toEqual([]);
    expect(permanence.someoneWrites("!a")).toEqual([]);
    expect(permanence.counsellorLeaves("!a", "@alice")).toEqual([]);
    expect(permanence.state).toBe(before);
  });
});
