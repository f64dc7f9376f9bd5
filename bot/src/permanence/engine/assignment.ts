// After every event, free counsellors are given work. Requeued conversations come first (their
// youth waited once already; requeue.ts), each to a colleague other than its counsellor; then the
// queue in strict FIFO order: the head of the queue is served first, by the least-loaded
// counsellor on duty, ties to the longest idle, then by user id (chooseCounsellor, state.ts).

import type { Decision, PermanenceCommand, PermanenceSettings, PermanenceState } from "../types.ts";
import { andThen, unchanged } from "./decision.ts";
import { chooseCounsellor, colleagueFor, queuedConversations, requeuedWaiting } from "./state.ts";
import { inviteTo, offer } from "./transitions/offer.ts";
import { awaitColleague } from "./transitions/requeue.ts";

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
    commands.push(inviteTo(conversation, counsellorId), {
      type: "notify_staff",
      notice: {
        kind: "offered",
        reference: conversation.reference,
        counsellorId,
        ...(conversation.urgentAt === undefined ? {} : { urgent: true as const }),
      },
    });
  }
  return { state: next, commands };
}

/** Gives every requeued conversation a free colleague, while there is one. */
function matchRequeued(
  settings: PermanenceSettings,
  state: PermanenceState,
  now: number,
): Decision {
  let decision = unchanged(state);
  for (const { id } of requeuedWaiting(state)) {
    const conversation = decision.state.conversations[id];
    if (conversation?.phase.kind !== "active") continue;
    const colleague = colleagueFor(
      settings,
      decision.state,
      conversation,
      conversation.phase.counsellorId,
    );
    // Another requeued conversation, held by someone else, might still find the colleague that
    // this counsellor cannot hand to herself: go on rather than stop.
    if (colleague === null) continue;
    decision = andThen(decision, (s) => awaitColleague(settings, s, conversation, colleague, now));
  }
  return decision;
}
