import { describe, expect, it } from "vitest";
import { invariantViolations } from "./invariants.ts";
import { requeueRefusal } from "./requeue.ts";
import { conversationsOf, loadOf } from "./state.ts";
import { Permanence, minute, second, settingsFor } from "./testing/scenario.ts";

/** Alice talks with "Jeune 4821" (!a); Bea and Chloé are off duty. One conversation each. */
function aliceTalksWithA(): Permanence {
  const permanence = new Permanence(
    settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@chloe" }]),
  );
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.clockAdvances(second);
  return permanence;
}

function sound(permanence: Permanence): void {
  expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);
}

describe("back to the queue", () => {
  it("should keep the conversation with its counsellor, marked, while no colleague is free", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorRequeues("!a", "@alice");
    expect(permanence.notices()).toEqual([
      { kind: "requeued", reference: 4821, counsellorId: "@alice" },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "requeued",
      requeuedAt: second,
    });
    expect(conversationsOf(permanence.state, "@alice")).toEqual(["!a"]);
    // Nothing for the youth to see: she is still talking with Alice.
    expect(permanence.published()).toEqual({});
    sound(permanence);
  });

  it("should choose a colleague as soon as one is free, and ask the counsellor in charge to invite her", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorRequeues("!a", "@alice");
    permanence.clockAdvances(10 * second);
    permanence.counsellorGoesOnDuty("@bea");
    expect(permanence.notices()).toContainEqual({
      kind: "requeue_matched",
      reference: 4821,
      from: "@alice",
      to: "@bea",
      invitedBy: "counsellor",
    });
    // Only Alice's client can share the history: the bot does not invite.
    expect(permanence.invites()).toEqual([]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "awaiting_invite",
      requeuedAt: second,
      to: "@bea",
      expiresAt: 11 * second + 90 * second,
    });
    expect(loadOf(permanence.state, "@bea")).toBe(1);
    sound(permanence);
  });

  it("should become an ordinary handover once she invites, and end with the colleague in charge", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorRequeues("!a", "@alice");
    expect(permanence.conversation("!a")?.phase).toMatchObject({ to: "@bea" });
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.commandsOfType("revoke_invite")).toEqual([]);
    expect(permanence.noticeKinds()).toEqual(["handover_started"]);
    expect(permanence.conversation("!a")?.phase).not.toMatchObject({ stage: "awaiting_invite" });
    const commands = permanence.counsellorJoins("!a", "@bea");
    expect(commands).toContainEqual({
      type: "remove_counsellor",
      conversationId: "!a",
      counsellorId: "@alice",
    });
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@bea",
      stage: "talking",
    });
    expect(conversationsOf(permanence.state, "@alice")).toEqual([]);
    sound(permanence);
  });

  it("should serve a requeued conversation before a youth who arrived later, and the queue after", () => {
    const permanence = aliceTalksWithA();
    permanence.youthArrives("!b", 1234);
    permanence.counsellorRequeues("!a", "@alice");
    permanence.counsellorGoesOnDuty("@bea");
    // Bea's one slot goes to the requeued conversation, not to the youth in the queue.
    expect(permanence.conversation("!a")?.phase).toMatchObject({ to: "@bea" });
    expect(permanence.phaseOf("!b")).toBe("queued");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorJoins("!a", "@bea");
    // Alice's slot is free again: the youth in the queue goes to her.
    expect(permanence.invites()).toEqual(["!b→@alice"]);
    sound(permanence);
  });

  it("should serve requeued conversations in the order they were requeued", () => {
    const permanence = new Permanence(
      settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@chloe" }], {
        defaultMaxConversations: 2,
      }),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 1);
    permanence.youthArrives("!b", 2);
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorJoins("!b", "@alice");
    permanence.clockAdvances(second);
    permanence.counsellorRequeues("!b", "@alice");
    permanence.clockAdvances(second);
    permanence.counsellorRequeues("!a", "@alice");
    permanence.happens({
      type: "availability_set",
      counsellorId: "@chloe",
      availability: "on_duty",
    });
    // Chloé has two slots: both are matched, !b (requeued first) first.
    expect(permanence.notices().filter((n) => n.kind === "requeue_matched")).toEqual([
      {
        kind: "requeue_matched",
        reference: 2,
        from: "@alice",
        to: "@chloe",
        invitedBy: "counsellor",
      },
      {
        kind: "requeue_matched",
        reference: 1,
        from: "@alice",
        to: "@chloe",
        invitedBy: "counsellor",
      },
    ]);
    sound(permanence);
  });

  it("should never hand a conversation back to its own counsellor, free as she may be", () => {
    const permanence = new Permanence(
      settingsFor([{ userId: "@alice" }, { userId: "@bea" }], {
        defaultMaxConversations: 2,
      }),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 4821);
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorRequeues("!a", "@alice");
    expect(loadOf(permanence.state, "@alice")).toBe(1);
    expect(permanence.conversation("!a")?.phase).not.toHaveProperty("to");
    sound(permanence);
  });

  it("should let the bot invite, without history, when the counsellor in charge has left", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorRequeues("!a", "@alice");
    permanence.counsellorLeaves("!a", "@alice");
    // Not ended: the youth waits for the next colleague.
    expect(permanence.phaseOf("!a")).toBe("active");
    expect(permanence.statusOf("!a")).toEqual({ state: "counsellor_joining" });
    sound(permanence);
    permanence.counsellorGoesOnDuty("@bea");
    expect(permanence.invites()).toEqual(["!a→@bea"]);
    expect(permanence.notices()).toContainEqual({
      kind: "requeue_matched",
      reference: 4821,
      from: "@alice",
      to: "@bea",
      invitedBy: "bot",
    });
    permanence.counsellorJoins("!a", "@bea");
    // Alice is gone already: nobody to remove.
    expect(permanence.commandsOfType("remove_counsellor")).toEqual([]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@bea",
      stage: "talking",
    });
    sound(permanence);
  });

  it("should let the bot send the invite when she leaves or goes off duty before sending it", () => {
    for (const leaves of [
      (p: Permanence) => p.counsellorLeaves("!a", "@alice"),
      (p: Permanence) => p.counsellorGoesOffDuty("@alice"),
    ]) {
      const permanence = aliceTalksWithA();
      permanence.counsellorGoesOnDuty("@bea");
      permanence.counsellorRequeues("!a", "@alice");
      expect(permanence.invites()).toEqual([]);
      leaves(permanence);
      expect(permanence.invites()).toEqual(["!a→@bea"]);
      expect(permanence.notices()).toContainEqual(
        expect.objectContaining({ kind: "requeue_matched", invitedBy: "bot" }),
      );
      expect(permanence.conversation("!a")?.phase).not.toMatchObject({ stage: "awaiting_invite" });
      sound(permanence);
    }
  });

  it("should look for the next colleague when the chosen one declines, and pause her", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorRequeues("!a", "@alice");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.clockAdvances(second);
    permanence.counsellorGoesOnDuty("@chloe");
    permanence.handoverDeclined("!a", "@bea");
    expect(permanence.availabilityOf("@bea")).toBe("paused");
    expect(permanence.conversation("!a")?.phase).toMatchObject({
      counsellorId: "@alice",
      stage: "awaiting_invite",
      to: "@chloe",
    });
    sound(permanence);
  });

  it("should refuse, changing nothing, when asked by someone not in charge, twice, or during a handover", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    expect(requeueRefusal(permanence.state, "!a", "@bea")).toBe("not_in_charge");
    const before = permanence.state;
    expect(permanence.counsellorRequeues("!a", "@bea")).toEqual([]);
    expect(permanence.state).toEqual(before);
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(requeueRefusal(permanence.state, "!a", "@alice")).toBe("handover_pending");
    const during = permanence.state;
    expect(permanence.counsellorRequeues("!a", "@alice")).toEqual([]);
    expect(permanence.state).toEqual(during);
    permanence.handoverDeclined("!a", "@bea");
    permanence.counsellorRequeues("!a", "@alice");
    expect(requeueRefusal(permanence.state, "!a", "@alice")).toBe("already_requeued");
    expect(requeueRefusal(permanence.state, "!nothing", "@alice")).toBe("not_in_charge");
  });

  it("should end a requeued conversation whose counsellor left when the slot closes", () => {
    const closesAt = 2 * 60 * minute;
    const permanence = new Permanence(
      settingsFor([{ userId: "@alice" }, { userId: "@bea" }]),
      (now) =>
        now < closesAt
          ? { open: true, admitting: true, closesAt, admissionEndsAt: closesAt, nextOpensAt: null }
          : {
              open: false,
              admitting: false,
              closesAt: null,
              admissionEndsAt: null,
              nextOpensAt: null,
            },
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 4821);
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorRequeues("!a", "@alice");
    permanence.counsellorLeaves("!a", "@alice");
    permanence.clockAdvances(closesAt);
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "counsellor_left" },
    ]);
    sound(permanence);
  });
});

