// A supervisor offers a waiting youth to a named counsellor now, out of the queue's order (a youth
// who asked for someone in particular, a counsellor who knows the situation). Any pending offer of
// that youth is taken back first (its invite withdrawn), without pausing the counsellor it was
// offered to: it was not her doing. The new offer has a fresh expiry and, if not accepted in time,
// expires like any other (offers.ts). Refused, with no change, when the youth is not waiting or
// the counsellor is not on duty or has no free slot.

import type {
  ConversationId,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { unchanged } from "./decision.ts";
import { capacityOf, loadOf } from "./state.ts";
import { inviteTo, offer } from "./transitions/offer.ts";

export type AssignRefusal = "not_waiting" | "counsellor_unavailable";

/** Why this youth may not be offered to this counsellor now; null when it may. */
export function assignRefusal(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
): AssignRefusal | null {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined || conversation.phase.kind === "active") return "not_waiting";
  const counsellor = state.counsellors[counsellorId];
  if (counsellor?.availability !== "on_duty") return "counsellor_unavailable";
  // An offer of this very youth to her already holds the slot it needs.
  const phase = conversation.phase;
  const own = phase.kind === "offered" && phase.counsellorId === counsellorId ? 1 : 0;
  if (loadOf(state, counsellorId) - own >= capacityOf(settings, counsellorId)) {
    return "counsellor_unavailable";
  }
  return null;
}

export function assignRequested(
  settings: PermanenceSettings,
  state: PermanenceState,
  event: { conversationId: ConversationId; counsellorId: UserId; by: UserId },
  now: number,
): Decision {
  const { conversationId, counsellorId, by } = event;
  const conversation = state.conversations[conversationId];
  const counsellor = state.counsellors[counsellorId];
  if (
    conversation === undefined ||
    counsellor === undefined ||
    assignRefusal(settings, state, conversationId, counsellorId) !== null
  ) {
    return unchanged(state);
  }
  const { phase } = conversation;
  const previous = phase.kind === "offered" ? phase.counsellorId : null;
  const commands: PermanenceCommand[] = [];
  // Offered to her already: a fresh expiry, and her invite stands.
  if (previous !== null && previous !== counsellorId) {
    commands.push({ type: "withdraw_invite", conversationId, counsellorId: previous });
  }
  if (previous !== counsellorId) commands.push(inviteTo(conversation, counsellorId));
  commands.push({
    type: "notify_staff",
    notice: {
      kind: "reassigned",
      reference: conversation.reference,
      counsellorId,
      by,
      previous: previous === counsellorId ? null : previous,
    },
  });
  return { state: offer(settings, state, conversation, counsellorId, now), commands };
}
