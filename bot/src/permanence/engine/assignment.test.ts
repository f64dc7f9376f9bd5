import { describe, expect, it } from "vitest";
import { Permanence, minute, settingsFor } from "./testing/scenario.ts";

describe("assignment", () => {
  it("should offer the youth to the counsellor on duty with an invite that expires", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.clockAdvances(minute);
    permanence.youthArrives("!a", 4821);
    expect(permanence.invites()).toEqual(["!a→@alice"]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "offered",
      counsellorId: "@alice",
      // Synapse made the invite at once (the scenario's default): 90 s from then.
      invitedAt: minute,
      expiresAt: minute + 90_000,
    });
    expect(permanence.state.counsellors["@alice"]?.lastOfferAt).toBe(minute);
    expect(permanence.notices()).toContainEqual({
      kind: "offered",
      reference: 4821,
      counsellorId: "@alice",
    });
    expect(permanence.published()).toEqual({ "!a": { state: "counsellor_joining" } });
  });

  it("should offer nothing when nobody is on duty", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!a");
    expect(permanence.invites()).toEqual([]);
    expect(permanence.phaseOf("!a")).toBe("queued");
  });

  it("should go to the least-loaded counsellor", () => {
    const permanence = new Permanence(
      settingsFor([{ userId: "@alice" }, { userId: "@bea" }], { defaultMaxConversations: 3 }),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.clockAdvances(minute);
    permanence.counsellorGoesOnDuty("@bea");
    permanence.youthArrives("!a");
    permanence.counsellorJoins("!a", "@alice");
    permanence.youthArrives("!b");
    expect(permanence.invites()).toEqual(["!b→@bea"]);
  });

  it("should break ties by the longest idle, then by user id", () => {
    const permanence = new Permanence(
      settingsFor([{ userId: "@bea" }, { userId: "@alice" }, { userId: "@chloe" }]),
    );
    permanence.counsellorGoesOnDuty("@chloe");
    permanence.clockAdvances(minute);
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    expect(permanence.invites()).toEqual(["!a→@chloe"]);
    permanence.youthArrives("!b");
    expect(permanence.invites()).toEqual(["!b→@alice"]);
  });

  it("should count a pending offer as load", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    expect(permanence.invites()).toEqual([]);
    expect(permanence.phaseOf("!b")).toBe("queued");
  });

  it("should respect a counsellor's own maximum over the default", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice", maxConversations: 2 }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    permanence.youthArrives("!c");
    expect(permanence.state.queue.map((id) => permanence.phaseOf(id))).toEqual([
      "offered",
      "offered",
      "queued",
    ]);
  });

  it("should serve the queue in arrival order when a counsellor comes on duty", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.invites()).toEqual(["!a→@alice"]);
  });

  it("should offer the head of the queue at once when a slot is freed", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.counsellorJoins("!a", "@alice");
    permanence.youthArrives("!b");
    permanence.youthArrives("!c");
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.invites()).toEqual(["!b→@alice"]);
    expect(permanence.phaseOf("!c")).toBe("queued");
  });
});
