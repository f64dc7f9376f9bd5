import { describe, expect, it } from "vitest";
import { conversationsOf } from "./state.ts";
import { minute, Permanence, second, settingsFor } from "./testing/scenario.ts";
import { inviteAllowanceMs } from "./transitions/offer.ts";

function aliceAndBeaOnDuty(): Permanence {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.clockAdvances(second);
  permanence.counsellorGoesOnDuty("@bea");
  return permanence;
}

describe("an offer accepted", () => {
  it("should make the conversation active with the counsellor and take it out of the queue", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a", 4821);
    permanence.clockAdvances(10 * second);
    permanence.counsellorJoins("!a", "@alice");
    expect(permanence.conversation("!a")).toMatchObject({
      phase: { kind: "active", counsellorId: "@alice" },
      lastActivityAt: 11 * second,
    });
    expect(permanence.state.queue).toEqual([]);
    expect(conversationsOf(permanence.state, "@alice")).toEqual(["!a"]);
    expect(permanence.notices()).toEqual([
      { kind: "offer_accepted", reference: 4821, counsellorId: "@alice" },
    ]);
    expect(permanence.published()).toEqual({ "!a": { state: "counsellor_present" } });
  });

  it("should remove a counsellor who joins a youth that is not theirs", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a");
    const before = permanence.state;
    expect(permanence.counsellorJoins("!a", "@bea")).toEqual([
      { type: "remove_counsellor", conversationId: "!a", counsellorId: "@bea" },
    ]);
    expect(permanence.state).toEqual(before);
    permanence.counsellorJoins("!a", "@alice");
    expect(permanence.counsellorJoins("!a", "@bea")).toEqual([
      { type: "remove_counsellor", conversationId: "!a", counsellorId: "@bea" },
    ]);
    expect(permanence.counsellorOf("!a")).toBe("@alice");
  });

  it("should ignore a repeated join by the counsellor already there", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a");
    permanence.counsellorJoins("!a", "@alice");
    expect(permanence.counsellorJoins("!a", "@alice")).toEqual([]);
    expect(conversationsOf(permanence.state, "@alice")).toEqual(["!a"]);
  });

  it("should ignore joins to unknown rooms and by people who are not counsellors", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a");
    const before = permanence.state;
    expect(permanence.counsellorJoins("!unknown", "@alice")).toEqual([]);
    expect(permanence.counsellorJoins("!a", "@stranger")).toEqual([]);
    expect(permanence.state).toBe(before);
  });
});

describe("an offer not answered", () => {
  it("should be withdrawn after the timeout and go to the next counsellor, the youth keeping their place", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a", 4821);
    permanence.clockAdvances(89 * second);
    expect(permanence.withdrawals()).toEqual([]);
    permanence.clockAdvances(second);
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
    expect(permanence.invites()).toEqual(["!a→@bea"]);
    expect(permanence.commands.map((c) => c.type).indexOf("withdraw_invite")).toBe(0);
    expect(permanence.noticeKinds()).toEqual([
      "offer_timed_out",
      "availability_changed",
      "offered",
    ]);
    expect(permanence.state.queue).toEqual(["!a"]);
  });

  it("should pause the silent counsellor so they are not offered youth after youth", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    permanence.clockAdvances(90 * second);
    expect(permanence.availabilityOf("@alice")).toBe("paused");
    expect(permanence.notices()).toContainEqual({
      kind: "availability_changed",
      counsellorId: "@alice",
      availability: "paused",
    });
    expect(permanence.invites()).toEqual([]);
    expect(permanence.state.queue.map((id) => permanence.phaseOf(id))).toEqual([
      "queued",
      "queued",
    ]);
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.invites()).toEqual(["!a→@alice"]);
  });

  it("should take back the counsellor's other pending offers when they are paused", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice", maxConversations: 2 }]));
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a");
    permanence.clockAdvances(30 * second);
    permanence.youthArrives("!b");
    permanence.clockAdvances(60 * second);
    expect(permanence.withdrawals()).toEqual(["!a→@alice", "!b→@alice"]);
    expect(permanence.noticeKinds().filter((kind) => kind === "offer_timed_out")).toHaveLength(1);
  });
});

