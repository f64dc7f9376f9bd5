// What a counsellor's console (and a supervisor's) may see and do through the bot's API. Reads are
// views of the permanence's state (public-view.ts); every change goes through the permanence, so
// through its journal, exactly as the staff room's commands do. The API answers from the engine's
// own rules (requeueRefusal, assignRefusal) before dispatching, so a refused request changes
// nothing and says why.

import type { CannedReply } from "../helpline/schema.ts";
import { mayBar } from "./engine/ending.ts";
import { assignRefusal } from "./engine/reassign.ts";
import { requeueRefusal } from "./engine/requeue.ts";
import { liveConversations } from "./engine/state.ts";
import {
  counsellorView,
  supervisorOverview,
  type CounsellorView,
  type SupervisorOverview,
} from "./public-view.ts";
import type {
  Availability,
  ConversationState,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "./types.ts";

export type EndResult = "ended" | "not_found";
export type RequeueResult = "requeued" | "not_found" | "already_requeued" | "handover_pending";
export type AssignResult =
  { offeredTo: UserId } | "not_found" | "not_a_counsellor" | "counsellor_unavailable";

/** A counsellor's own desk. Every method takes the authenticated counsellor's id. */
export interface CounsellorDesk {
  view(userId: UserId): CounsellorView | null;
  setAvailability(userId: UserId, availability: Availability): Promise<void>;
  /**
   * Ends the conversation with this reference and bars the client that opened it, as
   * `!bloquer` does in the staff room. Null when no live conversation has this reference.
   */
  bar?(userId: UserId, reference: number): Promise<{ barred: boolean; barMinutes: number } | null>;
  /** Ends one of her conversations (offered to her, or in her charge), as `!terminer` does. */
  end(userId: UserId, reference: number): Promise<EndResult>;
  /** Sends a conversation in her charge back to the queue (engine/requeue.ts). */
  requeue(userId: UserId, reference: number): Promise<RequeueResult>;
}

export interface SupervisorDesk {
  isSupervisor(userId: UserId): boolean;
  overview(): SupervisorOverview;
  /** Offers the waiting youth with this reference to `counsellorId` now (engine/reassign.ts). */
  assign(by: UserId, reference: number, counsellorId: UserId): Promise<AssignResult>;
}

export interface DeskDeps {
  state(): PermanenceState;
  dispatch(event: PermanenceEvent): Promise<void>;
  settings: PermanenceSettings;
  timeZone: string;
  cannedReplies: readonly CannedReply[];
  /** The admin CLI's role, or `supervisor: true` in the bot config. */
  isSupervisor(userId: UserId): boolean;
  /** Disabled by the admin CLI: she stays off duty (her account is locked on Synapse too). */
  isDisabled(userId: UserId): boolean;
  /** Bars the client that opened this conversation until the bar expires; false if unknown. */
  barOpenerOf(conversationId: string): boolean;
  barMinutes: number;
}

function byReference(state: PermanenceState, reference: number): ConversationState | undefined {
  return liveConversations(state).find((conversation) => conversation.reference === reference);
}

/** Offered to her, or in her charge (and she is still in the room): what her console lists. */
function isHers(conversation: ConversationState, userId: UserId): boolean {
  const { phase } = conversation;
  if (phase.kind === "offered") return phase.counsellorId === userId;
  return phase.kind === "active" && phase.counsellorId === userId && phase.counsellorGone !== true;
}

export function createDesks(deps: DeskDeps): {
  counsellor: CounsellorDesk;
  supervisor: SupervisorDesk;
} {
  const counsellor: CounsellorDesk = {
    view: (userId) =>
      counsellorView({
        state: deps.state(),
        settings: deps.settings,
        userId,
        timeZone: deps.timeZone,
        supervisor: deps.isSupervisor(userId),
        cannedReplies: deps.cannedReplies,
      }),
    async setAvailability(userId, availability) {
      if (deps.isDisabled(userId) && availability !== "off_duty") return;
      await deps.dispatch({ type: "availability_set", counsellorId: userId, availability });
    },
    // The same as `!bloquer` in the staff room: bar first, so no new request slips in.
    async bar(userId, reference) {
      const conversation = byReference(deps.state(), reference);
      if (conversation === undefined || !mayBar(deps.state(), conversation.id, userId)) return null;
      const barred = deps.barOpenerOf(conversation.id);
      await deps.dispatch({ type: "end_requested", conversationId: conversation.id, by: userId });
      return { barred, barMinutes: deps.barMinutes };
    },
    async end(userId, reference) {
      const conversation = byReference(deps.state(), reference);
      if (conversation === undefined || !isHers(conversation, userId)) return "not_found";
      await deps.dispatch({ type: "end_requested", conversationId: conversation.id, by: userId });
      return "ended";
    },
    async requeue(userId, reference) {
      const state = deps.state();
      const conversation = byReference(state, reference);
      if (conversation === undefined) return "not_found";
      const refusal = requeueRefusal(state, conversation.id, userId);
      if (refusal === "not_in_charge") return "not_found";
      if (refusal !== null) return refusal;
      await deps.dispatch({
        type: "requeue_requested",
        conversationId: conversation.id,
        by: userId,
      });
      return "requeued";
    },
  };
  const supervisor: SupervisorDesk = {
    isSupervisor: (userId) => deps.isSupervisor(userId),
    overview: () => supervisorOverview(deps.state(), deps.settings),
    async assign(by, reference, counsellorId) {
      const state = deps.state();
      const conversation = byReference(state, reference);
      if (conversation === undefined || conversation.phase.kind === "active") return "not_found";
      if (!deps.settings.counsellors.some((c) => c.userId === counsellorId)) {
        return "not_a_counsellor";
      }
      if (deps.isDisabled(counsellorId)) return "counsellor_unavailable";
      const refusal = assignRefusal(deps.settings, state, conversation.id, counsellorId);
      if (refusal === "not_waiting") return "not_found";
      if (refusal !== null) return refusal;
      await deps.dispatch({
        type: "assign_requested",
        conversationId: conversation.id,
        counsellorId,
        by,
      });
      return { offeredTo: counsellorId };
    },
  };
  return { counsellor, supervisor };
}
