// Handing a conversation over to a colleague, with its history. The bot has no crypto device, so
// it cannot share the room's keys: the counsellor in charge invites her colleague from her own
// client, which sends the colleague the room's key history (MSC4268), and the bot watches. A valid
// invite makes the handover pending (the colleague's slot is held); when the colleague joins, the
// conversation moves to her in one step and the first counsellor is removed from the room, so she
// no longer receives its messages. Any other invite into a conversation is revoked at once. If
// she leaves after inviting (Element users often do), her invite carried the history already: the
// youth waits for the colleague, and the conversation ends only if the colleague does not come.
//
// Who may take over: a configured counsellor other than the one in charge, on duty or paused (a
// colleague who paused to take over a conversation at the end of a shift is fine; she agreed to
// it), never off duty, and with a free slot under her maximum, pending offers and handovers
// included. One pending handover per conversation: a new valid invite replaces the previous one.
//
// A pending handover not joined within `offerTimeoutMs` is cancelled (requeue.ts,
// expireHandovers): the invite is revoked and the conversation stays with the counsellor in
// charge. Its expiry is in the phase, set by the decision that started it, so a replay of the
// journal expires it at the same instant. Handovers written before the expiry existed have none and
// never expire, as they did then: guessing an instant for them on load would make replays depend
// on when the bot restarted.

import type {
  ConversationId,
  ConversationState,
  Decision,
  HandoverCancellation,
  HandoverRefusal,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import { setAvailability } from "./availability.ts";
import { unchanged } from "./decision.ts";
import { endConversation } from "./ending.ts";
import {
  capacityOf,
  handoversTo,
  isConfiguredCounsellor,
  loadOf,
  putConversation,
  putCounsellor,
} from "./state.ts";

/** Why `by` may not hand this conversation over to `to` now; null when she may. */
export function handoverRefusal(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  to: UserId,
): HandoverRefusal | null {
  const phase = state.conversations[conversationId]?.phase;
  if (phase?.kind !== "active" || phase.counsellorId !== by || phase.counsellorGone === true) {
    return "not_in_charge";
  }
  const colleague = state.counsellors[to];
  if (colleague === undefined || !isConfiguredCounsellor(settings, to)) return "not_a_counsellor";
  if (to === by) return "same_counsellor";
  if (colleague.availability === "off_duty") return "off_duty";
  // Her pending invite for this very conversation already holds the slot it needs.
  const load = loadOf(state, to) - (phase.handoverTo === to ? 1 : 0);
  if (load >= capacityOf(settings, to)) return "full";
  return null;
}

/** An invite seen in a live conversation: a handover, or revoked. */
export function handoverInvited(
  settings: PermanenceSettings,
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
  to: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined) return unchanged(state);
  const { phase } = conversation;
  // The invite the engine asked for (requeue.ts): the handover was pending already, it now has
  // the history too. Its expiry runs on from when the colleague was chosen.
  if (
    phase.kind === "active" &&
    phase.handoverTo === to &&
    phase.handoverAwaitingInvite === true &&
    phase.counsellorId === by
  ) {
    const { handoverAwaitingInvite: _sent, ...rest } = phase;
    return {
      state: putConversation(state, { ...conversation, phase: rest }),
      commands: [
        {
          type: "notify_staff",
          notice: { kind: "handover_started", reference: conversation.reference, from: by, to },
        },
      ],
    };
  }
  // The same invite seen twice (a transaction delivered again) changes nothing. Neither does one
  // naming someone already in the conversation or already invited to take it over (Synapse
  // refuses such invites anyway): revoking it would kick them out.
  if (phase.kind === "active" && (phase.counsellorId === to || phase.handoverTo === to)) {
    return unchanged(state);
  }
  const refusal = handoverRefusal(settings, state, conversationId, by, to);
  if (refusal !== null || phase.kind !== "active") {
    return {
      state,
      commands: [
        { type: "revoke_invite", conversationId, userId: to },
        {
          type: "notify_staff",
          notice: {
            kind: "handover_refused",
            reference: conversation.reference,
            by,
            to,
            reason: refusal ?? "not_in_charge",
          },
        },
      ],
    };
  }
  const commands: PermanenceCommand[] = [];
  if (phase.handoverTo !== undefined) {
    // An invite the engine only asked for was never sent: nothing to take back.
    const sent = phase.handoverAwaitingInvite !== true;
    commands.push(...cancellation(conversation, phase.handoverTo, "replaced", sent));
  }
  commands.push({
    type: "notify_staff",
    notice: { kind: "handover_started", reference: conversation.reference, from: by, to },
  });
  const { handoverAwaitingInvite: _replaced, ...rest } = phase;
  return {
    state: putConversation(state, {
      ...conversation,
      phase: { ...rest, handoverTo: to, handoverExpiresAt: now + settings.offerTimeoutMs },
    }),
    commands,
  };
}