describe("a pending handover that is not accepted in time", () => {
  it("should be cancelled: invite revoked, staff told, the conversation stays with the counsellor", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.clockAdvances(89 * second)).toEqual([]);
    permanence.clockAdvances(second);
    expect(permanence.commandsOfType("revoke_invite")).toEqual([
      { type: "revoke_invite", conversationId: "!a", userId: "@bea" },
    ]);
    expect(permanence.notices()).toEqual([
      { kind: "handover_cancelled", reference: 4821, to: "@bea", reason: "timed_out" },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "talking",
    });
    // A handover she chose herself: Bea is not paused for it.
    expect(permanence.availabilityOf("@bea")).toBe("on_duty");
    expect(loadOf(permanence.state, "@bea")).toBe(0);
    sound(permanence);
  });

  it("should end the conversation when the counsellor in charge had left after inviting", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorLeaves("!a", "@alice");
    permanence.clockAdvances(90 * second);
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.notices()).toContainEqual({
      kind: "conversation_ended",
      reference: 4821,
      reason: "counsellor_left",
    });
    sound(permanence);
  });

  it("should look for the next colleague for a requeued conversation, pausing the one who let it expire", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorRequeues("!a", "@alice");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorGoesOnDuty("@chloe");
    permanence.clockAdvances(90 * second);
    expect(permanence.commandsOfType("revoke_invite")).toEqual([
      { type: "revoke_invite", conversationId: "!a", userId: "@bea" },
    ]);
    expect(permanence.availabilityOf("@bea")).toBe("paused");
    expect(permanence.conversation("!a")?.phase).toMatchObject({
      stage: "awaiting_invite",
      to: "@chloe",
    });
    sound(permanence);
  });

  it("should not revoke an invite that was never sent, nor pause the colleague for it", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorRequeues("!a", "@alice");
    // Alice's console never invites.
    permanence.clockAdvances(90 * second);
    expect(permanence.commandsOfType("revoke_invite")).toEqual([]);
    expect(permanence.notices()).toContainEqual({
      kind: "handover_cancelled",
      reference: 4821,
      to: "@bea",
      reason: "timed_out",
    });
    expect(permanence.availabilityOf("@bea")).toBe("on_duty");
    // Bea is still the only one free: she is asked for again, with a fresh expiry.
    expect(permanence.conversation("!a")?.phase).toMatchObject({
      to: "@bea",
      expiresAt: permanence.now + 90 * second,
    });
    sound(permanence);
  });

  it("should never expire a handover written before expiries existed (no field)", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    const conversation = permanence.conversation("!a");
    if (conversation?.phase.kind !== "active") throw new Error("expected an active conversation");
    if (conversation.phase.stage !== "handing_over") throw new Error("expected a handover");
    const { expiresAt: _old, ...phase } = conversation.phase;
    permanence.state = {
      ...permanence.state,
      conversations: { "!a": { ...conversation, phase } },
    };
    permanence.clockAdvances(29 * minute);
    expect(permanence.conversation("!a")?.phase).toMatchObject({ to: "@bea" });
    sound(permanence);
  });
});
