import type { PermanenceObserver } from "../permanence/runtime.ts";
import type { ConversationId, EndReason } from "../permanence/types.ts";

// What metrics and statistics count, read from the permanence's changes from the outside. A fact
// carries durations and a reason, never a user id, a room id or a reference: nothing that names a
// youth or a counsellor.

export type OperationsFact =
  /** A youth entered the queue (a conversation room exists). */
  | { kind: "conversation_started" }
  /** A counsellor joined a youth for the first time: the youth waited this long. */
  | { kind: "picked_up"; waitMs: number }
  /**
   * A conversation left the permanence. `pickedUp`: a counsellor had joined. `abandoned`: the youth
   * left the queue before any counsellor joined (not: sent away at closing, or turned away).
   * `durationMs`: from pickup to end, null when unknown (never picked up, or before a restart).
   */
  | {
      kind: "conversation_ended";
      reason: EndReason;
      pickedUp: boolean;
      abandoned: boolean;
      durationMs: number | null;
    }
  | { kind: "offer_timed_out" }
  /** A live conversation passed from one counsellor to another. */
  | { kind: "handover" }
  /** A conversation was marked "danger to life" (engine/danger.ts): counted, nothing else. */
  | { kind: "danger_marked" }
  /** A waiting youth said she is in danger now (engine/urgent.ts): the fact, nothing else. */
  | { kind: "urgent_declared" };

type Change = Parameters<PermanenceObserver>[0];

/**
 * Follows conversations between changes: when each was first picked up. Kept in memory only; a
 * restart forgets it, and durations of conversations picked up before the restart are unknown.
 */
export class FactTracker {
  readonly #pickedUpAt = new Map<ConversationId, number>();
  readonly #lastCounsellor = new Map<ConversationId, string>();

  /** The facts one change of the permanence amounts to. */
  factsOf(change: Change): OperationsFact[] {
    const { before, after, commands, at } = change;
    const facts: OperationsFact[] = [];
    for (const [id, conversation] of Object.entries(after.conversations)) {
      const previous = before.conversations[id];
      if (previous === undefined) facts.push({ kind: "conversation_started" });
      // Read from the state, so a declaration the engine ignored (twice, or too late) counts none.
      if (conversation.urgentAt !== undefined && previous?.urgentAt === undefined) {
        facts.push({ kind: "urgent_declared" });
      }
      const wasActive = previous?.phase.kind === "active";
      // Read from the outside, whatever the handover's events: another counsellor now has it,
      // directly or through the queue.
      if (conversation.phase.kind === "active") {
        const last = this.#lastCounsellor.get(id);
        if (last !== undefined && last !== conversation.phase.counsellorId) {
          facts.push({ kind: "handover" });
        }
        this.#lastCounsellor.set(id, conversation.phase.counsellorId);
      }
      if (conversation.phase.kind === "active" && !wasActive && !this.#pickedUpAt.has(id)) {
        this.#pickedUpAt.set(id, at);
        facts.push({ kind: "picked_up", waitMs: Math.max(0, at - conversation.arrivedAt) });
      }
    }
    const reasons = new Map<ConversationId, EndReason>();
    for (const command of commands) {
      if (command.type === "close_conversation")
        reasons.set(command.conversationId, command.reason);
      if (command.type === "notify_staff" && command.notice.kind === "offer_timed_out") {
        facts.push({ kind: "offer_timed_out" });
      }
      // The engine alerts once per conversation, so this counts each marked conversation once.
      if (command.type === "notify_staff" && command.notice.kind === "danger_marked") {
        facts.push({ kind: "danger_marked" });
      }
    }
    for (const [id, conversation] of Object.entries(before.conversations)) {
      if (after.conversations[id] !== undefined) continue;
      const pickedUpAt = this.#pickedUpAt.get(id);
      this.#pickedUpAt.delete(id);
      this.#lastCounsellor.delete(id);
      const pickedUp = pickedUpAt !== undefined || conversation.phase.kind === "active";
      const reason = reasons.get(id) ?? "youth_left";
      facts.push({
        kind: "conversation_ended",
        reason,
        pickedUp,
        abandoned: !pickedUp && leftByHerself(reason),
        durationMs: pickedUpAt === undefined ? null : Math.max(0, at - pickedUpAt),
      });
    }
    // A youth turned away on arrival never enters the state: started and ended at once.
    if (change.event.type === "youth_arrived") {
      const id = change.event.conversationId;
      const reason = reasons.get(id);
      if (
        before.conversations[id] === undefined &&
        after.conversations[id] === undefined &&
        reason
      ) {
        facts.push({ kind: "conversation_started" });
        facts.push({
          kind: "conversation_ended",
          reason,
          pickedUp: false,
          abandoned: false,
          durationMs: null,
        });
      }
    }
    return facts;
  }
}

/** The youth went away herself (the end button, quick exit, her page closing), not sent away. */
function leftByHerself(reason: EndReason): boolean {
  return reason === "youth_left" || reason === "quick_exit" || reason === "page_closed";
}
