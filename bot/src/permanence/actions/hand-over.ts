// Handing a conversation over to a colleague. Nothing changes yet: only the counsellor's own
// client can share the room's history, so the handover starts with the invite she sends from it
// (engine/handover.ts). The action checks what can be checked now and names whom to invite.

import { colleagueFor } from "../engine/state.ts";
import { handoverRefusal } from "../engine/handover.ts";
import type {
  HandoverRefusal,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { findByReference } from "./find.ts";

export type HandOverRefusal = "not_found" | "unknown_colleague" | HandoverRefusal;

/** To a named colleague: `colleague` is the configured counsellor the door recognised, if any. */
export function handOver(
  state: PermanenceState,
  settings: PermanenceSettings,
  by: UserId,
  input: { reference: number; colleague: UserId | undefined },
): { refused: HandOverRefusal } | { events: PermanenceEvent[]; colleague: UserId } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  const { colleague } = input;
  if (colleague === undefined) return { refused: "unknown_colleague" };
  const refusal = handoverRefusal(settings, state, conversation.id, by, colleague);
  return refusal === null ? { events: [], colleague } : { refused: refusal };
}

export type HandOverToNextRefusal = "not_found" | "not_in_charge" | "nobody_free";

/**
 * To the colleague the queue would serve next (on duty, least busy, longest idle), other than the
 * counsellor in charge and its observers. A free colleague on duty means nobody is waiting in the queue, so no youth
 * is passed over.
 */
export function handOverToNext(
  state: PermanenceState,
  settings: PermanenceSettings,
  by: UserId,
  input: { reference: number },
): { refused: HandOverToNextRefusal } | { events: PermanenceEvent[]; colleague: UserId } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  const { phase } = conversation;
  if (phase.kind !== "active" || phase.counsellorId !== by) return { refused: "not_in_charge" };
  const colleague = colleagueFor(settings, state, conversation, by);
  return colleague === null ? { refused: "nobody_free" } : { events: [], colleague };
}
