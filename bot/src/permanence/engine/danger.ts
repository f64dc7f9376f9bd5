// "Danger to life": the counsellor in charge of a conversation (or a supervisor) marks it when she
// believes the youth's life, or someone's, is in danger now. The mark tells the supervisors on duty
// at once (the staff notice, which the staff-room adapter turns into an alert naming them) and puts
// the conversation at the top of their view. It says nothing of what was written: the bot cannot
// read it. The mark stays with the conversation and goes with it; only a daily count is kept
// (operations/facts.ts).
//
// Marking twice changes nothing: one alert per conversation, whoever marks it again.

import type { ConversationId, Decision, PermanenceState, UserId } from "../types.ts";
import { unchanged } from "./decision.ts";
import { isInChargeOf } from "./phase.ts";
import { putConversation } from "./state.ts";

export type DangerRefusal = "not_active" | "not_in_charge" | "already_marked";

/**
 * Why `by` may not mark this conversation now; null when she may. `asSupervisor`: the door
 * checked that she is a supervisor, who may mark any active conversation.
 */
export function dangerRefusal(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  asSupervisor: boolean,
): DangerRefusal | null {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined || conversation.phase.kind !== "active") return "not_active";
  if (!asSupervisor && !isInChargeOf(conversation.phase, by)) return "not_in_charge";
  if (conversation.dangerAt !== undefined) return "already_marked";
  return null;
}

export function dangerMarked(
  state: PermanenceState,
  event: { conversationId: ConversationId; by: UserId; asSupervisor?: true },
  now: number,
): Decision {
  const { conversationId, by } = event;
  const conversation = state.conversations[conversationId];
  if (
    conversation === undefined ||
    dangerRefusal(state, conversationId, by, event.asSupervisor === true) !== null
  ) {
    return unchanged(state);
  }
  return {
    state: putConversation(state, { ...conversation, dangerAt: now, dangerBy: by }),
    commands: [
      {
        type: "notify_staff",
        notice: {
          kind: "danger_marked",
          reference: conversation.reference,
          by,
          onDuty: Object.entries(state.counsellors)
            .filter(([userId, { availability }]) => userId !== by && availability !== "off_duty")
            .map(([userId]) => userId)
            .sort(),
        },
      },
    ],
  };
}
