// A counsellor who declines, or does not answer in time, what she was offered is paused, so that
// an absent counsellor is not asked youth after youth; she comes back with the on-duty command.
// The same holds for a colleague chosen for a requeued conversation (requeue.ts) who declines it or
// lets it expire, once the invite was sent.

import type {
  ConversationState,
  Decision,
  PermanenceCommand,
  PermanenceState,
  UserId,
} from "../../types.ts";
import { andThen, unchanged } from "../decision.ts";
import { pendingHandoverTo } from "../phase.ts";
import { backToQueue } from "../state.ts";
import { setAvailability } from "./availability.ts";
import { cancelHandover } from "./handover.ts";

/** The offer goes back to the queue after `commands`, and she is paused. */
export function missedOffer(
  state: PermanenceState,
  conversation: ConversationState,
  counsellorId: UserId,
  now: number,
  commands: PermanenceCommand[],
): Decision {
  const paused = setAvailability(backToQueue(state, conversation), counsellorId, "paused", now);
  return { state: paused.state, commands: [...commands, ...paused.commands] };
}

/** The handover is cancelled; for a requeued conversation whose invite was sent, she is paused. */
export function missedHandover(
  state: PermanenceState,
  conversation: ConversationState,
  reason: "declined" | "timed_out",
  now: number,
): Decision {
  const { phase } = conversation;
  if (phase.kind !== "active") return unchanged(state);
  const to = pendingHandoverTo(phase);
  if (to === undefined) return unchanged(state);
  const pause = phase.stage === "handing_over" && phase.requeuedAt !== undefined;
  const cancelled = cancelHandover(state, conversation, reason);
  return pause ? andThen(cancelled, (s) => setAvailability(s, to, "paused", now)) : cancelled;
}
