// A supervisor offers a waiting youth to a named counsellor now (engine/reassign.ts). Whether she
// is a supervisor is the door's to check, with who she is: the console's routes answer 403 to
// anyone else before reading what she asks.

import { assignRefusal } from "../engine/reassign.ts";
import { isConfiguredCounsellor } from "../engine/state.ts";
import type { PermanenceEvent, PermanenceSettings, PermanenceState, UserId } from "../types.ts";
import { findByReference } from "./find.ts";

/**
 * `not_found`: no youth waiting has this reference. `counsellor_unavailable`: she is not on duty
 * (a disabled counsellor never is), or has no free slot.
 */
export type AssignRefusal = "not_found" | "not_a_counsellor" | "counsellor_unavailable";

export function assign(
  state: PermanenceState,
  settings: PermanenceSettings,
  by: UserId,
  input: { reference: number; counsellorId: UserId },
): { refused: AssignRefusal } | { events: PermanenceEvent[] } {
  const { counsellorId } = input;
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined || conversation.phase.kind === "active") {
    return { refused: "not_found" };
  }
  if (!isConfiguredCounsellor(settings, counsellorId)) return { refused: "not_a_counsellor" };
  const refusal = assignRefusal(settings, state, conversation.id, counsellorId);
  if (refusal === "not_waiting") return { refused: "not_found" };
  if (refusal !== null) return { refused: refusal };
  return {
    events: [{ type: "assign_requested", conversationId: conversation.id, counsellorId, by }],
  };
}
