// "I am in danger now" from a waiting youth's page (POST /api/urgent), turned into the permanence's
// event: the presence key proves the page opened the conversation, so nobody else can push a youth
// ahead (or learn whether a conversation is waiting). The page has shown her the emergency numbers
// already; this only moves her ahead of the queue (engine/urgent.ts).

import type { PresenceKeys } from "../conversations/presence-keys.ts";
import type { PermanenceEvent, PermanenceState } from "./types.ts";

/**
 * `ahead`: she is (now, or already) ahead of the non-urgent queue. `not_waiting`: a counsellor is
 * with her already, nothing changes (she can tell her counsellor).
 */
export type UrgentResult = "ahead" | "not_waiting" | "invalid_key" | "unknown_conversation";

export interface YouthUrgent {
  declare(conversationId: string, presenceKey: string): Promise<UrgentResult>;
}

export function createYouthUrgent(deps: {
  keys: PresenceKeys;
  state: () => PermanenceState;
  dispatch: (event: PermanenceEvent) => Promise<void>;
}): YouthUrgent {
  return {
    async declare(conversationId, presenceKey) {
      // The key first: without it, nobody learns whether a conversation exists or waits.
      if (!deps.keys.matches(conversationId, presenceKey)) return "invalid_key";
      const conversation = deps.state().conversations[conversationId];
      if (conversation === undefined) return "unknown_conversation";
      if (conversation.phase.kind === "active") return "not_waiting";
      // Said twice: the engine changes nothing, and she is ahead all the same.
      if (conversation.urgentAt === undefined) {
        await deps.dispatch({ type: "urgent_declared", conversationId });
      }
      return "ahead";
    },
  };
}
