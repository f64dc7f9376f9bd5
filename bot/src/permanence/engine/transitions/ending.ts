// Ending a conversation, whoever ends it: the conversation leaves the state at once (which frees
// the counsellor's slot), a pending offer or handover invite is taken back, the youth is told and
// the room is closed.

import type {
  ConversationId,
  Decision,
  EndReason,
  PermanenceCommand,
  PermanenceState,
  YouthStatus,
} from "../../types.ts";
import { unchanged } from "../decision.ts";
import { dropConversation } from "../state.ts";

export interface EndOptions {
  /** At closing the staff room gets one summary instead of a notice per youth. */
  notifyStaff: boolean;
}

export function endConversation(
  state: PermanenceState,
  conversationId: ConversationId,
  reason: EndReason,
  options: EndOptions = { notifyStaff: true },
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined) return unchanged(state);
  const commands: PermanenceCommand[] = [];
  const next = dropConversation(state, conversationId);
  const { phase } = conversation;
  if (phase.kind === "offered") {
    commands.push({ type: "withdraw_invite", conversationId, counsellorId: phase.counsellorId });
  }
  // An invite the engine was still waiting for was never sent: nothing to take back.
  if (phase.kind === "active" && phase.stage === "handing_over") {
    commands.push({ type: "withdraw_invite", conversationId, counsellorId: phase.to });
  }
  if (options.notifyStaff) {
    commands.push({
      type: "notify_staff",
      notice: { kind: "conversation_ended", reference: conversation.reference, reason },
    });
  }
  const status: YouthStatus =
    reason === "counsellor_left" ? { state: "counsellor_left" } : { state: "ended", reason };
  commands.push(
    { type: "publish_status", conversationId, status },
    { type: "close_conversation", conversationId, reason },
  );
  return { state: next, commands };
}
