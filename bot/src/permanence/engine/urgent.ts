// "I am in danger now": a waiting youth (queued, or offered and not yet joined) goes ahead of every
// youth who did not say it, and after those who said it before her. The page shows her the
// emergency numbers at once, before asking; this only changes who is served next.
//
// Misuse costs the others little: she can never pass another urgent youth (urgent youths are
// served in the order they said it, then arrival), and saying it twice changes nothing. A youth
// already talking with a counsellor changes nothing either: she can tell her counsellor. An offer
// already made stands (the counsellor is told with the notice; her console marks it).
//
// Requeued conversations are still served before the whole queue (assignment.ts): their youth is
// already in a conversation and waited once; an urgent youth only overtakes the queue.

import type { ConversationId, Decision, PermanenceState } from "../types.ts";
import { unchanged } from "./decision.ts";
import { compareIds, putConversation } from "./state.ts";

export function urgentDeclared(
  state: PermanenceState,
  conversationId: ConversationId,
  now: number,
): Decision {
  const conversation = state.conversations[conversationId];
  if (
    conversation === undefined ||
    conversation.phase.kind === "active" ||
    conversation.urgentAt !== undefined
  ) {
    return unchanged(state);
  }
  const marked = putConversation(state, { ...conversation, urgentAt: now });
  const queue = urgentFirst(marked);
  return {
    state: { ...marked, queue },
    commands: [
      {
        type: "notify_staff",
        notice: {
          kind: "urgent_declared",
          reference: conversation.reference,
          position: queue.indexOf(conversationId) + 1,
        },
      },
    ],
  };
}

/**
 * The queue with urgent youths first, by when they said it (then arrival, then id, so the order
 * never depends on anything else), and the others after them in the order they already had, which
 * is their arrival order: arrivals join the end and a withdrawn offer keeps its place.
 */
function urgentFirst(state: PermanenceState): ConversationId[] {
  const urgentAt = (id: ConversationId): number | undefined => state.conversations[id]?.urgentAt;
  const arrivedAt = (id: ConversationId): number => state.conversations[id]?.arrivedAt ?? 0;
  const urgent = state.queue
    .filter((id) => urgentAt(id) !== undefined)
    .sort(
      (a, b) =>
        (urgentAt(a) ?? 0) - (urgentAt(b) ?? 0) || arrivedAt(a) - arrivedAt(b) || compareIds(a, b),
    );
  return [...urgent, ...state.queue.filter((id) => urgentAt(id) === undefined)];
}
