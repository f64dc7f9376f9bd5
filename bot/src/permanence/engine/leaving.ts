// The youth's page going away without "Terminer la conversation": quick exit, a closed tab, or a
// page gone silent (a killed tab, a phone asleep). The page says so when it can, by a request that
// outlives it; the bot notices silence itself (permanence/page-watch.ts).
//
// - Quick exit, nothing kept on the device: the conversation ends now, as if she had left, and the
//   counsellor is told how (someone may have walked in): erasure follows as usual.
// - Gone before any counsellor took it (queued or offered): she loses nothing by ending it, and it
//   must not hold a place or reach a counsellor's screen later.
// - Otherwise (a counsellor is with her, or she kept it behind her PIN and may come back): the
//   conversation goes on; the counsellor is told in plain words, and may end it to take the next.

import type { ConversationId, Decision, PageGone, PermanenceState } from "../types.ts";
import { unchanged } from "./decision.ts";
import { putConversation } from "./state.ts";
import { endConversation } from "./transitions/ending.ts";

export function youthPageGone(
  state: PermanenceState,
  conversationId: ConversationId,
  how: PageGone,
  kept: boolean,
): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation === undefined) return unchanged(state);
  if (how === "quick_exit" && !kept) return endConversation(state, conversationId, "quick_exit");
  const { phase } = conversation;
  if (phase.kind !== "active" && !kept) {
    return endConversation(state, conversationId, "page_closed");
  }
  // Told once: a second word of the same kind (a retried request, silence after "closed") adds
  // nothing the counsellor does not know.
  if (conversation.pageGone === how || conversation.pageGone === "quick_exit") {
    return unchanged(state);
  }
  return {
    state: putConversation(state, { ...conversation, pageGone: how }),
    commands: [
      { type: "publish_youth_page", conversationId, page: { state: "gone", how, kept } },
      {
        type: "notify_staff",
        notice: {
          kind: "youth_page_gone",
          reference: conversation.reference,
          how,
          kept,
          counsellorId: phase.kind === "active" ? phase.counsellorId : null,
        },
      },
    ],
  };
}

/** The page is heard from again: the counsellor's warning goes. */
export function youthPageBack(state: PermanenceState, conversationId: ConversationId): Decision {
  const conversation = state.conversations[conversationId];
  if (conversation?.pageGone === undefined) return unchanged(state);
  const { pageGone: _gone, ...present } = conversation;
  return {
    state: putConversation(state, present),
    commands: [
      { type: "publish_youth_page", conversationId, page: { state: "present" } },
      {
        type: "notify_staff",
        notice: { kind: "youth_page_back", reference: conversation.reference },
      },
    ],
  };
}
