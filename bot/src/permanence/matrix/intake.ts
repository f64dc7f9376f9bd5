import type { PermanenceEvent, PermanenceState } from "../types.ts";
import { pendingHandoverTo } from "../engine/phase.ts";

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
  if (event.type !== "m.room.member" || event.state_key === undefined) return [];
  // Someone (the counsellor in charge, from her own client) invited someone: a handover, or an
  // invite the engine revokes. Only an invite sent by a member's client can carry the history.
  if (event.state_key !== event.sender) {
    // The counsellor in charge removed an observer (observers.ts) from her own client.
    const removed = event.content?.membership === "leave" || event.content?.membership === "ban";
    if (removed && conversation.observers?.[event.state_key] !== undefined) {
      return [{ type: "observer_left", conversationId, observerId: event.state_key }];
    }
    return event.content?.membership === "invite"
      ? [
          {
            type: "handover_invited",
            conversationId,
            by: event.sender,
            counsellorId: event.state_key,
          },
        ]
      : [];
  }

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
  if (pendingHandoverTo(phase) === member) {
    return [{ type: "handover_declined", conversationId, counsellorId: member }];
  }
  if (conversation.observers?.[member] !== undefined) {
    return [{ type: "observer_left", conversationId, observerId: member }];
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
  memberships: Record<string, { membership: string; sender?: string }>,
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
  const to = pendingHandoverTo(phase);
  if (phase.kind === "active" && to !== undefined) {
    // The colleague joined, or rejected the invite, while the bot was not listening. A join
    // first: it completes the handover, and the first counsellor's own departure then matters
    // no more.
    const colleague = of(to);
    if (colleague === "join") {
      return [{ type: "counsellor_joined", conversationId, counsellorId: to }];
    }
    // The engine chose her for a requeued conversation and waits for the invite (requeue.ts):
    // not invited yet is not a refusal; an invite sent meanwhile is the one it waited for.
    const awaiting = phase.stage === "awaiting_invite";
    const sender = memberships[to]?.sender;
    if (awaiting && colleague === "invite" && sender !== undefined) {
      return [{ type: "handover_invited", conversationId, by: sender, counsellorId: to }];
    }
    if (colleague === "leave" && !awaiting) {
      return [{ type: "handover_declined", conversationId, counsellorId: to }];
    }
  }
  if (phase.kind === "active" && of(phase.counsellorId) === "leave") {
    return [{ type: "counsellor_left", conversationId, counsellorId: phase.counsellorId }];
  }
  // Appended to, not instead of, the invites below: an observer's change must not hide an
  // invite that is a handover, or one to revoke.
  const observers = reconcileObservers(conversationId, memberships, state);
  if (phase.kind !== "active") return observers;
  // An invite sent while the bot was not listening: judged now, as it would have been then.
  const invited = Object.entries(memberships)
    .filter(([userId, { membership }]) => membership === "invite" && userId !== to)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    ...observers,
    ...invited.flatMap(([userId, { sender }]) =>
      sender === undefined
        ? []
        : [{ type: "handover_invited" as const, conversationId, by: sender, counsellorId: userId }],
    ),
  ];
}

/** Observers (engine/observers.ts) who joined, or left, while the bot was not listening. */
function reconcileObservers(
  conversationId: string,
  memberships: Record<string, { membership: string; sender?: string }>,
  state: PermanenceState,
): PermanenceEvent[] {
  const observers = state.conversations[conversationId]?.observers ?? {};
  return Object.keys(observers)
    .sort()
    .flatMap((observerId): PermanenceEvent[] => {
      const stage = observers[observerId]?.stage;
      const membership = memberships[observerId]?.membership ?? "leave";
      if (membership === "join" && stage !== "joined") {
        return [{ type: "counsellor_joined", conversationId, counsellorId: observerId }];
      }
      // A request not invited yet is not a refusal: its expiry gives it up.
      // A ban is a leave that cannot be undone: gone all the same (interpretConversationEvent).
      if ((membership === "leave" || membership === "ban") && stage !== "requested") {
        return [{ type: "observer_left", conversationId, observerId }];
      }
      return [];
    });
}
