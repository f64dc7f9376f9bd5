// A counsellor disabled by the operator (admin CLI, which also locks her account on Synapse) goes
// off duty, as if she had said so herself, and stays off duty: the engine refuses to put her on
// duty or pause her (transitions/availability.ts), so nothing is offered or handed over to her. Enabling her
// changes nothing else: she comes back on duty when she says so.
//
// The operator's roles file (operations/roles.ts) stays the durable source: the bot reconciles the
// engine with it at start, so a journal written before these events existed is brought in line.

import type { Decision, PermanenceState, UserId } from "../types.ts";
import { unchanged } from "./decision.ts";
import { putCounsellor } from "./state.ts";
import { setAvailability } from "./transitions/availability.ts";

export function counsellorDisabled(
  state: PermanenceState,
  counsellorId: UserId,
  now: number,
): Decision {
  if (state.counsellors[counsellorId] === undefined) return unchanged(state);
  const offDuty = setAvailability(state, counsellorId, "off_duty", now);
  const counsellor = offDuty.state.counsellors[counsellorId];
  if (counsellor === undefined || counsellor.disabled === true) return offDuty;
  return {
    state: putCounsellor(offDuty.state, counsellorId, { ...counsellor, disabled: true }),
    commands: offDuty.commands,
  };
}

export function counsellorEnabled(state: PermanenceState, counsellorId: UserId): Decision {
  const counsellor = state.counsellors[counsellorId];
  if (counsellor?.disabled !== true) return unchanged(state);
  const { disabled: _enabled, ...enabled } = counsellor;
  return unchanged(putCounsellor(state, counsellorId, enabled));
}

/** Disabled by the operator: she may only be off duty. */
export function isDisabled(state: PermanenceState, counsellorId: UserId): boolean {
  return state.counsellors[counsellorId]?.disabled === true;
}
