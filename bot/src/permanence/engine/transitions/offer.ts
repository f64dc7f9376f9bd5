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

/**
 * How long an offer waits for Synapse to make its invite, beyond the offer timeout. The counsellor
 * can answer only once she has the invite, so her time to answer starts then (inviteMade,
 * offers.ts). On a campaign night the bot's outbox ran minutes behind a saturated Synapse: counted
 * from the decision, offers expired before or just after their invite reached her, and each
 * counsellor was paused as if absent (issue 19: 33 of 40 seats filled at the end of a night).
 * Bounded, so that an invite Synapse never makes (a command it refuses for good) does not hold
 * the youth: the offer then expires as an unanswered one does.
 */
export const inviteAllowanceMs = 5 * 60_000;

/**
 * The youth is offered to her; she counts as just offered. The offer expires `offerTimeoutMs`
 * after its invite is made, or `inviteAllowanceMs` later if it never is.
 */
export function offer(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
  counsellorId: UserId,
  now: number,
): PermanenceState {
  const counsellor = state.counsellors[counsellorId];
  const { phase } = conversation;
  // Offered to her again (a supervisor's assignment) with her invite made: it stands, and her
  // time to answer starts again now.
  const invited =
    phase.kind === "offered" &&
    phase.counsellorId === counsellorId &&
    phase.invitedAt !== undefined;
  const withOffer = putConversation(state, {
    ...conversation,
    phase: invited
      ? { kind: "offered", counsellorId, invitedAt: now, expiresAt: now + settings.offerTimeoutMs }
      : {
          kind: "offered",
          counsellorId,
          expiresAt: now + settings.offerTimeoutMs + inviteAllowanceMs,
        },
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
