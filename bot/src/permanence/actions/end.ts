// A counsellor ends a conversation: the one in her charge once a counsellor has it, anyone's while
// the youth still waits (engine/ending.ts, endRequested).

import type { ConversationState, PermanenceEvent, PermanenceState, UserId } from "../types.ts";
import { isInChargeOf } from "../engine/phase.ts";
import { findByReference } from "./find.ts";

export type EndRefusal = "not_found" | "not_in_charge";

export interface EndInput {
  reference: number;
  /**
   * Which conversations the door lets her name. The console lists only hers (offered to her, or
   * in her charge while she is in the room): any other reference is unknown to it. The staff room
   * shows the whole permanence.
   */
  among: "hers" | "all";
}

export function end(
  state: PermanenceState,
  by: UserId,
  input: EndInput,
): { refused: EndRefusal } | { events: PermanenceEvent[] } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined || (input.among === "hers" && !isHers(conversation, by))) {
    return { refused: "not_found" };
  }
  const { phase } = conversation;
  if (phase.kind === "active" && phase.counsellorId !== by) return { refused: "not_in_charge" };
  return { events: [{ type: "end_requested", conversationId: conversation.id, by }] };
}

/** Offered to her, or in her charge (and she is still in the room): what her console lists. */
function isHers(conversation: ConversationState, userId: UserId): boolean {
  const { phase } = conversation;
  if (phase.kind === "offered") return phase.counsellorId === userId;
  return isInChargeOf(phase, userId);
}
