// What a conversation's phase says, read the same way by every rule and adapter. The active
// phase's stages (types.ts) carry only the fields they need; these answer the questions that cut
// across stages.

import type { ActivePhase, ConversationPhase, UserId } from "../types.ts";

/** An active phase with a handover pending: the colleague invited, or her invite still awaited. */
export type PendingHandoverPhase = Extract<
  ActivePhase,
  { stage: "handing_over" | "awaiting_invite" }
>;

export function isHandoverPending(phase: ConversationPhase): phase is PendingHandoverPhase {
  return (
    phase.kind === "active" && (phase.stage === "handing_over" || phase.stage === "awaiting_invite")
  );
}

/** The colleague a handover is pending to, invited or still awaited; undefined when none. */
export function pendingHandoverTo(phase: ConversationPhase): UserId | undefined {
  return isHandoverPending(phase) ? phase.to : undefined;
}

/** When the pending handover is given up if the colleague has not joined; undefined when never. */
export function handoverExpiresAt(phase: ConversationPhase): number | undefined {
  return isHandoverPending(phase) ? phase.expiresAt : undefined;
}

/** When the counsellor in charge sent it back to the queue; undefined when she did not. */
export function requeuedAt(phase: ConversationPhase): number | undefined {
  return phase.kind === "active" && phase.stage !== "talking" ? phase.requeuedAt : undefined;
}

/** The counsellor in charge left; the youth waits for a colleague. */
export function isCounsellorGone(phase: ConversationPhase): boolean {
  return (
    phase.kind === "active" &&
    (phase.stage === "requeued" || phase.stage === "handing_over") &&
    phase.counsellorGone === true
  );
}

/** In her charge, and she is still in the room. */
export function isInChargeOf(phase: ConversationPhase, userId: UserId): boolean {
  return phase.kind === "active" && phase.counsellorId === userId && !isCounsellorGone(phase);
}

/**
 * The same conversation with no handover pending: back to looking for a colleague if it was sent
 * back to the queue, or plainly hers. A counsellor who left stays gone only where that is a
 * state (requeued); a conversation handed over by one who left ends instead (transitions/).
 */
export function withoutHandover(phase: ActivePhase): ActivePhase {
  const { counsellorId } = phase;
  const at = requeuedAt(phase);
  if (at === undefined) return { kind: "active", counsellorId, stage: "talking" };
  return {
    kind: "active",
    counsellorId,
    stage: "requeued",
    requeuedAt: at,
    ...(isCounsellorGone(phase) ? { counsellorGone: true as const } : {}),
  };
}

/** The phase once `to` is invited: what it was (requeued, counsellor gone) carries on. */
export function handingOver(
  phase: ActivePhase,
  to: UserId,
  expiresAt: number | undefined,
): ActivePhase {
  const at = requeuedAt(phase);
  return {
    kind: "active",
    counsellorId: phase.counsellorId,
    stage: "handing_over",
    to,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(at === undefined ? {} : { requeuedAt: at }),
    ...(isCounsellorGone(phase) ? { counsellorGone: true as const } : {}),
  };
}
