// The counsellor in charge sends a conversation "back to the queue": it stays hers until a free
// colleague takes it over (engine/requeue.ts, requeueRefusal).

import { pendingHandoverTo } from "../engine/phase.ts";
import { requeueRefusal } from "../engine/requeue.ts";
import type { PermanenceEvent, PermanenceState, UserId } from "../types.ts";
import { findByReference } from "./find.ts";

export type RequeueRefused =
  | { refused: "not_found" | "not_in_charge" | "handover_pending" }
  /** `colleague`: the one the engine chose already to take it over, null while none is free. */
  | { refused: "already_requeued"; colleague: UserId | null };

export function requeue(
  state: PermanenceState,
  by: UserId,
  input: { reference: number },
): RequeueRefused | { events: PermanenceEvent[] } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  const refusal = requeueRefusal(state, conversation.id, by);
  if (refusal === "already_requeued") {
    const { phase } = conversation;
    return {
      refused: refusal,
      colleague: pendingHandoverTo(phase) ?? null,
    };
  }
  if (refusal !== null) return { refused: refusal };
  return { events: [{ type: "requeue_requested", conversationId: conversation.id, by }] };
}
