// A youth arrives: they join the end of the queue, unless admissions are over for today. A youth
// whose place was held while her room was made (reservation.ts) takes that place instead: in the
// order youths asked, and admitted while the helpline is open, since she asked in time.

import type {
  ConversationId,
  Decision,
  PermanenceState,
  Schedule,
  UserId,
  WritingAbout,
} from "../types.ts";
import { unchanged } from "./decision.ts";
import { comesBefore, takeReservation } from "./state.ts";

export interface Arrival {
  conversationId: ConversationId;
  youthId: UserId;
  reference: number;
  writingAbout?: WritingAbout;
  reservationId?: string;
}

export function youthArrived(
  schedule: Schedule,
  state: PermanenceState,
  arrival: Arrival,
  now: number,
): Decision {
  const { conversationId, youthId, reference, writingAbout } = arrival;
  if (state.conversations[conversationId] !== undefined) return unchanged(state);
  const held =
    arrival.reservationId === undefined
      ? { reservation: null, state }
      : takeReservation(state, arrival.reservationId, now);
  const { reservation } = held;
  const snapshot = schedule(now);
  if (!(snapshot.admitting || (reservation !== null && snapshot.open))) {
    // Nothing enters the queue after the last admission: the room is closed with the reason.
    return {
      state: held.state,
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
  // She waits from when she asked: her place, and the wait the statistics count, start there.
  const arrivedAt = reservation?.at ?? now;
  const next: PermanenceState = {
    ...held.state,
    conversations: {
      ...held.state.conversations,
      [conversationId]: {
        id: conversationId,
        youthId,
        reference,
        arrivedAt,
        phase: { kind: "queued" },
        lastActivityAt: now,
        published: null,
        ...(writingAbout === undefined ? {} : { writingAbout }),
      },
    },
    queue: inPlace(held.state, conversationId, arrivedAt),
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

/**
 * The queue with her at her place: after the urgent youths (urgent.ts) and after every youth who
 * asked no later than she did; at the end when nobody asked after her (an arrival without a
 * reservation, or a reservation asked last).
 */
function inPlace(
  state: PermanenceState,
  conversationId: ConversationId,
  arrivedAt: number,
): ConversationId[] {
  const before = state.queue.findIndex((id) => {
    const queued = state.conversations[id];
    return queued !== undefined && !comesBefore(queued, arrivedAt);
  });
  if (before === -1) return [...state.queue, conversationId];
  return [...state.queue.slice(0, before), conversationId, ...state.queue.slice(before)];
}
