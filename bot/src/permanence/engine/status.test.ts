import { describe, expect, it } from "vitest";
import type { YouthStatus } from "../types.ts";
import { publishStatuses, youthStatus } from "./status.ts";
import { Permanence, minute, settingsFor } from "./testing/scenario.ts";

describe("the youth's status", () => {
  it("should say the position and no estimate while nobody is on duty", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    expect(permanence.published()).toEqual({
      "!b": { state: "waiting", position: 2, estimatedWaitMinutes: null },
    });
  });

  it("should count offered youths ahead, and estimate rounds of typical conversations", () => {
    const permanence = new Permanence(
      settingsFor([{ userId: "@alice", maxConversations: 2 }, { userId: "@bea" }], {
        typicalConversationMs: 25 * minute + 1,
      }),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    for (const id of ["!a", "!b", "!c", "!d", "!e", "!f", "!g"]) permanence.youthArrives(id);
    // Capacity on duty is 3; !d..!g wait at positions 4..7.
    expect(permanence.statusOf("!c")).toEqual({ state: "counsellor_joining" });
    expect(permanence.statusOf("!d")).toEqual({
      state: "waiting",
      position: 4,
      estimatedWaitMinutes: 51,
    });
    expect(permanence.statusOf("!g")).toEqual({
      state: "waiting",
      position: 7,
      estimatedWaitMinutes: 76,
    });
  });

  it("should publish only what changed", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    expect(permanence.clockAdvances(minute)).toEqual([]);
    permanence.youthLeaves("!a");
    expect(permanence.published()).toEqual({
      "!a": { state: "ended", reason: "youth_left" },
      "!b": { state: "waiting", position: 1, estimatedWaitMinutes: null },
    });
  });

  it("should update the estimate when a counsellor comes on duty", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    expect(permanence.statusOf("!b")).toEqual({
      state: "waiting",
      position: 2,
      estimatedWaitMinutes: 40,
    });
    permanence.counsellorGoesOnDuty("@bea");
    expect(permanence.published()).toEqual({ "!b": { state: "counsellor_joining" } });
  });

  it("should not publish again what a restored state already published, nor miss a new key", () => {
    const settings = settingsFor([{ userId: "@alice" }]);
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a");
    // A state restored from the journal's snapshot: the same values, other objects.
    const restored = structuredClone(permanence.state);
    expect(publishStatuses(settings, restored).commands).toEqual([]);

    const conversation = restored.conversations["!a"];
    if (conversation === undefined) throw new Error("!a should be live");
    // A key added to the status, even with no value, is a change the youth's page must receive.
    const withKey = { ...conversation.published, handedOver: undefined } as YouthStatus;
    const changed = {
      ...restored,
      conversations: { "!a": { ...conversation, published: withKey } },
    };
    expect(publishStatuses(settings, changed).commands).toEqual([
      { type: "publish_status", conversationId: "!a", status: conversation.published },
    ]);
  });

  it("should move every youth behind one who leaves up one place, in one decision, in arrival order", () => {
    // A campaign night's queue: hundreds waiting, and one of them leaves.
    const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);
    const permanence = new Permanence(settings);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    const ids = Array.from({ length: 400 }, (_, i) => `!y${String(i).padStart(3, "0")}`);
    for (const id of ids) permanence.youthArrives(id);
    expect(permanence.statusOf("!y399")).toEqual({
      state: "waiting",
      position: 400,
      estimatedWaitMinutes: 4000,
    });

    permanence.youthLeaves("!y002");
    const published = permanence.commands.flatMap((c) =>
      c.type === "publish_status" ? [c.conversationId] : [],
    );
    expect(published).toEqual(["!y002", ...ids.slice(3)]);
    for (const [index, id] of ids.slice(3).entries()) {
      // Offered youths (!y000, !y001) keep their places 1 and 2.
      expect(permanence.statusOf(id)).toEqual({
        state: "waiting",
        position: index + 3,
        estimatedWaitMinutes: Math.ceil((index + 3) / 2) * 20,
      });
      const conversation = permanence.conversation(id);
      if (conversation === undefined) throw new Error(`${id} should be live`);
      // The same as the status computed for this youth alone.
      expect(conversation.published).toEqual(youthStatus(settings, permanence.state, conversation));
    }
    expect(permanence.statusOf("!y000")).toEqual({ state: "counsellor_joining" });
  });
});
