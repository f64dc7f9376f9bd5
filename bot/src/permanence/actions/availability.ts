// A counsellor goes on duty, pauses or goes off duty (engine/transitions/availability.ts). A
// counsellor the operator disabled may only be off duty (engine/disabled.ts), whichever door she
// asks through.

import { isDisabled } from "../engine/disabled.ts";
import type { Availability, PermanenceEvent, PermanenceState, UserId } from "../types.ts";

/** `unchanged`: she already is; `disabled`: the operator disabled her. */
export type AvailabilityRefusal = "unchanged" | "disabled";

export function setAvailability(
  state: PermanenceState,
  by: UserId,
  input: { availability: Availability },
): { refused: AvailabilityRefusal } | { events: PermanenceEvent[] } {
  const { availability } = input;
  if (state.counsellors[by]?.availability === availability) return { refused: "unchanged" };
  if (isDisabled(state, by) && availability !== "off_duty") return { refused: "disabled" };
  return { events: [{ type: "availability_set", counsellorId: by, availability }] };
}
