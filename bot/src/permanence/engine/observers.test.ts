import { describe, expect, it } from "vitest";
import type { PermanenceEvent, PermanenceState } from "../types.ts";
import { decide } from "./decide.ts";
import { invariantViolations } from "./invariants.ts";
import { handoverRefusal } from "./handover.ts";
import { observerRefusal } from "./observers.ts";
import { conversationsOf, loadOf } from "./state.ts";
import { Permanence, second, settingsFor } from "./testing/scenario.ts";

/**
 * Alice talks with "Jeune 4821" (!a); Sara (a supervisor, checked by the doors), Tom (in training)
 * and Bea are configured counsellors. Bea is on duty with a free slot.
 */
function aliceTalksWithA(): Permanence {
  const permanence = new Permanence(
    settingsFor([
      { userId: "@alice" },
      { userId: "@bea" },
      { userId: "@sara" },
      { userId: "@tom" },
    ]),
  );
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.clockAdvances(second);
  permanence.counsellorGoesOnDuty("@bea");
  return permanence;
}

function requests(permanence: Permanence, observerId: string, by = observerId) {
  return permanence.happens({ type: "observer_requested", conversationId: "!a", observerId, by });
}

function leaves(permanence: Permanence, observerId: string) {
  return permanence.happens({ type: "observer_left", conversationId: "!a", observerId });
}

