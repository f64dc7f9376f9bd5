// A state as the journal's snapshot may hold it: written by this version, or by one before the
// active phase had stages and before a counsellor's conversations were read from the phases.
// Journal records are events and replay as they are; only a snapshot's state needs reading anew.
//
// Before, an active phase was one shape with optional flags (`handoverTo`, `handoverExpiresAt`,
// `handoverAwaitingInvite`, `requeuedAt`, `counsellorGone`), and each counsellor kept the list of
// her active conversations (`active`), which the phases already said.

import type {
  ActivePhase,
  ConversationId,
  ConversationPhase,
  ConversationState,
  CounsellorState,
  PermanenceState,
  UserId,
} from "../types.ts";

/** An active phase as versions before the stages wrote it. */
export interface FlaggedActivePhase {
  kind: "active";
  counsellorId: UserId;
  handoverTo?: UserId;
  handoverExpiresAt?: number;
  handoverAwaitingInvite?: true;
  requeuedAt?: number;
  counsellorGone?: true;
}

export type StoredState = Omit<PermanenceState, "conversations" | "counsellors"> & {
  conversations: Record<
    ConversationId,
    Omit<ConversationState, "phase"> & { phase: ConversationPhase | FlaggedActivePhase }
  >;
  counsellors: Record<UserId, CounsellorState & { active?: ConversationId[] }>;
};

/** The state in this version's shape; a state already in it is returned as it is. */
export function fromStored(stored: StoredState): PermanenceState {
  const conversations: PermanenceState["conversations"] = {};
  for (const [id, conversation] of Object.entries(stored.conversations)) {
    const { phase } = conversation;
    conversations[id] = {
      ...conversation,
      phase: phase.kind === "active" && !("stage" in phase) ? staged(phase) : phase,
    };
  }
  const counsellors: PermanenceState["counsellors"] = {};
  for (const [id, { active: _derived, ...counsellor }] of Object.entries(stored.counsellors)) {
    counsellors[id] = counsellor;
  }
  return { ...stored, conversations, counsellors };
}

/**
 * The stage the flags described. The engine never wrote a combination outside these (its
 * invariants refused them); anything else reads as the nearest stage that keeps the conversation
 * with its counsellor: an awaited invite missing what it needs counts as sent.
 */
function staged(phase: FlaggedActivePhase): ActivePhase {
  const { counsellorId, handoverTo: to, handoverExpiresAt: expiresAt, requeuedAt } = phase;
  const gone = phase.counsellorGone === true;
  if (to !== undefined) {
    if (
      phase.handoverAwaitingInvite === true &&
      requeuedAt !== undefined &&
      expiresAt !== undefined &&
      !gone
    ) {
      return { kind: "active", counsellorId, stage: "awaiting_invite", requeuedAt, to, expiresAt };
    }
    return {
      kind: "active",
      counsellorId,
      stage: "handing_over",
      to,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(requeuedAt === undefined ? {} : { requeuedAt }),
      ...(gone ? { counsellorGone: true as const } : {}),
    };
  }
  if (requeuedAt !== undefined) {
    return {
      kind: "active",
      counsellorId,
      stage: "requeued",
      requeuedAt,
      ...(gone ? { counsellorGone: true as const } : {}),
    };
  }
  return { kind: "active", counsellorId, stage: "talking" };
}
