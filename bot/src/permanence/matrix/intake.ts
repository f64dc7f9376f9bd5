import type { PermanenceEvent, PermanenceState } from "../types.ts";

/** The part of a Matrix event the permanence looks at: membership and the fact of a message. */
export interface RoomEvent {
  room_id: string;
  type: string;
  sender: string;
  state_key?: string;
  content?: Record<string, unknown>;
}

export interface IntakeContext {
  botUserId: string;
  counsellors: ReadonlySet<string>;
  state: PermanenceState;
}

/**
 * What a Matrix event in a conversation room means for the permanence. Pure: the meaning of a
 * counsellor leaving comes from the engine's state (an offer she declines, or a conversation she
 * leaves), not from the event's previous content, which Synapse does not always include.
 * The bot's own actions (invites, withdrawals, status) come back as events too: they mean nothing.
 */
export function interpretConversationEvent(
  event: RoomEvent,
  context: IntakeContext,
): PermanenceEvent[] {
  const conversation = context.state.conversations[event.room_id];
  if (conversation === undefined || event.sender === context.botUserId) return [];
  const conversationId = conversation.id;

  if (event.type === "m.room.encrypted" || event.type === "m.room.message") {
    return [{ type: "activity", conversationId }];
  }
  if (event.type !== "m.room.member" || event.state_key !== event.sender) return [];

  const member = event.sender;
  const membership = event.content?.membership;
  const phase = conversation.phase;
  if (member === conversation.youthId) {
    return membership === "leave" ? [{ type: "youth_left", conversationId }] : [];
  }
  if (!context.counsellors.has(member)) return [];
  if (membership === "join")
    return [{ type: "counsellor_joined", conversationId, counsellorId: member }];
  if (membership !== "leave") return [];
  if (phase.kind === "offered" && phase.counsellorId === member) {
    return [{ type: "counsellor_declined", conversationId, counsellorId: member }];
  }
  if (phase.kind === "active" && phase.counsellorId === member) {
    return [{ type: "counsellor_left", conversationId, counsellorId: member }];
  }
  return [];
}

/**
 * After a restart: what happened in a conversation room while the bot was not listening, read
 * from the room's current memberships. Synapse retries undelivered transactions, so this only
 * matters for events the bot received but had not written down when it was killed.
 */
export function reconcileConversation(
  conversationId: string,
  memberships: Record<string, { membership: string }>,
  state: PermanenceState,
): PermanenceEvent[] {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined) return [];
  const of = (userId: string) => memberships[userId]?.membership ?? "leave";
  if (of(conversation.youthId) === "leave") return [{ type: "youth_left", conversationId }];
  const phase = conversation.phase;
  if (phase.kind === "offered") {
    const membership = of(phase.counsellorId);
    if (membership === "join") {
      return [{ type: "counsellor_joined", conversationId, counsellorId: phase.counsellorId }];
    }
    if (membership === "leave") {
      return [{ type: "counsellor_declined", conversationId, counsellorId: phase.counsellorId }];
    }
  }
  if (phase.kind === "active" && of(phase.counsellorId) === "leave") {
    return [{ type: "counsellor_left", conversationId, counsellorId: phase.counsellorId }];
  }
  return [];
}