describe("an observer", () => {
  it("should be requested, invited, joined and gone, the conversation staying with its counsellor", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@sara");
    expect(permanence.notices()).toEqual([
      { kind: "observer_requested", reference: 4821, observerId: "@sara", counsellorId: "@alice" },
    ]);
    expect(permanence.conversation("!a")?.observers).toEqual({
      "@sara": { stage: "requested", by: "@sara", expiresAt: 91 * second },
    });
    // Not told to the youth yet: nothing can be encrypted for her before the invite.
    expect(permanence.statusOf("!a")).toEqual({ state: "counsellor_present" });

    permanence.counsellorInvites("!a", "@alice", "@sara");
    // Neither a handover nor revoked.
    expect(permanence.commandsOfType("revoke_invite")).toEqual([]);
    expect(permanence.noticeKinds()).toEqual([]);
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "talking",
    });
    // From the invite on, her devices may get the room's keys: the youth's page announces her.
    expect(permanence.published()).toEqual({
      "!a": { state: "counsellor_present", observers: ["@sara"] },
    });

    permanence.counsellorJoins("!a", "@sara");
    expect(permanence.commandsOfType("remove_counsellor")).toEqual([]);
    expect(permanence.notices()).toEqual([
      { kind: "observer_joined", reference: 4821, observerId: "@sara" },
    ]);
    expect(permanence.conversation("!a")?.observers).toEqual({ "@sara": { stage: "joined" } });
    expect(conversationsOf(permanence.state, "@alice")).toEqual(["!a"]);
    expect(conversationsOf(permanence.state, "@sara")).toEqual([]);
    expect(loadOf(permanence.state, "@sara")).toBe(0);
    expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);

    leaves(permanence, "@sara");
    expect(permanence.notices()).toEqual([
      { kind: "observer_left", reference: 4821, observerId: "@sara", reason: "left" },
    ]);
    expect(permanence.conversation("!a")?.observers).toBeUndefined();
    expect(permanence.published()).toEqual({ "!a": { state: "counsellor_present" } });
  });

  it("should not count in anyone's load: a youth is still offered to a supervisor on duty who observes", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOffDuty("@bea");
    permanence.counsellorGoesOnDuty("@sara");
    requests(permanence, "@sara");
    permanence.counsellorInvites("!a", "@alice", "@sara");
    permanence.counsellorJoins("!a", "@sara");
    permanence.youthArrives("!b", 1234);
    expect(permanence.invites()).toEqual(["!b→@sara"]);
  });

  it("should be asked by the counsellor in charge for a colleague in training", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@tom", "@alice");
    expect(permanence.noticeKinds()).toEqual(["observer_requested"]);
    permanence.counsellorInvites("!a", "@alice", "@tom");
    permanence.counsellorJoins("!a", "@tom");
    expect(permanence.conversation("!a")?.observers).toEqual({ "@tom": { stage: "joined" } });
  });

  it("should be refused, changing nothing, to anyone else and for anyone not allowed", () => {
    const permanence = aliceTalksWithA();
    const { settings } = permanence.context;
    const refusal = (by: string, observerId: string, id = "!a") =>
      observerRefusal(settings, permanence.state, id, by, observerId);
    // Bea is not in charge and asks for someone else.
    expect(refusal("@bea", "@tom")).toBe("not_allowed");
    expect(refusal("@alice", "@alice")).toBe("in_charge");
    expect(refusal("@alice", "@stranger")).toBe("not_a_counsellor");
    expect(refusal("@sara", "@sara", "!nowhere")).toBe("not_active");
    const before = permanence.state;
    expect(requests(permanence, "@tom", "@bea")).toEqual([]);
    expect(permanence.state).toBe(before);

    requests(permanence, "@sara");
    expect(refusal("@sara", "@sara")).toBe("already_observing");
    // A youth still waiting has nobody to read with.
    permanence.youthArrives("!w", 7);
    expect(refusal("@sara", "@sara", "!w")).toBe("not_active");
  });

  it("should have its invite revoked when anyone but the counsellor in charge sends it", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@sara");
    permanence.counsellorInvites("!a", "@bea", "@sara");
    expect(permanence.commandsOfType("revoke_invite")).toEqual([
      { type: "revoke_invite", conversationId: "!a", userId: "@sara" },
    ]);
    expect(permanence.conversation("!a")?.observers?.["@sara"]?.stage).toBe("requested");
  });

  it("should still be revoked when she was never requested", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorInvites("!a", "@alice", "@sara");
    // Sara is off duty: not a valid handover, and no observer was asked for.
    expect(permanence.commandsOfType("revoke_invite")).toHaveLength(1);
    expect(permanence.conversation("!a")?.observers).toBeUndefined();
  });

  it("should be given up when the invite never comes within the offer timeout", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@sara");
    permanence.clockAdvances(89 * second);
    expect(permanence.conversation("!a")?.observers).toBeDefined();
    permanence.clockAdvances(second);
    expect(permanence.notices()).toEqual([
      { kind: "observer_left", reference: 4821, observerId: "@sara", reason: "expired" },
    ]);
    expect(permanence.conversation("!a")?.observers).toBeUndefined();
  });

  it("should be gone when she declines the invite", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@sara");
    permanence.counsellorInvites("!a", "@alice", "@sara");
    leaves(permanence, "@sara");
    expect(permanence.notices()).toEqual([
      { kind: "observer_left", reference: 4821, observerId: "@sara", reason: "declined" },
    ]);
    // An invited observer does not expire: she was invited, the youth was told.
    expect(permanence.conversation("!a")?.observers).toBeUndefined();
  });

  it("should stay through a handover, reading beside the new counsellor", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@sara");
    permanence.counsellorInvites("!a", "@alice", "@sara");
    permanence.counsellorJoins("!a", "@sara");
    permanence.counsellorInvites("!a", "@alice", "@bea");
    expect(permanence.published()).toEqual({
      "!a": { state: "counsellor_present", observers: ["@sara"], takingOver: "@bea" },
    });
    permanence.counsellorJoins("!a", "@bea");
    expect(permanence.noticeKinds()).toEqual(["handover_completed"]);
    expect(permanence.conversation("!a")?.observers).toEqual({ "@sara": { stage: "joined" } });
    expect(permanence.published()).toEqual({
      "!a": { state: "counsellor_present", handedOver: true, observers: ["@sara"] },
    });
    // Only the new counsellor in charge may invite further observers now.
    expect(
      observerRefusal(permanence.context.settings, permanence.state, "!a", "@alice", "@tom"),
    ).toBe("not_allowed");
  });

  it("should go with the conversation when it ends, the close removing everyone", () => {
    const permanence = aliceTalksWithA();
    requests(permanence, "@sara");
    permanence.counsellorInvites("!a", "@alice", "@sara");
    permanence.counsellorJoins("!a", "@sara");
    // The observer leaving does not end it; the counsellor in charge ending it does.
    permanence.counsellorEnds("!a", "@sara");
    expect(permanence.phaseOf("!a")).toBe("active");
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.commandsOfType("close_conversation")).toHaveLength(1);
  });

  it("should replay to the same state and commands", () => {
    const settings = settingsFor([{ userId: "@alice" }, { userId: "@sara" }, { userId: "@bea" }]);
    const events: [PermanenceEvent, number][] = [
      [{ type: "availability_set", counsellorId: "@alice", availability: "on_duty" }, 0],
      [{ type: "youth_arrived", conversationId: "!a", youthId: "@y", reference: 1 }, 0],
      [{ type: "counsellor_joined", conversationId: "!a", counsellorId: "@alice" }, 1000],
      [
        { type: "observer_requested", conversationId: "!a", observerId: "@sara", by: "@sara" },
        2000,
      ],
      [
        { type: "observer_requested", conversationId: "!a", observerId: "@bea", by: "@alice" },
        3000,
      ],
      [
        { type: "handover_invited", conversationId: "!a", by: "@alice", counsellorId: "@sara" },
        4000,
      ],
      [{ type: "counsellor_joined", conversationId: "!a", counsellorId: "@sara" }, 5000],
      [{ type: "tick" }, 200_000],
      [{ type: "observer_left", conversationId: "!a", observerId: "@sara" }, 210_000],
    ];
    const run = () => {
      const permanence = new Permanence(settings);
      const commands = events.map(([event, at]) => {
        permanence.now = at;
        return permanence.happens(event);
      });
      return { state: permanence.state, commands };
    };
    const first = run();
    expect(run()).toEqual(first);
    // Bea's request expired at the tick; Sara left.
    expect(first.state.conversations["!a"]?.observers).toBeUndefined();
    expect(
      first.commands[7]?.flatMap((c) => (c.type === "notify_staff" ? [c.notice] : [])),
    ).toEqual([{ kind: "observer_left", reference: 1, observerId: "@bea", reason: "expired" }]);
  });

  it("should read a conversation of an older snapshot, without the field, as having none", () => {
    const permanence = aliceTalksWithA();
    const old: PermanenceState = JSON.parse(JSON.stringify(permanence.state)) as PermanenceState;
    expect(old.conversations["!a"]?.observers).toBeUndefined();
    const decision = decide(
      permanence.context,
      old,
      { type: "observer_left", conversationId: "!a", observerId: "@sara" },
      permanence.now,
    );
    expect(decision.commands).toEqual([]);
  });
});

