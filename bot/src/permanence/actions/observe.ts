// A colleague reads a conversation beside its counsellor (engine/observers.ts): a supervisor asks
// for herself, or the counsellor in charge asks for a colleague (a counsellor in training).
// Nothing is invited yet: only the counsellor in charge's client can give the observer the room's
// history, so her console (or she, from Element) sends the invite. Whether the one asking for
// herself is a supervisor is the door's to check, with who she is, as for an assignment.

import { observerRefusal, type ObserverRefusal } from "../engine/observers.ts";
import type { PermanenceEvent, PermanenceSettings, PermanenceState, UserId } from "../types.ts";
import { findByReference } from "./find.ts";

/**
 * `not_found`: no live conversation has this reference. `not_a_supervisor`: she asked for herself
 * without the role. The rest are the engine's (`observerRefusal`).
 */
export type ObserveRefusal = "not_found" | "not_a_supervisor" | ObserverRefusal;

export function observe(
  state: PermanenceState,
  settings: PermanenceSettings,
  by: UserId,
  input: { reference: number; observerId: UserId; supervisor: boolean },
): { refused: ObserveRefusal } | { events: PermanenceEvent[]; counsellorId: UserId } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  const { observerId } = input;
  if (observerId === by && !input.supervisor) return { refused: "not_a_supervisor" };
  const { phase } = conversation;
  // Checked first, to narrow the phase: observerRefusal would refuse it with the same reason.
  if (phase.kind !== "active") return { refused: "not_active" };
  const refusal = observerRefusal(settings, state, conversation.id, by, observerId);
  if (refusal !== null) return { refused: refusal };
  return {
    events: [{ type: "observer_requested", conversationId: conversation.id, observerId, by }],
    counsellorId: phase.counsellorId,
  };
}
