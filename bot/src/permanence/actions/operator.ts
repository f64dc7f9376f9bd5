// What the operator does through the admin CLI. The operator is nobody on the team: her events
// name no counsellor (engine/decide.ts, engine/disabled.ts).

import { isConfiguredCounsellor } from "../engine/state.ts";
import type {
  ConversationId,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { findByReference } from "./find.ts";

/** Closes any live conversation, waiting or in anyone's charge. */
export function operatorClose(
  state: PermanenceState,
  input: { reference: number },
): { refused: "not_found" } | { events: PermanenceEvent[]; conversationId: ConversationId } {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  return {
    events: [{ type: "operator_closed", conversationId: conversation.id }],
    conversationId: conversation.id,
  };
}

/** Disables a counsellor (off duty until enabled) or enables her again. */
export function setDisabled(
  state: PermanenceState,
  settings: PermanenceSettings,
  input: { counsellorId: UserId; disabled: boolean },
): { refused: "not_a_counsellor" } | { events: PermanenceEvent[] } {
  const { counsellorId, disabled } = input;
  if (!isConfiguredCounsellor(settings, counsellorId) || !state.counsellors[counsellorId]) {
    return { refused: "not_a_counsellor" };
  }
  return {
    events: [{ type: disabled ? "counsellor_disabled" : "counsellor_enabled", counsellorId }],
  };
}

/**
 * The events that bring the engine in line with the operator's roles file, which stays the
 * durable source of who is disabled (operations/roles.ts): at start, also for a journal written
 * before "disabled" was engine state, or when the bot stopped between the two writes.
 */
export function reconcileDisabled(
  state: PermanenceState,
  settings: PermanenceSettings,
  isDisabled: (counsellorId: UserId) => boolean,
): PermanenceEvent[] {
  return settings.counsellors.flatMap(({ userId }): PermanenceEvent[] => {
    const counsellor = state.counsellors[userId];
    const disabled = isDisabled(userId);
    if (counsellor === undefined || (counsellor.disabled === true) === disabled) return [];
    return [
      { type: disabled ? "counsellor_disabled" : "counsellor_enabled", counsellorId: userId },
    ];
  });
}
