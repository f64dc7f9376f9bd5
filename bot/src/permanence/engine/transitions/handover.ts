// The building blocks of a handover (handover.ts says when each is used): a colleague is invited,
// the counsellor in charge leaves after inviting her, the colleague joins, or she is given up.
// Until she joins, the conversation stays with the counsellor in charge and her pending invite
// holds a slot. Choosing a colleague for a requeued conversation is transitions/requeue.ts's.

import type {
  ConversationId,
  ConversationState,
  Decision,
  HandoverCancellation,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../../types.ts";
import { andThen, unchanged } from "../decision.ts";
import {
  handingOver,
  isCounsellorGone,
  isHandoverPending,
  requeuedAt,
  withoutHandover,
} from "../phase.ts";
import { putConversation } from "../state.ts";
import { endConversation } from "./ending.ts";
import { inviteForAbsentCounsellor } from "./requeue.ts";

/**
 * The counsellor in charge invited `to` (handover.ts decided the invite is valid): a handover to
 * her is pending, replacing any previous one, and expires `offerTimeoutMs` from now.
 */
export function startHandover(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversation: ConversationState,
  by: UserId,
  to: UserId,
  now: number,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active") return unchanged(state);
  const commands: PermanenceCommand[] = [];
  if (isHandoverPending(phase)) {
    // An invite the engine only asked for was never sent: nothing to take back.
    const sent = phase.stage === "handing_over";
    commands.push(...cancellation(conversation, phase.to, "replaced", sent));
  }
  commands.push({
    type: "notify_staff",
    notice: { kind: "handover_started", reference: conversation.reference, from: by, to },
  });
  return {
    state: putConversation(state, {
      ...conversation,
      phase: handingOver(phase, to, now + settings.offerTimeoutMs),
    }),
    commands,
  };
}

/**
 * The invite the engine asked for (requeue.ts) was sent by the counsellor in charge: the handover
 * was pending already, it now has the history too. Its expiry runs on from when the colleague was
 * chosen.
 */
export function invitedAsAsked(
  state: PermanenceState,
  conversation: ConversationState,
  by: UserId,
  to: UserId,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active" || phase.stage !== "awaiting_invite") return unchanged(state);
  return {
    state: putConversation(state, {
      ...conversation,
      phase: handingOver(phase, phase.to, phase.expiresAt),
    }),
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "handover_started", reference: conversation.reference, from: by, to },
      },
    ],
  };
}

/**
 * The counsellor in charge left a conversation she had asked a colleague to take over, or sent
 * back to the queue: the youth waits for the colleague rather than losing the conversation. An
 * invite her console was still asked for is sent by the bot.
 */
export function counsellorGone(state: PermanenceState, conversationId: ConversationId): Decision {
  return andThen(inviteForAbsentCounsellor(state, conversationId), (current) => {
    const conversation = current.conversations[conversationId];
    const phase = conversation?.phase;
    if (
      conversation === undefined ||
      phase?.kind !== "active" ||
      (phase.stage !== "requeued" && phase.stage !== "handing_over")
    ) {
      return unchanged(current);
    }
    return unchanged(
      putConversation(current, { ...conversation, phase: { ...phase, counsellorGone: true } }),
    );
  });
}

/** The colleague joined: the conversation is hers now, and the first counsellor leaves it. */
export function completeHandover(
  state: PermanenceState,
  conversation: ConversationState,
  now: number,
): Decision {
  const { phase } = conversation;
  if (!isHandoverPending(phase)) return unchanged(state);
  const from = phase.counsellorId;
  const { to } = phase;
  const id = conversation.id;
  const next = putConversation(state, {
    ...conversation,
    phase: { kind: "active", counsellorId: to, stage: "talking" },
    handedOver: true,
    lastActivityAt: now,
  });
  return {
    state: next,
    commands: [
      // Gone already if she left after inviting.
      ...(isCounsellorGone(phase)
        ? []
        : [{ type: "remove_counsellor" as const, conversationId: id, counsellorId: from }]),
      {
        type: "notify_staff",
        notice: { kind: "handover_completed", reference: conversation.reference, from, to },
      },
    ],
  };
}

/**
 * Stops a pending handover before the colleague joined. The invite is taken back unless it is
 * gone already (she declined) or was never sent (the engine was still waiting for it). The
 * conversation stays with the counsellor in charge; if she had left already and it was not sent
 * back to the queue, nobody is left to talk with the youth, and it ends as if she had just left.
 * A requeued conversation goes on looking for a colleague (requeue.ts). Pausing a colleague who
 * missed it is missed.ts's.
 */
export function cancelHandover(
  state: PermanenceState,
  conversation: ConversationState,
  reason: Exclude<HandoverCancellation, "replaced">,
): Decision {
  const { phase } = conversation;
  if (!isHandoverPending(phase)) return unchanged(state);
  const { to } = phase;
  const sent = phase.stage === "handing_over";
  const commands: PermanenceCommand[] = [
    ...(reason === "declined" || !sent
      ? []
      : [
          reason === "timed_out"
            ? { type: "revoke_invite" as const, conversationId: conversation.id, userId: to }
            : {
                type: "withdraw_invite" as const,
                conversationId: conversation.id,
                counsellorId: to,
              },
        ]),
    {
      type: "notify_staff",
      notice: { kind: "handover_cancelled", reference: conversation.reference, to, reason },
    },
  ];
  // Still in the state: endConversation needs it to tell the youth.
  const next = putConversation(state, { ...conversation, phase: withoutHandover(phase) });
  if (!isCounsellorGone(phase) || requeuedAt(phase) !== undefined) {
    return { state: next, commands };
  }
  const ended = endConversation(next, conversation.id, "counsellor_left");
  return { state: ended.state, commands: [...commands, ...ended.commands] };
}

function cancellation(
  conversation: ConversationState,
  to: UserId,
  reason: HandoverCancellation,
  withdraw: boolean,
): PermanenceCommand[] {
  return [
    ...(withdraw
      ? [{ type: "withdraw_invite" as const, conversationId: conversation.id, counsellorId: to }]
      : []),
    {
      type: "notify_staff",
      notice: { kind: "handover_cancelled", reference: conversation.reference, to, reason },
    },
  ];
}
