import { describe, expect, it } from "vitest";
import { decide, initialState } from "../permanence/engine/decide.ts";
import { alwaysOpen, minute, second, settingsFor } from "../permanence/engine/testing/scenario.ts";
import type { PermanenceEvent, PermanenceState } from "../permanence/types.ts";
import { FactTracker, type OperationsFact } from "./facts.ts";

const camille = "@camille:x";
const settings = settingsFor([{ userId: camille }]);
const context = { settings, schedule: alwaysOpen };

/** Drives the real engine with a clock moved by hand, and collects the facts of each change. */
function helpline() {
  const tracker = new FactTracker();
  let state: PermanenceState = initialState(settings, 0);
  let now = 0;
  const facts: OperationsFact[] = [];
  return {
    facts,
    at(ms: number) {
      now = ms;
      return this;
    },
    happens(event: PermanenceEvent) {
      const decision = decide(context, state, event, now);
      facts.push(
        ...tracker.factsOf({
          before: state,
          event,
          after: decision.state,
          commands: decision.commands,
          at: now,
        }),
      );
      state = decision.state;
      return this;
    },
  };
}

const arrives = (n: number): PermanenceEvent => ({
  type: "youth_arrived",
  conversationId: `!r${n}:x`,
  youthId: `@y${n}:x`,
  reference: 1000 + n,
});
const onDuty: PermanenceEvent = {
  type: "availability_set",
  counsellorId: camille,
  availability: "on_duty",
};

describe("facts read from the permanence's changes", () => {
  it("should count a start, the wait until pickup and the duration from pickup to end", () => {
    const h = helpline()
      .at(0)
      .happens(onDuty)
      .happens(arrives(1))
      .at(2 * minute)
      .happens({ type: "counsellor_joined", conversationId: "!r1:x", counsellorId: camille })
      .at(32 * minute)
      .happens({ type: "youth_left", conversationId: "!r1:x" });
    expect(h.facts).toEqual([
      { kind: "conversation_started" },
      { kind: "picked_up", waitMs: 2 * minute },
      {
        kind: "conversation_ended",
        reason: "youth_left",
        pickedUp: true,
        abandoned: false,
        durationMs: 30 * minute,
      },
    ]);
  });

  it("should call a youth who leaves the queue before pickup abandoned", () => {
    const h = helpline()
      .at(0)
      .happens(arrives(1))
      .at(5 * minute)
      .happens({ type: "youth_left", conversationId: "!r1:x" });
    expect(h.facts.at(-1)).toEqual({
      kind: "conversation_ended",
      reason: "youth_left",
      pickedUp: false,
      abandoned: true,
      durationMs: null,
    });
  });

  it("should count an offer nobody answered in time", () => {
    const h = helpline()
      .at(0)
      .happens(onDuty)
      .happens(arrives(1))
      // Synapse made the invite: her time to answer starts (engine/offers.ts).
      .happens({ type: "invite_made", conversationId: "!r1:x", counsellorId: camille })
      .at(91 * second)
      .happens({ type: "tick" });
    expect(h.facts).toContainEqual({ kind: "offer_timed_out" });
  });

  it("should count a handover when another counsellor has the conversation, and hold no id", () => {
    const tracker = new FactTracker();
    const conversation = {
      id: "!r1:x",
      youthId: "@y1:x",
      reference: 1001,
      arrivedAt: 0,
      lastActivityAt: 0,
      published: null,
    };
    const base = initialState(settings, 0);
    const before: PermanenceState = {
      ...base,
      conversations: {
        "!r1:x": {
          ...conversation,
          phase: { kind: "active", counsellorId: camille, stage: "talking" },
        },
      },
    };
    const after: PermanenceState = {
      ...base,
      conversations: {
        "!r1:x": {
          ...conversation,
          phase: { kind: "active", counsellorId: "@sam:x", stage: "talking" },
        },
      },
    };
    tracker.factsOf({ before: base, after: before, event: { type: "tick" }, commands: [], at: 0 });
    const facts = tracker.factsOf({ before, after, event: { type: "tick" }, commands: [], at: 1 });
    expect(facts).toEqual([{ kind: "handover" }]);
    // Back to the queue, then taken by a third colleague: a handover too, and no second pickup.
    const queued: PermanenceState = {
      ...base,
      conversations: { "!r1:x": { ...conversation, phase: { kind: "queued" } } },
    };
    const third: PermanenceState = {
      ...base,
      conversations: {
        "!r1:x": {
          ...conversation,
          phase: { kind: "active", counsellorId: "@lou:x", stage: "talking" },
        },
      },
    };
    expect(
      tracker.factsOf({
        before: after,
        after: queued,
        event: { type: "tick" },
        commands: [],
        at: 2,
      }),
    ).toEqual([]);
    expect(
      tracker.factsOf({
        before: queued,
        after: third,
        event: { type: "tick" },
        commands: [],
        at: 3,
      }),
    ).toEqual([{ kind: "handover" }]);
    expect(JSON.stringify(facts)).not.toMatch(/[@!]/);
  });
});

describe("urgent declarations", () => {
  it("should count a waiting youth's declaration once, and none for a youth already talking", () => {
    const urgent = (n: number): PermanenceEvent => ({
      type: "urgent_declared",
      conversationId: `!r${n}:x`,
    });
    const line = helpline()
      .happens(onDuty)
      .happens(arrives(1))
      .happens({ type: "counsellor_joined", conversationId: "!r1:x", counsellorId: camille })
      .happens(arrives(2));
    line.facts.length = 0;
    line.at(minute).happens(urgent(2)).happens(urgent(2)).happens(urgent(1));
    expect(line.facts).toEqual([{ kind: "urgent_declared" }]);
  });
});
