// Strict FIFO assignment: the head of the queue is served first, by the least-loaded counsellor on
// duty, ties to the longest idle, then by user id so the outcome never depends on map order.

import type {
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "../types.ts";
import {
  capacityOf,
  compareIds,
  counsellorIds,
  loadOf,
  putConversation,
  putCounsellor,
  queuedConversations,
} from "./state.ts";
import { matchRequeued } from "./requeue.ts";

/**
 * The counsellor who should get the next offer, or null when nobody on duty has a free slot.
 * `except`: the counsellor a requeued conversation is taken from (requeue.ts).
 */
export function chooseCounsellor(
  settings: PermanenceSettings,
  state: PermanenceState,
  except?: UserId,
): UserId | null {
  const candidates = counsellorIds(state).flatMap((id) => {
    if (id === except) return [];
    const counsellor = state.counsellors[id];
    if (counsellor?.availability !== "on_duty") return [];
    const load = loadOf(state, id);
    return load < capacityOf(settings, id)
      ? [{ id, load, lastOfferAt: counsellor.lastOfferAt }]
      : [];
  });
  candidates.sort(
    (a, b) => a.load - b.load || a.lastOfferAt - b.lastOfferAt || compareIds(a.id, b.id),
  );
  return candidates[0]?.id ?? null;
}

/**
 * Requeued conversations first (their youth waited once already; requeue.ts), then the queue in
 * strict FIFO order.
 */
export function assign(
  settings: PermanenceSettings,
  state: PermanenceState,
  now: number,
): Decision {
  const matched = matchRequeued(settings, state, now);
  let next = matched.state;
  const commands: PermanenceCommand[] = [...matched.commands];
  for (const conversation of queuedConversations(next)) {
    // Offered youths keep their place; they are already being served.
    if (conversation.phase.kind !== "queued") continue;
    const counsellorId = chooseCounsellor(settings, next);
    // Nobody free for this youth means nobody free for those behind: nobody overtakes.
    if (counsellorId === null) break;
    next = offer(settings, next, conversation, counsellorId, now);
    commands.push(
      { type: "invite", conversationId: conversation.id, counsellorId },
      {
        type: "notify_staff",
        notice: { kind: "offered", reference: conversation.reference, counsellorId },
      },
    );
  }
  return { state: next, commands };
}

function offer(
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
