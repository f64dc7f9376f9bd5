import { describe, expect, it } from "vitest";
import { invariantViolations } from "./invariants.ts";
import { conversationsOf, loadOf } from "./state.ts";
import { Permanence, second, settingsFor } from "./testing/scenario.ts";

/** Alice is talking with "Jeune 4821" (!a); Bea and Chloé are on duty, each with a free slot. */
function aliceTalksWithA(): Permanence {
  const permanence = new Permanence(
    settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@chloe" }]),
  );
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.clockAdvances(second);
  permanence.counsellorGoesOnDuty("@bea");
  permanence.counsellorGoesOnDuty("@chloe");
  return permanence;
}

describe("a handover", () => {
  it("should wait for the colleague, holding her slot, when the counsellor in charge invites her", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.notices()).toEqual([
      { kind: "handover_started", reference: 4821, from: "@alice", to: "@bea" },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "handing_over",
      to: "@bea",
      // Started at 1 s; the offer timeout is 90 s.
      expiresAt: 91 * second,
    });
    // Still Alice's until Bea joins; Bea's slot is held, so no youth is offered to her meanwhile.
    expect(conversationsOf(permanence.state, "@alice")).toEqual(["!a"]);
    expect(loadOf(permanence.state, "@bea")).toBe(1);
    permanence.youthArrives("!b", 1234);
    expect(permanence.invites()).toEqual(["!b→@chloe"]);
  });

  it("should move the conversation to the colleague when she joins, and remove the first counsellor", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.clockAdvances(5 * second);
    const commands = permanence.counsellorJoins("!a", "@bea");
    expect(commands).toEqual([
      { type: "remove_counsellor", conversationId: "!a", counsellorId: "@alice" },
      {
        type: "notify_staff",
        notice: { kind: "handover_completed", reference: 4821, from: "@alice", to: "@bea" },
      },
      {
        type: "publish_status",
        conversationId: "!a",
        status: { state: "counsellor_present", handedOver: true },
      },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@bea",
      stage: "talking",
    });
    expect(conversationsOf(permanence.state, "@alice")).toEqual([]);
    expect(conversationsOf(permanence.state, "@bea")).toEqual(["!a"]);
    expect(loadOf(permanence.state, "@bea")).toBe(1);
    expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);
  });

  it("should free the first counsellor's slot for the next youth in the queue", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorPauses("@chloe");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.youthArrives("!b", 1234);
    expect(permanence.invites()).toEqual([]);
    permanence.counsellorJoins("!a", "@bea");
    expect(permanence.invites()).toEqual(["!b→@alice"]);
  });

  it("should end the conversation for the colleague, not the first counsellor, afterwards", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorJoins("!a", "@bea");
    // Alice's removal comes back as her leaving: it changes nothing.
    expect(permanence.counsellorLeaves("!a", "@alice")).toEqual([]);
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.phaseOf("!a")).toBe("active");
    permanence.counsellorEnds("!a", "@bea");
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(loadOf(permanence.state, "@bea")).toBe(0);
  });

  it("should accept a paused colleague, who agreed to take it over", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorPauses("@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.noticeKinds()).toEqual(["handover_started"]);
  });

  it.each([
    ["a colleague off duty", "@alice", "@dora", "off_duty"],
    ["someone who is not a counsellor", "@alice", "@stranger", "not_a_counsellor"],
    ["an invite by a counsellor who is not in charge", "@bea", "@chloe", "not_in_charge"],
  ])("should revoke %s and say why, changing nothing", (_what, by, to, reason) => {
    const permanence = new Permanence(
      settingsFor([
        { userId: "@alice" },
        { userId: "@bea" },
        { userId: "@chloe" },
        { userId: "@dora" },
      ]),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 4821);
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorGoesOnDuty("@bea");
    permanence.counsellorGoesOnDuty("@chloe");
    const before = permanence.state;
    expect(permanence.counsellorInvites("!a", by, to)).toEqual([
      { type: "revoke_invite", conversationId: "!a", userId: to },
      {
        type: "notify_staff",
        notice: { kind: "handover_refused", reference: 4821, by, to, reason },
      },
    ]);
    expect(permanence.state).toEqual(before);
  });

  it("should revoke an invite to a colleague who has no free slot", () => {
    const permanence = aliceTalksWithA();
    permanence.youthArrives("!b", 1234);
    permanence.counsellorJoins("!b", "@bea");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.commandsOfType("revoke_invite")).toEqual([
      { type: "revoke_invite", conversationId: "!a", userId: "@bea" },
    ]);
    expect(permanence.notices()).toMatchObject([{ kind: "handover_refused", reason: "full" }]);
  });

  it("should revoke any invite into a conversation that is still waiting", () => {
    const permanence = aliceTalksWithA();
    permanence.youthArrives("!b", 1234);
    expect(permanence.counsellorInvites("!b", "@chloe", "@bea")).toMatchObject([
      { type: "revoke_invite", conversationId: "!b", userId: "@bea" },
      { type: "notify_staff", notice: { reason: "not_in_charge" } },
    ]);
  });

  it("should change nothing when the same invite is seen again", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.counsellorInvites("!a", "@alice", "@bea")).toEqual([]);
  });

  it("should never revoke (kick) someone already in charge or already invited to take over", () => {
    const permanence = aliceTalksWithA();
    expect(permanence.counsellorInvites("!a", "@alice", "@alice")).toEqual([]);
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.counsellorInvites("!a", "@chloe", "@bea")).toEqual([]);
    expect(permanence.counsellorInvites("!a", "@chloe", "@alice")).toEqual([]);
  });

  it("should replace a pending handover with a new one, withdrawing the first invite", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.counsellorInvites("!a", "@alice", "@chloe")).toEqual([
      { type: "withdraw_invite", conversationId: "!a", counsellorId: "@bea" },
      {
        type: "notify_staff",
        notice: { kind: "handover_cancelled", reference: 4821, to: "@bea", reason: "replaced" },
      },
      {
        type: "notify_staff",
        notice: { kind: "handover_started", reference: 4821, from: "@alice", to: "@chloe" },
      },
      // The youth's page learns whom it may announce as taking over (observers.ts).
      {
        type: "publish_status",
        conversationId: "!a",
        status: { state: "counsellor_present", takingOver: "@chloe" },
      },
    ]);
    expect(loadOf(permanence.state, "@bea")).toBe(0);
    // Bea's late join is a colleague joining a conversation that is not hers.
    expect(permanence.counsellorJoins("!a", "@bea")).toEqual([
      { type: "remove_counsellor", conversationId: "!a", counsellorId: "@bea" },
    ]);
  });

  it("should keep the conversation with the counsellor in charge when the colleague declines", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.handoverDeclined("!a", "@bea")).toEqual([
      {
        type: "notify_staff",
        notice: { kind: "handover_cancelled", reference: 4821, to: "@bea", reason: "declined" },
      },
      { type: "publish_status", conversationId: "!a", status: { state: "counsellor_present" } },
    ]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "talking",
    });
    // Declining a handover is not declining an offer: she is not paused.
    expect(permanence.availabilityOf("@bea")).toBe("on_duty");
  });

  it("should withdraw a pending handover when the colleague goes off duty", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorGoesOffDuty("@bea");
    expect(permanence.withdrawals()).toEqual(["!a→@bea"]);
    expect(permanence.notices()).toContainEqual({
      kind: "handover_cancelled",
      reference: 4821,
      to: "@bea",
      reason: "off_duty",
    });
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "talking",
    });
  });

  it("should withdraw the colleague's invite when the conversation ends first", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.youthLeaves("!a");
    expect(permanence.withdrawals()).toEqual(["!a→@bea"]);
    expect(loadOf(permanence.state, "@bea")).toBe(0);
  });
});