describe("an offer whose invite Synapse makes late", () => {
  // A campaign night: the bot's outbox runs behind a saturated Synapse, and her invite comes
  // long after the decision. She can answer only once she has it.
  function lagging(): Permanence {
    const permanence = aliceAndBeaOnDuty();
    permanence.invitesMadeAtOnce = false;
    permanence.youthArrives("!a", 4821);
    return permanence;
  }

  it("should give her the whole offer timeout from the invite, not from the decision", () => {
    const permanence = lagging();
    permanence.clockAdvances(80 * second);
    permanence.inviteMade("!a", "@alice");
    permanence.clockAdvances(89 * second);
    expect(permanence.withdrawals()).toEqual([]);
    expect(permanence.availabilityOf("@alice")).toBe("on_duty");
    permanence.clockAdvances(second);
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
    expect(permanence.noticeKinds()).toContain("offer_timed_out");
  });

  it("should keep the offer open while the invite is not made, up to the allowance", () => {
    const permanence = lagging();
    permanence.clockAdvances(90 * second);
    expect(permanence.counsellorOf("!a")).toBe("@alice");
    permanence.clockAdvances(inviteAllowanceMs - second);
    expect(permanence.withdrawals()).toEqual([]);
    permanence.clockAdvances(second);
    // An invite Synapse never made does not hold the youth: she goes to the next counsellor.
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
    expect(permanence.invites()).toEqual(["!a→@bea"]);
  });

  it("should let her accept as soon as she has the invite", () => {
    const permanence = lagging();
    permanence.clockAdvances(2 * minute);
    permanence.inviteMade("!a", "@alice");
    permanence.counsellorJoins("!a", "@alice");
    expect(permanence.phaseOf("!a")).toBe("active");
  });

  it("should not give more time when the same invite is made again (a restart)", () => {
    const permanence = lagging();
    permanence.inviteMade("!a", "@alice");
    permanence.clockAdvances(60 * second);
    const before = permanence.state;
    permanence.inviteMade("!a", "@alice");
    expect(permanence.state).toBe(before);
    permanence.clockAdvances(30 * second);
    expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
  });

  it("should ignore an invite made to someone the youth is not offered to", () => {
    const permanence = lagging();
    const before = permanence.state;
    permanence.inviteMade("!a", "@bea");
    permanence.inviteMade("!nobody", "@alice");
    expect(permanence.state).toBe(before);
  });
});

describe("an offer declined", () => {
  it("should go to the next counsellor without a withdrawal, and pause the one who declined", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a", 4821);
    permanence.counsellorDeclines("!a", "@alice");
    expect(permanence.withdrawals()).toEqual([]);
    expect(permanence.invites()).toEqual(["!a→@bea"]);
    expect(permanence.notices()).toEqual([
      { kind: "offer_declined", reference: 4821, counsellorId: "@alice" },
      { kind: "availability_changed", counsellorId: "@alice", availability: "paused" },
      { kind: "offered", reference: 4821, counsellorId: "@bea" },
    ]);
  });

  it("should keep the youth's place ahead of those who came later", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a");
    permanence.youthArrives("!b");
    permanence.counsellorDeclines("!a", "@alice");
    expect(permanence.state.queue).toEqual(["!a", "!b"]);
    expect(permanence.phaseOf("!a")).toBe("queued");
    expect(permanence.statusOf("!a")).toEqual({
      state: "waiting",
      position: 1,
      estimatedWaitMinutes: 20,
    });
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.invites()).toEqual(["!a→@alice"]);
  });

  it("should ignore a decline by someone the youth was not offered to", () => {
    const permanence = aliceAndBeaOnDuty();
    permanence.youthArrives("!a");
    const before = permanence.state;
    expect(permanence.counsellorDeclines("!a", "@bea")).toEqual([]);
    expect(permanence.state).toBe(before);
  });
});
