import { describe, expect, it } from "vitest";
import { decide, initialState } from "./decide.ts";
import { Permanence, alwaysOpen, minute, settingsFor } from "./testing/scenario.ts";

describe("a counsellor's availability", () => {
  it("should start off duty for every configured counsellor", () => {
    const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea", maxConversations: 3 }]);
    expect(initialState(settings, 5)).toEqual({
      conversations: {},
      queue: [],
      counsellors: {
        "@alice": { availability: "off_duty", active: [], lastOfferAt: 5 },
        "@bea": { availability: "off_duty", active: [], lastOfferAt: 5 },
      },
      warnedForClosingAt: null,
      closedSlotAt: null,
      openSlotClosesAt: null,
    });
  });

  it("should tell the staff room when it really changes, and only then", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.clockAdvances(minute);
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.notices()).toEqual([
      { kind: "availability_changed", counsellorId: "@alice", availability: "on_duty" },
    ]);
    expect(permanence.state.counsellors["@alice"]?.lastOfferAt).toBe(minute);
    expect(permanence.counsellorGoesOnDuty("@alice")).toEqual([]);
  });

  it("should ignore a counsellor who is not in the config", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    const before = permanence.state;
    expect(permanence.counsellorGoesOnDuty("@stranger")).toEqual([]);
    expect(permanence.state).toBe(before);
  });

  it("should take back pending offers on pause, the youth going to a colleague", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorPauses("@alice");
    expect(permanence.commands.slice(0, 2).map((c) => c.type)).toEqual([
      "withdraw_invite",
      "invite",
    ]);
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
    expect(permanence.invites()).toEqual(["!a→@bea"]);
  });

  it("should let conversations under way continue when the counsellor goes off duty", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.counsellorJoins("!a", "@alice");
    permanence.youthArrives("!b");
    permanence.counsellorGoesOffDuty("@alice");
    expect(permanence.commandsOfType("close_conversation")).toEqual([]);
    expect(permanence.counsellorOf("!a")).toBe("@alice");
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.invites()).toEqual([]);
    expect(permanence.phaseOf("!b")).toBe("queued");
  });

  it("should not change the state it is given", () => {
    const settings = settingsFor([{ userId: "@alice" }]);
    const state = initialState(settings, 0);
    const copy = structuredClone(state);
    decide(
      { settings, schedule: alwaysOpen },
      state,
      { type: "availability_set", counsellorId: "@alice", availability: "on_duty" },
      1,
    );
    expect(state).toEqual(copy);
  });
});
