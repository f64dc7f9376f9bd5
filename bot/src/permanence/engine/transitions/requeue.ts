// The building blocks of "back to the queue" (requeue.ts says when each is used): the engine
// chooses a colleague and waits for the counsellor in charge to invite her, with the history; if
// she cannot (she left, or went off duty), the bot invites the colleague itself, without.

import type {
  ConversationId,
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../../types.ts";
import { unchanged } from "../decision.ts";
import { handingOver } from "../phase.ts";
import { putConversation, putCounsellor } from "../state.ts";
import { inviteTo } from "./offer.ts";

/**
 * The engine chose `to` to take a requeued conversation over. Her console asks the counsellor in
 * charge to invite her, with the history; if nobody can (she left, or is off duty), the bot
 * invites her itself, without.
 */
export function awaitColleague(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
  to: UserId,
  now: number,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active" || phase.stage !== "requeued") return unchanged(state);
  const from = phase.counsellorId;
  const expiresAt = now + settings.offerTimeoutMs;
  // Nobody can send the invite with the history: the bot sends it, without.
  const botInvites = phase.counsellorGone === true || isOffDuty(state, from);
  let next = putConversation(state, {
    ...conversation,
    phase: botInvites
      ? handingOver(phase, to, expiresAt)
      : {
          kind: "active",
          counsellorId: from,
          stage: "awaiting_invite",
          requeuedAt: phase.requeuedAt,
          to,
          expiresAt,
        },
  });
  const colleague = next.counsellors[to];
  if (colleague !== undefined) next = putCounsellor(next, to, { ...colleague, lastOfferAt: now });
  const commands: PermanenceCommand[] = [
    ...(botInvites ? [inviteTo(conversation, to)] : []),
    {
      type: "notify_staff",
      notice: {
        kind: "requeue_matched",
        reference: conversation.reference,
        from,
        to,
        invitedBy: botInvites ? "bot" : "counsellor",
      },
    },
  ];
  return { state: next, commands };
}

function isOffDuty(state: PermanenceState, id: UserId): boolean {
  return (state.counsellors[id]?.availability ?? "off_duty") === "off_duty";
}

/**
 * The counsellor in charge can no longer send the invite her console was asked for (she went off
 * duty, or is leaving the conversation): the bot sends it, without the history.
 */
export function inviteForAbsentCounsellor(
  state: PermanenceState,
  conversationId: ConversationId,
): Decision {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (conversation === undefined || phase?.kind !== "active" || phase.stage !== "awaiting_invite") {
    return unchanged(state);
  }
  return {
    state: putConversation(state, {
      ...conversation,
      phase: handingOver(phase, phase.to, phase.expiresAt),
    }),
    commands: [
      inviteTo(conversation, phase.to),
      {
        type: "notify_staff",
        notice: {
          kind: "requeue_matched",
          reference: conversation.reference,
          from: phase.counsellorId,
          to: phase.to,
          invitedBy: "bot",
        },
      },
    ],
  };
}
