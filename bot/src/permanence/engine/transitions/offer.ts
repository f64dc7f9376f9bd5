// Offering a waiting youth to a counsellor, and taking an offer back. The queue (assignment.ts)
// and a supervisor (reassign.ts) make offers; pausing, going off duty and a missed offer take
// them back.

import type {
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../../types.ts";
import { backToQueue, offersTo, putConversation, putCounsellor } from "../state.ts";

/** The youth is offered to her until `offerTimeoutMs` from now; she counts as just offered. */
export function offer(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
  counsellorId: UserId,
  now: number,
): PermanenceState {
  const counsellor = state.counsellors[counsellorId];
  const withOffer = putConversation(state, {
    ...conversation,
    phase: { kind: "offered", counsellorId, expiresAt: now + settings.offerTimeoutMs },
  });
  return counsellor === undefined
    ? withOffer
    : putCounsellor(withOffer, counsellorId, { ...counsellor, lastOfferAt: now });
}

/**
 * The bot's invite of a counsellor into this conversation, with the youth's answer if any, and
 * whether she said she is in danger now (urgent.ts).
 */
export function inviteTo(
  conversation: ConversationState,
  counsellorId: UserId,
): Extract<PermanenceCommand, { type: "invite" }> {
  const { id: conversationId, writingAbout, urgentAt } = conversation;
  return {
    type: "invite",
    conversationId,
    counsellorId,
    ...(writingAbout === undefined ? {} : { writingAbout }),
    ...(urgentAt === undefined ? {} : { urgent: true as const }),
  };
}

/** Her unanswered offers go back to the queue (the youths keep their place) and are withdrawn. */
export function withdrawOffersTo(state: PermanenceState, counsellorId: UserId): Decision {
  let next = state;
  const commands: PermanenceCommand[] = [];
  for (const offered of offersTo(state, counsellorId)) {
    next = backToQueue(next, offered);
    commands.push({ type: "withdraw_invite", conversationId: offered.id, counsellorId });
  }
  return { state: next, commands };
}
