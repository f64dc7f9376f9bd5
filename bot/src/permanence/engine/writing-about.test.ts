import { describe, expect, it } from "vitest";
import type { PermanenceCommand } from "../types.ts";
import { Permanence, minute, settingsFor } from "./testing/scenario.ts";

// The youth's answer to "about myself / about someone close" rides on her conversation: the
// invites that offer it say it, and it goes with the conversation, never anywhere else.

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);

function arrivesWriting(permanence: Permanence, writingAbout?: "self" | "close-one") {
  return permanence.happens({
    type: "youth_arrived",
    conversationId: "!a",
    youthId: "@y-a",
    reference: 4821,
    ...(writingAbout === undefined ? {} : { writingAbout }),
  });
}

const invites = (commands: PermanenceCommand[]) =>
  commands.filter((command) => command.type === "invite");

describe("who the youth writes about", () => {
  it("should be kept on the conversation and said with the offer's invite", () => {
    const permanence = new Permanence(settings);
    arrivesWriting(permanence, "close-one");
    expect(permanence.conversation("!a")?.writingAbout).toBe("close-one");
    expect(invites(permanence.counsellorGoesOnDuty("@alice"))).toEqual([
      { type: "invite", conversationId: "!a", counsellorId: "@alice", writingAbout: "close-one" },
    ]);
    permanence.counsellorJoins("!a", "@alice");
    expect(permanence.conversation("!a")).toMatchObject({
      phase: { kind: "active", counsellorId: "@alice" },
      writingAbout: "close-one",
    });
  });

  it("should go with a supervisor's reassignment and a requeued conversation's invite", () => {
    const permanence = new Permanence(settings);
    arrivesWriting(permanence, "self");
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    const reassigned = permanence.happens({
      type: "assign_requested",
      conversationId: "!a",
      counsellorId: "@bea",
      by: "@alice",
    });
    expect(invites(reassigned)).toEqual([
      { type: "invite", conversationId: "!a", counsellorId: "@bea", writingAbout: "self" },
    ]);
    permanence.counsellorJoins("!a", "@bea");
    permanence.counsellorRequeues("!a", "@bea");
    // She left before inviting the colleague herself: the bot invites her, with the answer.
    const left = permanence.counsellorLeaves("!a", "@bea");
    expect(invites(left)).toEqual([
      { type: "invite", conversationId: "!a", counsellorId: "@alice", writingAbout: "self" },
    ]);
  });

  it("should be absent when not given, as in every journal written before the question", () => {
    const permanence = new Permanence(settings);
    arrivesWriting(permanence);
    expect(permanence.conversation("!a")).not.toHaveProperty("writingAbout");
    expect(invites(permanence.counsellorGoesOnDuty("@alice"))).toEqual([
      { type: "invite", conversationId: "!a", counsellorId: "@alice" },
    ]);
  });

  it("should leave nothing behind once the conversation is over", () => {
    const permanence = new Permanence(settings);
    arrivesWriting(permanence, "close-one");
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.conversation("!a")).toBeUndefined();
    expect(JSON.stringify(permanence.state)).not.toContain("close-one");
    permanence.clockAdvances(10 * minute);
    expect(JSON.stringify(permanence.state)).not.toContain("close-one");
  });
});
