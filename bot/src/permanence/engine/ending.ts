// Ending a conversation, whoever ends it: the conversation leaves the state at once, a pending
// offer is taken back, the counsellor's slot is freed, the youth is told and the room is closed.

import type {
  ConversationId,
  Decision,
  EndReason,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
  YouthStatus,
} from "../types.ts";
import { andThen, unchanged } from "./decision.ts";
import { inviteForAbsentCounsellor } from "./requeue.ts";
import { dropConversation, liveConversations, putConversation, putCounsellor } from "./state.ts";

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
  let next = dropConversation(state, conversationId);
  const { phase } = conversation;
  if (phase.kind === "offered") {
    commands.push({ type: "withdraw_invite", conversationId, counsellorId: phase.counsellorId });
  }
  // An invite the engine was still waiting for was never sent: nothing to take back.
  if (
    phase.kind === "active" &&
    phase.handoverTo !== undefined &&
    phase.handoverAwaitingInvite !== true
  ) {
    commands.push({ type: "withdraw_invite", conversationId, counsellorId: phase.handoverTo });
  }
  if (phase.kind === "active") {
    const counsellor = next.counsellors[phase.counsellorId];
    if (counsellor !== undefined) {
      next = putCounsellor(next, phase.counsellorId, {
        ...counsellor,
        active: counsellor.active.filter((id) => id !== conversationId),
      });
    }
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

/**
 * Barring the client behind a conversation is for the counsellor in charge only: she is the one
 * who read what was written. Nobody else, not even a supervisor, can judge a conversation they
 * cannot read, and a bar cuts a youth off the helpline for hours.
 */
export function mayBar(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): boolean {
  const phase = state.conversations[conversationId]?.phase;
  return phase?.kind === "active" && phase.counsellorId === by && phase.counsellorGone !== true;
}

/** A counsellor ends a conversation: theirs once active, anyone's while the youth still waits. */
export function endRequested(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined || state.counsellors[by] === undefined) return unchanged(state);
  const { phase } = conversation;
  if (phase.kind === "active" && phase.counsellorId !== by) return unchanged(state);
  return endConversation(state, conversationId, "counsellor_ended");
}

/** Only the counsellor in the conversation leaving ends it; a removed intruder leaving does not. */
export function counsellorLeft(
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
): Decision {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (phase?.kind !== "active" || phase.counsellorId !== counsellorId) return unchanged(state);
  if (phase.counsellorGone === true) return unchanged(state);
  // She invited a colleague, then left: her invite carried the history, so the youth waits for
  // the colleague rather than losing the conversation (handover.ts). Likewise when she sent it
  // back to the queue: the youth waits for the next free colleague, whom the bot will invite
  // (requeue.ts), at once if one was chosen already and she left before inviting her.
  if (
    conversation !== undefined &&
    (phase.handoverTo !== undefined || phase.requeuedAt !== undefined)
  ) {
    const gone = putConversation(state, {
      ...conversation,
      phase: { ...phase, counsellorGone: true },
    });
    return inviteForAbsentCounsellor(gone, conversationId);
  }
  return endConversation(state, conversationId, "counsellor_left");
}

export function endInactive(
  settings: PermanenceSettings,
  state: PermanenceState,
  now: number,
): Decision {
  return liveConversations(state)
    .filter(
      (conversation) =>
        conversation.phase.kind === "active" &&
        now - conversation.lastActivityAt >= settings.inactivityTimeoutMs,
    )
    .reduce(
      (decision, conversation) =>
        andThen(decision, (current) => endConversation(current, conversation.id, "inactivity")),
      unchanged(state),
    );
}
