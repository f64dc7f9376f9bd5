import { describe, expect, it } from "vitest";
import type { PermanenceEvent, PermanenceState } from "../types.ts";
import { decide, initialState } from "./decide.ts";
import { Permanence, alwaysOpen, second, settingsFor } from "./testing/scenario.ts";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("decide", () => {
  it("should put withdrawals before invites and publications last", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    permanence.youthArrives("!c");
    permanence.clockAdvances(90 * second);
    expect(permanence.commands.map((command) => command.type)).toEqual([
      "withdraw_invite",
      "withdraw_invite",
      "notify_staff",
      "notify_staff",
      "notify_staff",
      "notify_staff",
      "publish_status",
      "publish_status",
      "publish_status",
    ]);
  });

  it("should never change the state it is given", () => {
    const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);
    const context = { settings, schedule: alwaysOpen };
    const events: PermanenceEvent[] = [
      { type: "availability_set", counsellorId: "@alice", availability: "on_duty" },
      { type: "youth_arrived", conversationId: "!a", youthId: "@y", reference: 1 },
      { type: "youth_arrived", conversationId: "!b", youthId: "@z", reference: 2 },
      { type: "counsellor_joined", conversationId: "!a", counsellorId: "@alice" },
      { type: "counsellor_joined", conversationId: "!b", counsellorId: "@bea" },
      { type: "activity", conversationId: "!a" },
      { type: "tick" },
      { type: "availability_set", counsellorId: "@alice", availability: "paused" },
      { type: "end_requested", conversationId: "!a", by: "@alice" },
    ];
    let state: PermanenceState = deepFreeze(initialState(settings, 0));
    events.forEach((event, index) => {
      // A frozen input throws on any write, since modules run in strict mode.
      state = deepFreeze(decide(context, state, event, index * 60 * second).state);
    });
    expect(Object.keys(state.conversations)).toEqual(["!b"]);
  });
});
