// A counsellor marks a conversation "danger to life" (engine/danger.ts, dangerRefusal): the
// counsellor in charge, or a supervisor. Whether she is a supervisor is the door's to check, with
// who she is (the roles change at run time); the event carries it so the journal replays alike.

import { dangerRefusal } from "../engine/danger.ts";
import { isInChargeOf } from "../engine/phase.ts";
import type { PermanenceEvent, PermanenceState, UserId } from "../types.ts";
import { findByReference } from "./find.ts";

/**
 * `not_found`: no live conversation has this reference. `not_active`: the youth still waits for
 * a counsellor (nobody talks with her yet). `not_in_charge`: another counsellor has it, and she is
 * not a supervisor. `already_marked`: marked already; nothing changes, nobody is alerted again.
 */
export type DangerRefusal = "not_found" | "not_active" | "not_in_charge" | "already_marked";

export function markDanger(
  state: PermanenceState,
  by: UserId,
  input: { reference: number; asSupervisor: boolean },
): { refused: DangerRefusal } | { events: PermanenceEvent[]; conversationId: string } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  const refusal = dangerRefusal(state, conversation.id, by, input.asSupervisor);
  if (refusal !== null) return { refused: refusal };
  return {
    conversationId: conversation.id,
    events: [
      {
        type: "danger_marked",
        conversationId: conversation.id,
        by,
        // The counsellor in charge marks as such, even when she is a supervisor too.
        ...(input.asSupervisor && !isInChargeOf(conversation.phase, by)
          ? { asSupervisor: true as const }
          : {}),
      },
    ],
  };
}
