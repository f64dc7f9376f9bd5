import { describe, expect, it } from "vitest";
import { inviteAllowanceMs } from "../engine/transitions/offer.ts";
import type { ConversationState, PermanenceState } from "../types.ts";
import { OfferWatch, offerCheckAfterMs, offerCheckEveryMs } from "./offer-watch.ts";

const offerTimeoutMs = 90_000;
const madeAt = Date.parse("2026-11-23T19:00:00Z");

function stateWith(phase: ConversationState["phase"]): PermanenceState {
  return {
    conversations: { "!r:x": { id: "!r:x", youthId: "@y:x", reference: 1001, phase } },
  } as unknown as PermanenceState;
}
/** Offered, its invite made at madeAt. */
const offered = stateWith({
  kind: "offered",
  counsellorId: "@camille:x",
  invitedAt: madeAt,
  expiresAt: madeAt + offerTimeoutMs,
});

/** Synapse's room memberships, and how often they were read. */
function rooms(membership: string) {
  const reads: string[] = [];
  return {
    reads,
    homeserver: {
      async memberships(roomId: string) {
        reads.push(roomId);
        return { "@camille:x": { membership, sender: "@camille:x" } };
      },
    },
  };
}

describe("OfferWatch", () => {
  it("should take a counsellor found in the room as her join, once the offer is a few seconds old", async () => {
    const { homeserver, reads } = rooms("join");
    const watch = new OfferWatch(homeserver, offerTimeoutMs);
    // Young offers are Synapse's transaction's to tell: nothing is read.
    expect(await watch.missedJoins(offered, madeAt + offerCheckAfterMs - 1)).toEqual([]);
    expect(reads).toEqual([]);
    expect(await watch.missedJoins(offered, madeAt + offerCheckAfterMs)).toEqual([
      { type: "counsellor_joined", conversationId: "!r:x", counsellorId: "@camille:x" },
    ]);
  });

  it("should read an open offer's room again only after a while, and never a conversation not offered", async () => {
    const { homeserver, reads } = rooms("invite");
    const watch = new OfferWatch(homeserver, offerTimeoutMs);
    const first = madeAt + offerCheckAfterMs;
    expect(await watch.missedJoins(offered, first)).toEqual([]);
    expect(await watch.missedJoins(offered, first + offerCheckEveryMs - 1)).toEqual([]);
    expect(reads).toHaveLength(1);
    expect(await watch.missedJoins(offered, first + offerCheckEveryMs)).toEqual([]);
    expect(reads).toHaveLength(2);
    const active = stateWith({ kind: "active", counsellorId: "@camille:x", stage: "talking" });
    expect(await watch.missedJoins(active, first + 10 * offerCheckEveryMs)).toEqual([]);
    expect(reads).toHaveLength(2);
  });

  it("should count an offer whose invite is not known to be made from its decision", async () => {
    // Decided at madeAt; its invite made (the bot stopped before it recorded so) or not yet.
    const notInvited = stateWith({
      kind: "offered",
      counsellorId: "@camille:x",
      expiresAt: madeAt + offerTimeoutMs + inviteAllowanceMs,
    });
    const { homeserver, reads } = rooms("join");
    const watch = new OfferWatch(homeserver, offerTimeoutMs);
    expect(await watch.missedJoins(notInvited, madeAt + offerCheckAfterMs - 1)).toEqual([]);
    expect(reads).toEqual([]);
    expect(await watch.missedJoins(notInvited, madeAt + offerCheckAfterMs)).toHaveLength(1);
  });

  it("should leave a room Synapse cannot read now to the next tick", async () => {
    const watch = new OfferWatch(
      { memberships: () => Promise.reject(new Error("Synapse is down")) },
      offerTimeoutMs,
    );
    expect(await watch.missedJoins(offered, madeAt + offerCheckAfterMs)).toEqual([]);
  });
});
