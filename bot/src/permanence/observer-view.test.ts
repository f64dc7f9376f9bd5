// What the consoles see of an observer (engine/observers.ts): the counsellor in charge is asked to
// invite her, and she sees the conversation as one she reads once invited, never before.

import { describe, expect, it } from "vitest";
import { Permanence, settingsFor } from "./engine/testing/scenario.ts";
import { counsellorView, supervisorOverview } from "./public-view.ts";

function viewOf(permanence: Permanence, userId: string) {
  return counsellorView({
    state: permanence.state,
    settings: permanence.context.settings,
    userId,
    timeZone: "Europe/Brussels",
    supervisor: false,
    cannedReplies: [],
  });
}

describe("an observer on the consoles", () => {
  it("should be listed for the counsellor in charge to invite, then shown to her as observing", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@sara" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 4821);
    permanence.counsellorJoins("!a", "@alice");
    permanence.happens({
      type: "observer_requested",
      conversationId: "!a",
      observerId: "@sara",
      by: "@sara",
    });
    expect(viewOf(permanence, "@alice")?.pendingObservers).toEqual([
      { reference: 4821, roomId: "!a", observerId: "@sara" },
    ]);
    expect(viewOf(permanence, "@alice")?.conversations[0]?.observers).toEqual(["@sara"]);
    // Not invited yet: the room is not hers to know.
    expect(viewOf(permanence, "@sara")?.conversations).toEqual([]);
    expect(supervisorOverview(permanence.state, permanence.context.settings).inProgress).toEqual([
      {
        reference: 4821,
        counsellorId: "@alice",
        arrivedAt: expect.any(String),
        observers: ["@sara"],
      },
    ]);

    permanence.counsellorInvites("!a", "@alice", "@sara");
    expect(viewOf(permanence, "@alice")?.pendingObservers).toBeUndefined();
    expect(viewOf(permanence, "@sara")?.conversations).toEqual([
      expect.objectContaining({
        reference: 4821,
        roomId: "!a",
        state: "observing",
        observing: "invited",
        counsellorId: "@alice",
      }),
    ]);
    permanence.counsellorJoins("!a", "@sara");
    expect(viewOf(permanence, "@sara")?.conversations[0]?.observing).toBe("joined");
    // Reading is not taking: her load stays empty.
    expect(viewOf(permanence, "@sara")?.load).toBe(0);
  });
});
