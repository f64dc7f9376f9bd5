import { describe, expect, it } from "vitest";
import { invariantViolations } from "./invariants.ts";
import { assignRefusal } from "./reassign.ts";
import { Permanence, second, settingsFor } from "./testing/scenario.ts";
import { inviteAllowanceMs } from "./transitions/offer.ts";

/** "Jeune 4821" (!a) is offered to Alice; Bea is on duty, busy with !b; Chloé is off duty. */
function offeredToAlice(): Permanence {
  const permanence = new Permanence(
    settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@chloe" }]),
  );
  permanence.counsellorGoesOnDuty("@bea");
  permanence.youthArrives("!b", 1111);
  permanence.counsellorJoins("!b", "@bea");
  permanence.counsellorGoesOnDuty("@alice");
  permanence.clockAdvances(second);
  permanence.youthArrives("!a", 4821);
  expect(permanence.invites()).toEqual(["!a→@alice"]);
  permanence.clockAdvances(30 * second);
  return permanence;
}

function sound(permanence: Permanence): void {
  expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);
}

describe("a supervisor's assignment", () => {
  it("should withdraw the pending offer, without pausing, and offer the youth to the named counsellor", () => {
    const permanence = offeredToAlice();
    permanence.counsellorGoesOnDuty("@chloe");
    const commands = permanence.supervisorAssigns("!a", "@chloe");
    expect(commands.filter((c) => c.type !== "notify_staff")).toEqual([
      { type: "withdraw_invite", conversationId: "!a", counsellorId: "@alice" },
      { type: "invite", conversationId: "!a", counsellorId: "@chloe" },
    ]);
    expect(permanence.notices()).toEqual([
      {
        kind: "reassigned",
        reference: 4821,
        counsellorId: "@chloe",
        by: "@sup",
        previous: "@alice",
      },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "offered",
      counsellorId: "@chloe",
      invitedAt: permanence.now,
      expiresAt: permanence.now + 90 * second,
    });
    expect(permanence.availabilityOf("@alice")).toBe("on_duty");
    // The youth keeps her place at the head of the queue.
    expect(permanence.state.queue).toEqual(["!a"]);
    sound(permanence);
  });

  it("should only renew the expiry when the youth is offered to that counsellor already", () => {
    const permanence = offeredToAlice();
    // A queued youth never waits while someone on duty is free (assignment is eager), so an
    // assignment always names a counsellor with a free slot: here, the one who has the offer.
    const commands = permanence.supervisorAssigns("!a", "@alice");
    expect(commands.filter((c) => c.type !== "notify_staff")).toEqual([]);
    expect(permanence.notices()).toEqual([
      { kind: "reassigned", reference: 4821, counsellorId: "@alice", by: "@sup", previous: null },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "offered",
      counsellorId: "@alice",
      invitedAt: permanence.now,
      expiresAt: permanence.now + 90 * second,
    });
    sound(permanence);
  });

  it("should still wait for the invite when renewing an offer whose invite Synapse has not made", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.invitesMadeAtOnce = false;
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 4821);
    permanence.clockAdvances(30 * second);
    permanence.supervisorAssigns("!a", "@alice");
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "offered",
      counsellorId: "@alice",
      expiresAt: permanence.now + 90 * second + inviteAllowanceMs,
    });
    permanence.inviteMade("!a", "@alice");
    expect(permanence.conversation("!a")?.phase).toMatchObject({
      invitedAt: permanence.now,
      expiresAt: permanence.now + 90 * second,
    });
  });

  it("should let the new offer expire like any other", () => {
    const permanence = offeredToAlice();
    permanence.counsellorGoesOnDuty("@chloe");
    permanence.supervisorAssigns("!a", "@chloe");
    permanence.clockAdvances(90 * second);
    expect(permanence.notices()).toContainEqual({
      kind: "offer_timed_out",
      reference: 4821,
      counsellorId: "@chloe",
    });
    expect(permanence.availabilityOf("@chloe")).toBe("paused");
    sound(permanence);
  });

  it("should refuse, changing nothing, a counsellor off duty, paused or full, and a youth not waiting", () => {
    const permanence = offeredToAlice();
    const { settings } = permanence.context;
    expect(assignRefusal(settings, permanence.state, "!a", "@chloe")).toBe(
      "counsellor_unavailable",
    );
    expect(assignRefusal(settings, permanence.state, "!a", "@bea")).toBe("counsellor_unavailable");
    expect(assignRefusal(settings, permanence.state, "!b", "@alice")).toBe("not_waiting");
    expect(assignRefusal(settings, permanence.state, "!nobody", "@alice")).toBe("not_waiting");
    // Offered to her already: the slot it holds is hers for it.
    expect(assignRefusal(settings, permanence.state, "!a", "@alice")).toBeNull();
    const before = permanence.state;
    for (const [conversation, counsellor] of [
      ["!a", "@chloe"],
      ["!a", "@bea"],
      ["!b", "@alice"],
    ] as const) {
      expect(permanence.supervisorAssigns(conversation, counsellor)).toEqual([]);
      expect(permanence.state).toEqual(before);
    }
    permanence.counsellorPauses("@chloe");
    expect(assignRefusal(settings, permanence.state, "!a", "@chloe")).toBe(
      "counsellor_unavailable",
    );
  });
});
