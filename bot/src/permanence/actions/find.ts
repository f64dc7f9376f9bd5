// Counsellors name a conversation by its reference ("Jeune 4821"): never by its room id, which
// they do not see in the staff room. References are unique among live conversations
// (../conversation-names.ts, freeReference).

import { liveConversations } from "../engine/state.ts";
import type { ConversationState, PermanenceState } from "../types.ts";

export function findByReference(
  state: PermanenceState,
  reference: number,
): ConversationState | undefined {
  return liveConversations(state).find((conversation) => conversation.reference === reference);
}