describe("a colleague who reads a conversation", () => {
  /** Sara reads !a beside Alice; Bea, who would be chosen first, went off duty. */
  function saraReadsA(): Permanence {
    const permanence = aliceTalksWithA();
    permanence.counsellorGoesOffDuty("@bea");
    permanence.counsellorGoesOnDuty("@sara");
    requests(permanence, "@sara");
    permanence.counsellorInvites("!a", "@alice", "@sara");
    permanence.counsellorJoins("!a", "@sara");
    return permanence;
  }

  it("should never be chosen to take it over when it goes back to the queue", () => {
    const permanence = saraReadsA();
    permanence.counsellorRequeues("!a", "@alice");
    expect(permanence.noticeKinds()).toEqual(["requeued"]);
    expect(permanence.conversation("!a")?.phase).toMatchObject({ stage: "requeued" });
    expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);
    // Once she stops reading it, she may take it over.
    leaves(permanence, "@sara");
    expect(permanence.notices()).toContainEqual(
      expect.objectContaining({ kind: "requeue_matched", to: "@sara" }),
    );
  });

  it("should be refused as the colleague of a named handover", () => {
    const permanence = saraReadsA();
    const { settings } = permanence.context;
    expect(handoverRefusal(settings, permanence.state, "!a", "@alice", "@sara")).toBe("observing");
    permanence.counsellorInvites("!a", "@alice", "@sara");
    expect(permanence.conversation("!a")?.phase).toMatchObject({ stage: "talking" });
  });
});
