import { describe, expect, it } from "vitest";
import type { PermanenceEvent } from "../types.ts";
import { decide, initialState } from "./decide.ts";
import { alwaysOpen, minute, Permanence, settingsFor } from "./testing/scenario.ts";

function declares(permanence: Permanence, conversationId: string) {
  return permanence.happens({ type: "urgent_declared", conversationId });
}

/** Three youths waiting, in arrival order, and nobody on duty. */
function threeWaiting(): Permanence {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.youthArrives("!a", 4821);
  permanence.now += minute;
  permanence.youthArrives("!b", 4822);
  permanence.now += minute;
  permanence.youthArrives("!c", 4823);
  permanence.now += minute;
  return permanence;
}

describe("a waiting youth who says she is in danger now", () => {
  it("should go ahead of youths who arrived before her and did not say it, and the staff is told", () => {
    const permanence = threeWaiting();
    declares(permanence, "!c");
    expect(permanence.state.queue).toEqual(["!c", "!a", "!b"]);
    expect(permanence.conversation("!c")?.urgentAt).toBe(permanence.now);
    expect(permanence.notices()).toEqual([
      { kind: "urgent_declared", reference: 4823, position: 1 },
    ]);
    // Every youth whose place changed sees it.
    expect(permanence.published()).toEqual({
      "!a": { state: "waiting", position: 2, estimatedWaitMinutes: null },
      "!b": { state: "waiting", position: 3, estimatedWaitMinutes: null },
      "!c": { state: "waiting", position: 1, estimatedWaitMinutes: null },
    });
    // The first counsellor on duty gets her, marked urgent in the invite and the notice.
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.commandsOfType("invite")).toEqual([
      { type: "invite", conversationId: "!c", counsellorId: "@alice", urgent: true },
    ]);
    expect(permanence.notices()).toContainEqual({
      kind: "offered",
      reference: 4823,
      counsellorId: "@alice",
      urgent: true,
    });
  });

  it("should give her the wait of the first place, and the others one round more", () => {
    const permanence = threeWaiting();
    // Alice is on duty, her one place taken by !a: !b and !c wait for the next round.
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorJoins("!a", "@alice");
    permanence.now += minute;
    declares(permanence, "!c");
    expect(permanence.published()).toEqual({
      "!b": { state: "waiting", position: 2, estimatedWaitMinutes: 40 },
      "!c": { state: "waiting", position: 1, estimatedWaitMinutes: 20 },
    });
  });

  it("should never pass a youth who said it before her: urgent youths go by when they said it", () => {
    const permanence = threeWaiting();
    declares(permanence, "!c");
    permanence.now += minute;
    declares(permanence, "!a");
    expect(permanence.state.queue).toEqual(["!c", "!a", "!b"]);
    expect(permanence.notices()).toEqual([
      { kind: "urgent_declared", reference: 4821, position: 2 },
    ]);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorGoesOnDuty("@bea");
    expect(permanence.counsellorOf("!c")).toBe("@alice");
    expect(permanence.counsellorOf("!a")).toBe("@bea");
    expect(permanence.phaseOf("!b")).toBe("queued");
  });

  it("should change nothing when she says it twice", () => {
    const permanence = threeWaiting();
    declares(permanence, "!b");
    const once = permanence.state;
    permanence.now += minute;
    expect(declares(permanence, "!b")).toEqual([]);
    expect(permanence.state).toBe(once);
  });

  it("should change nothing for a youth already talking with a counsellor", () => {
    const permanence = threeWaiting();
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorJoins("!a", "@alice");
    const before = permanence.state;
    expect(declares(permanence, "!a")).toEqual([]);
    expect(permanence.state).toBe(before);
    expect(permanence.conversation("!a")?.urgentAt).toBeUndefined();
  });

  it("should change nothing for a conversation the engine does not know", () => {
    const permanence = threeWaiting();
    const before = permanence.state;
    expect(declares(permanence, "!unknown")).toEqual([]);
    expect(permanence.state).toBe(before);
  });

  it("should let an offered youth keep her offer, moved ahead of the queue", () => {
    const permanence = threeWaiting();
    permanence.counsellorGoesOnDuty("@alice");
    expect(permanence.counsellorOf("!a")).toBe("@alice");
    declares(permanence, "!b");
    permanence.now += minute;
    declares(permanence, "!a");
    expect(permanence.state.queue).toEqual(["!b", "!a", "!c"]);
    expect(permanence.counsellorOf("!a")).toBe("@alice");
    expect(permanence.withdrawals()).toEqual([]);
    // Her offer lapses: the next free counsellor takes the first urgent youth, not her turn back.
    permanence.clockAdvances(2 * minute);
    permanence.counsellorGoesOnDuty("@bea");
    expect(permanence.counsellorOf("!b")).toBe("@bea");
    expect(permanence.phaseOf("!a")).toBe("queued");
  });

  it("should still serve a requeued conversation before an urgent youth", () => {
    const permanence = new Permanence(
      settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@chloe" }]),
    );
    permanence.counsellorGoesOnDuty("@alice");
    permanence.youthArrives("!a", 4821);
    permanence.counsellorJoins("!a", "@alice");
    permanence.counsellorRequeues("!a", "@alice");
    permanence.youthArrives("!b", 4822);
    declares(permanence, "!b");
    permanence.counsellorGoesOnDuty("@bea");
    const phase = permanence.conversation("!a")?.phase;
    expect(phase?.kind === "active" && phase.stage === "awaiting_invite" ? phase.to : null).toBe(
      "@bea",
    );
    expect(permanence.phaseOf("!b")).toBe("queued");
    permanence.counsellorGoesOnDuty("@chloe");
    expect(permanence.counsellorOf("!b")).toBe("@chloe");
  });

  it("should rebuild the same state when the journal is replayed", () => {
    const settings = settingsFor([{ userId: "@alice" }]);
    const context = { settings, schedule: alwaysOpen };
    const journal: [PermanenceEvent, number][] = [
      [{ type: "youth_arrived", conversationId: "!a", youthId: "@y-a", reference: 1 }, 0],
      [{ type: "youth_arrived", conversationId: "!b", youthId: "@y-b", reference: 2 }, minute],
      [{ type: "urgent_declared", conversationId: "!b" }, 2 * minute],
      [{ type: "urgent_declared", conversationId: "!b" }, 3 * minute],
      [{ type: "availability_set", counsellorId: "@alice", availability: "on_duty" }, 4 * minute],
    ];
    const replay = () =>
      journal.reduce(
        (state, [event, at]) => decide(context, state, event, at).state,
        initialState(settings, 0),
      );
    const first = replay();
    expect(first).toEqual(replay());
    expect(first.conversations["!b"]?.urgentAt).toBe(2 * minute);
    expect(first.conversations["!b"]?.phase).toMatchObject({
      kind: "offered",
      counsellorId: "@alice",
    });
    // A snapshot written before the field (no urgentAt anywhere) goes on in arrival order.
    const old = JSON.parse(
      JSON.stringify(
        journal
          .slice(0, 2)
          .reduce(
            (state, [event, at]) => decide(context, state, event, at).state,
            initialState(settings, 0),
          ),
      ),
    ) as typeof first;
    const after = decide(
      context,
      old,
      { type: "availability_set", counsellorId: "@alice", availability: "on_duty" },
      4 * minute,
    );
    expect(after.state.conversations["!a"]?.phase.kind).toBe("offered");
  });
});
