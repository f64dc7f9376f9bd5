// The counsellor in charge ends a conversation and bars the client that opened it
// (engine/ending.ts, mayBar: only she read what was written). The door bars the opener itself,
// before it dispatches the end, so the youth cannot slip a new request in between.

import { mayBar } from "../engine/ending.ts";
import type { ConversationId, PermanenceEvent, PermanenceState, UserId } from "../types.ts";
import { findByReference } from "./find.ts";

export type BarRefusal = "not_found" | "not_in_charge";

export function bar(
  state: PermanenceState,
  by: UserId,
  input: { reference: number },
): { refused: BarRefusal } | { events: PermanenceEvent[]; conversationId: ConversationId } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  if (!mayBar(state, conversation.id, by)) return { refused: "not_in_charge" };
  return {
    events: [{ type: "end_requested", conversationId: conversation.id, by }],
    conversationId: conversation.id,
  };
}
