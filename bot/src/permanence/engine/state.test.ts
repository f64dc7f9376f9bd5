import { describe, expect, it } from "vitest";
import {
  conversationsOf,
  handoversTo,
  liveConversations,
  loadOf,
  offersTo,
  putConversation,
} from "./state.ts";
import { Permanence, minute, settingsFor } from "./testing/scenario.ts";

describe("a counsellor's load", () => {
  it("should count her active conversations, her offers and the handovers offered to her", () => {
    const permanence = new Permanence(
      settingsFor([
        { userId: "@alice", maxConversations: 2 },
        { userId: "@bea", maxConversations: 2 },
      ]),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorJoins("!b", "@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.youthArrives("!c");
    expect(permanence.counsellorOf("!c")).toBe("@alice");
    const { state } = permanence;
    // Each is full: alice has !a and the offer of !c, bea has !b and the handover of !a.
    for (const id of ["@alice", "@bea"]) {
      expect(loadOf(state, id)).toBe(
        conversationsOf(state, id).length +
          offersTo(state, id).length +
          handoversTo(state, id).length,
      );
      expect(loadOf(state, id)).toBe(2);
    }
    permanence.youthArrives("!d");
    expect(permanence.phaseOf("!d")).toBe("queued");
    expect(loadOf(state, "@nobody")).toBe(0);
  });

  it("should follow each new state, never an earlier one's count", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice", maxConversations: 3 }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    const before = permanence.state;
    expect(loadOf(before, "@alice")).toBe(1);
    permanence.youthArrives("!b");
    expect(loadOf(permanence.state, "@alice")).toBe(2);
    expect(loadOf(before, "@alice")).toBe(1);
  });
});

describe("the live conversations", () => {
  it("should list a replaced conversation as it is now, in arrival order", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!b");
    permanence.clockAdvances(minute);
    permanence.youthArrives("!a");
    const listed = liveConversations(permanence.state);
    expect(listed.map((c) => c.id)).toEqual(["!b", "!a"]);
    const first = listed[0];
    if (first === undefined) throw new Error("!b should be live");
    const changed = putConversation(permanence.state, { ...first, reference: 4242 });
    expect(liveConversations(changed).map((c) => [c.id, c.reference])).toEqual([
      ["!b", 4242],
      ["!a", listed[1]?.reference],
    ]);
  });
});
