// A youth arrives: they join the end of the queue, unless admissions are over for today.

import type {
  ConversationId,
  Decision,
  PermanenceState,
  Schedule,
  UserId,
  WritingAbout,
} from "../types.ts";
import { unchanged } from "./decision.ts";

export interface Arrival {
  conversationId: ConversationId;
  youthId: UserId;
  reference: number;
  writingAbout?: WritingAbout;
}

export function youthArrived(
  schedule: Schedule,
  state: PermanenceState,
  arrival: Arrival,
  now: number,
): Decision {
  const { conversationId, youthId, reference, writingAbout } = arrival;
  if (state.conversations[conversationId] !== undefined) return unchanged(state);
  if (!schedule(now).admitting) {
    // Nothing enters the queue after the last admission: the room is closed with the reason.
    return {
      state,
      commands: [
        {
          type: "publish_status",
          conversationId,
          status: { state: "ended", reason: "not_admitted" },
        },
        { type: "close_conversation", conversationId, reason: "not_admitted" },
      ],
    };
  }
  const next: PermanenceState = {
    ...state,
    conversations: {
      ...state.conversations,
      [conversationId]: {
        id: conversationId,
        youthId,
        reference,
        arrivedAt: now,
        phase: { kind: "queued" },
        lastActivityAt: now,
        published: null,
        ...(writingAbout === undefined ? {} : { writingAbout }),
      },
    },
    queue: [...state.queue, conversationId],
  };
  return {
    state: next,
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "youth_waiting", reference, queueLength: next.queue.length },
      },
    ],
  };
}
