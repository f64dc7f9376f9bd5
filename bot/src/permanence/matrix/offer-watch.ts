import type { Homeserver } from "../../matrix/homeserver.ts";
import { offeredSince } from "../engine/offers.ts";
import type { PermanenceEvent, PermanenceState } from "../types.ts";

// A counsellor's join normally reaches the bot in Synapse's next transaction. Synapse has been seen
// not to send it: the counsellor was in the youth's room, the bot still said "someone is coming",
// and the youth's messages waited on her page for a "present" that never came (CI, stop 25 and 26;
// Synapse has known such gaps for new rooms, matrix-org/synapse#8673). So an offer that is still
// open some seconds after it was made is checked against the room itself, as a restart does
// (intake.ts, reconcileConversation): if the counsellor is in, the bot takes it as her join.

/** An offer younger than this is left to Synapse's transaction: the usual case costs nothing. */
export const offerCheckAfterMs = 5_000;
/** The same offer is not checked again sooner. */
export const offerCheckEveryMs = 5_000;

export class OfferWatch {
  readonly #homeserver: Pick<Homeserver, "memberships">;
  readonly #offerTimeoutMs: number;
  /** When each conversation's offer was last checked. */
  #checkedAt = new Map<string, number>();
  #running = false;

  constructor(homeserver: Pick<Homeserver, "memberships">, offerTimeoutMs: number) {
    this.#homeserver = homeserver;
    this.#offerTimeoutMs = offerTimeoutMs;
  }

  /**
   * The joins Synapse did not tell of, among offers open for a while; at most one check at a time
   * (a tick that comes while one runs does nothing). A failed read is left to the next tick.
   */
  async missedJoins(state: PermanenceState, now: number): Promise<PermanenceEvent[]> {
    if (this.#running) return [];
    this.#running = true;
    try {
      const due = Object.values(state.conversations).flatMap((conversation) => {
        const { phase } = conversation;
        if (phase.kind !== "offered") return [];
        const offeredAt = offeredSince(phase, this.#offerTimeoutMs);
        const checked = this.#checkedAt.get(conversation.id) ?? -Infinity;
        if (now - offeredAt < offerCheckAfterMs || now - checked < offerCheckEveryMs) return [];
        return [{ conversationId: conversation.id, counsellorId: phase.counsellorId }];
      });
      // Conversations no longer offered are forgotten.
      for (const id of this.#checkedAt.keys()) {
        if (state.conversations[id]?.phase.kind !== "offered") this.#checkedAt.delete(id);
      }
      const joins: PermanenceEvent[] = [];
      for (const { conversationId, counsellorId } of due) {
        this.#checkedAt.set(conversationId, now);
        const memberships = await this.#homeserver.memberships(conversationId).catch(() => null);
        if (memberships?.[counsellorId]?.membership === "join") {
          joins.push({ type: "counsellor_joined", conversationId, counsellorId });
        }
      }
      return joins;
    } finally {
      this.#running = false;
    }
  }
}