/** The colleague joined: the conversation is hers now, and the first counsellor leaves it. */
export function handoverJoined(
  state: PermanenceState,
  conversation: ConversationState,
  now: number,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active" || phase.handoverTo === undefined) return unchanged(state);
  const from = phase.counsellorId;
  const to = phase.handoverTo;
  const id = conversation.id;
  let next = putConversation(state, {
    ...conversation,
    phase: { kind: "active", counsellorId: to },
    handedOver: true,
    lastActivityAt: now,
  });
  const previous = next.counsellors[from];
  if (previous !== undefined) {
    next = putCounsellor(next, from, {
      ...previous,
      active: previous.active.filter((active) => active !== id),
    });
  }
  const colleague = next.counsellors[to];
  if (colleague !== undefined) {
    next = putCounsellor(next, to, { ...colleague, active: [...colleague.active, id] });
  }
  return {
    state: next,
    commands: [
      // Gone already if she left after inviting.
      ...(phase.counsellorGone === true
        ? []
        : [{ type: "remove_counsellor" as const, conversationId: id, counsellorId: from }]),
      {
        type: "notify_staff",
        notice: { kind: "handover_completed", reference: conversation.reference, from, to },
      },
    ],
  };
}

/** The colleague rejected the invite: the conversation stays with the counsellor in charge. */
export function handoverDeclined(
  state: PermanenceState,
  conversationId: ConversationId,
  counsellorId: UserId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  const phase = conversation?.phase;
  if (conversation === undefined || phase?.kind !== "active" || phase.handoverTo !== counsellorId) {
    return unchanged(state);
  }
  return cancelHandover(state, conversation, "declined", now);
}

/** A counsellor going off duty is no longer waited for: her pending handovers are withdrawn. */
export function withdrawHandoversTo(
  state: PermanenceState,
  counsellorId: UserId,
  now: number,
): Decision {
  let decision: Decision = unchanged(state);
  for (const conversation of handoversTo(state, counsellorId)) {
    const next = cancelHandover(decision.state, conversation, "off_duty", now);
    decision = { state: next.state, commands: [...decision.commands, ...next.commands] };
  }
  return decision;
}

/**
 * Stops a pending handover before the colleague joined. The invite is taken back unless it is
 * gone already (she declined) or was never sent (the engine was still waiting for it). The
 * conversation stays with the counsellor in charge; if she had left already and it was not sent
 * back to the queue, nobody is left to talk with the youth, and it ends as if she had just left.
 * A requeued conversation goes on looking for a colleague (requeue.ts); the colleague who declined
 * it or let it time out is paused, as for a missed offer, so that she is not asked again at once.
 */
export function cancelHandover(
  state: PermanenceState,
  conversation: ConversationState,
  reason: Exclude<HandoverCancellation, "replaced">,
  now: number,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active" || phase.handoverTo === undefined) return unchanged(state);
  const to = phase.handoverTo;
  const sent = phase.handoverAwaitingInvite !== true;
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
  let next = withoutHandover(state, conversation);
  const requeued = phase.requeuedAt !== undefined;
  if (requeued && sent && reason !== "off_duty") {
    const paused = setAvailability(next, to, "paused", now);
    next = paused.state;
    commands.push(...paused.commands);
  }
  if (phase.counsellorGone !== true || requeued) return { state: next, commands };
  const ended = endConversation(next, conversation.id, "counsellor_left");
  return { state: ended.state, commands: [...commands, ...ended.commands] };
}

function withoutHandover(state: PermanenceState, conversation: ConversationState): PermanenceState {
  const { phase } = conversation;
  if (phase.kind !== "active") return state;
  // Still in the state: endConversation needs it to free her slot and tell the youth.
  return putConversation(state, {
    ...conversation,
    phase: {
      kind: "active",
      counsellorId: phase.counsellorId,
      ...(phase.requeuedAt === undefined ? {} : { requeuedAt: phase.requeuedAt }),
      ...(phase.counsellorGone === true ? { counsellorGone: true as const } : {}),
    },
  });
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
