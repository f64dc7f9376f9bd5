import { describe, expect, it } from "vitest";
import type { ActivePhase, ConversationState } from "../types.ts";
import { decide, initialState } from "./decide.ts";
import { invariantViolations } from "./invariants.ts";
import { conversationsOf, loadOf } from "./state.ts";
import { fromStored, type FlaggedActivePhase, type StoredState } from "./stored.ts";
import { alwaysOpen, second, settingsFor } from "./testing/scenario.ts";

// Snapshots written before the active phase had stages keep loading: each combination of flags
// the engine wrote reads as the stage it meant, and the engine carries on from it.

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);

function storedWith(phase: FlaggedActivePhase): StoredState {
  const base = initialState(settings, 0);
  return {
    ...base,
    conversations: {
      "!a": {
        id: "!a",
        youthId: "@y",
        reference: 4821,
        arrivedAt: 0,
        lastActivityAt: 0,
        published: { state: "counsellor_present" },
        phase,
      },
    },
    counsellors: {
      "@alice": { availability: "on_duty", active: ["!a"], lastOfferAt: 0 },
      "@bea": { availability: "on_duty", active: [], lastOfferAt: 0 },
    },
  };
}

function phaseAfterLoading(phase: FlaggedActivePhase): ActivePhase | undefined {
  const loaded = fromStored(storedWith(phase)).conversations["!a"]?.phase;
  return loaded?.kind === "active" ? loaded : undefined;
}

const alice = { kind: "active", counsellorId: "@alice" } as const;

describe("a state stored by an earlier version", () => {
  it("should read each combination of flags as the stage it meant", () => {
    expect(phaseAfterLoading(alice)).toEqual({ ...alice, stage: "talking" });
    expect(phaseAfterLoading({ ...alice, requeuedAt: 5 })).toEqual({
      ...alice,
      stage: "requeued",
      requeuedAt: 5,
    });
    expect(phaseAfterLoading({ ...alice, requeuedAt: 5, counsellorGone: true })).toEqual({
      ...alice,
      stage: "requeued",
      requeuedAt: 5,
      counsellorGone: true,
    });
    expect(
      phaseAfterLoading({
        ...alice,
        requeuedAt: 5,
        handoverTo: "@bea",
        handoverExpiresAt: 95,
        handoverAwaitingInvite: true,
      }),
    ).toEqual({ ...alice, stage: "awaiting_invite", requeuedAt: 5, to: "@bea", expiresAt: 95 });
    // A handover written before expiries existed keeps having none: it never expires.
    expect(phaseAfterLoading({ ...alice, handoverTo: "@bea" })).toEqual({
      ...alice,
      stage: "handing_over",
      to: "@bea",
    });
    expect(
      phaseAfterLoading({
        ...alice,
        handoverTo: "@bea",
        handoverExpiresAt: 95,
        requeuedAt: 5,
        counsellorGone: true,
      }),
    ).toEqual({
      ...alice,
      stage: "handing_over",
      to: "@bea",
      expiresAt: 95,
      requeuedAt: 5,
      counsellorGone: true,
    });
  });

  it("should read the counsellors' conversations from the phases, not from their old lists", () => {
    const loaded = fromStored(storedWith({ ...alice, handoverTo: "@bea" }));
    expect(loaded.counsellors["@alice"]).toEqual({ availability: "on_duty", lastOfferAt: 0 });
    expect(conversationsOf(loaded, "@alice")).toEqual(["!a"]);
    expect(loadOf(loaded, "@alice")).toBe(1);
    expect(loadOf(loaded, "@bea")).toBe(1);
    expect(invariantViolations(settings, loaded)).toEqual([]);
  });

  it("should leave a state already in this version's shape as it is", () => {
    const current = fromStored(storedWith({ ...alice, requeuedAt: 5 }));
    expect(fromStored(current)).toEqual(current);
  });

  it("should go on from a loaded state as it would have: the colleague joins, or the invite expires", () => {
    const stored = storedWith({
      ...alice,
      requeuedAt: 5,
      handoverTo: "@bea",
      handoverExpiresAt: 95 * second,
    });
    const context = { settings, schedule: alwaysOpen };
    const joined = decide(
      context,
      fromStored(stored),
      { type: "counsellor_joined", conversationId: "!a", counsellorId: "@bea" },
      10 * second,
    );
    expect(joined.state.conversations["!a"]?.phase).toEqual({
      kind: "active",
      counsellorId: "@bea",
      stage: "talking",
    });
    expect(conversationsOf(joined.state, "@bea")).toEqual(["!a"]);
    expect(conversationsOf(joined.state, "@alice")).toEqual([]);
    const expired = decide(context, fromStored(stored), { type: "tick" }, 95 * second);
    expect(expired.commands).toContainEqual({
      type: "revoke_invite",
      conversationId: "!a",
      userId: "@bea",
    });
    const conversation: ConversationState | undefined = expired.state.conversations["!a"];
    // Bea let a requeued conversation expire: she is paused, and nobody else is free for it.
    expect(expired.state.counsellors["@bea"]?.availability).toBe("paused");
    expect(conversation?.phase).toEqual({ ...alice, stage: "requeued", requeuedAt: 5 });
  });
});
