// Opening hours seen from the engine: counsellors are warned before closing, and once a slot has
// ended the youths still waiting are sent away and counsellors go off duty. Conversations already
// under way continue past closing time. Each happens once per slot, even if the first event after
// closing comes hours later.

import type { Decision, PermanenceState, Schedule } from "../types.ts";
import { andThen, pipeline, unchanged } from "./decision.ts";
import { counsellorIds, liveConversations } from "./state.ts";
import { setAvailability } from "./transitions/availability.ts";
import { endConversation } from "./transitions/ending.ts";

export function followSchedule(
  schedule: Schedule,
  closingWarningMs: number,
  state: PermanenceState,
  now: number,
): Decision {
  const snapshot = schedule(now);
  const seen = state.openSlotClosesAt ?? null;
  const slotEnded = seen !== null && state.closedSlotAt !== seen && (!snapshot.open || now >= seen);
  const { closesAt } = snapshot;
  const current = snapshot.open ? closesAt : null;
  return pipeline(
    state,
    (s) => (slotEnded && seen !== null ? closeSlot(s, seen, now) : unchanged(s)),
    (s) =>
      unchanged(
        current === null || s.openSlotClosesAt === current
          ? s
          : { ...s, openSlotClosesAt: current },
      ),
    (s) => {
      if (current === null || now < current - closingWarningMs) return unchanged(s);
      if (s.warnedForClosingAt === current) return unchanged(s);
      return {
        state: { ...s, warnedForClosingAt: current },
        commands: [
          {
            type: "notify_staff",
            notice: { kind: "closing_soon", closesAt: current, queueLength: s.queue.length },
          },
        ],
      };
    },
  );
}

function closeSlot(state: PermanenceState, slotClosesAt: number, now: number): Decision {
  const sentAway = state.queue.length;
  // Places held for rooms still being made go with the queue: her room, if it comes, is closed
  // as any arrival after closing is (arrival.ts).
  let decision = unchanged({ ...state, closedSlotAt: slotClosesAt, reservations: [] });
  for (const id of state.queue) {
    decision = andThen(decision, (s) => endConversation(s, id, "closing", { notifyStaff: false }));
  }
  for (const id of counsellorIds(state)) {
    decision = andThen(decision, (s) => setAvailability(s, id, "off_duty", now));
  }
  // Sent back to the queue by a counsellor who has left since: no colleague will come now.
  decision = andThen(decision, (s) =>
    liveConversations(s).reduce((ending, conversation) => {
      const { phase } = conversation;
      if (phase.kind !== "active" || phase.stage !== "requeued") return ending;
      if (phase.counsellorGone !== true) return ending;
      return andThen(ending, (current) =>
        endConversation(current, conversation.id, "counsellor_left"),
      );
    }, unchanged(s)),
  );
  return andThen(decision, (s) => ({
    state: s,
    commands: [{ type: "notify_staff", notice: { kind: "closed", sentAway } }],
  }));
}