describe("a counsellor who leaves right after inviting her colleague", () => {
  function aliceInvitesBeaThenLeaves(): Permanence {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorLeaves("!a", "@alice");
    return permanence;
  }

  it("should keep the conversation for the colleague, the youth waiting for her", () => {
    const permanence = aliceInvitesBeaThenLeaves();
    expect(permanence.phaseOf("!a")).toBe("active");
    expect(permanence.commandsOfType("close_conversation")).toEqual([]);
    expect(permanence.published()).toEqual({ "!a": { state: "counsellor_joining" } });
    expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);
  });

  it("should give it to the colleague when she joins, removing nobody", () => {
    const permanence = aliceInvitesBeaThenLeaves();
    permanence.counsellorJoins("!a", "@bea");
    expect(permanence.commandsOfType("remove_counsellor")).toEqual([]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@bea",
      stage: "talking",
    });
    expect(permanence.published()).toEqual({
      "!a": { state: "counsellor_present", handedOver: true },
    });
    expect(loadOf(permanence.state, "@alice")).toBe(0);
  });

  it.each([
    ["declines", (p: Permanence) => p.handoverDeclined("!a", "@bea")],
    ["goes off duty", (p: Permanence) => p.counsellorGoesOffDuty("@bea")],
  ])("should end the conversation when the colleague %s, since nobody is left", (_what, act) => {
    const permanence = aliceInvitesBeaThenLeaves();
    act(permanence);
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.published()).toEqual({ "!a": { state: "counsellor_left" } });
    expect(loadOf(permanence.state, "@alice")).toBe(0);
    expect(loadOf(permanence.state, "@bea")).toBe(0);
  });
});
