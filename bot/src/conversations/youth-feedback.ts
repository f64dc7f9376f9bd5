import type { Feedback } from "@helpline/contract";
import type { FeedbackVerdict, FeedbackWindows } from "./feedback-window.ts";
import type { PresenceKeys } from "./presence-keys.ts";

export type FeedbackResult = FeedbackVerdict | "invalid_key";

/** The youth's answers on the end screen (POST /api/feedback), counted once per conversation. */
export interface YouthFeedback {
  give(conversationId: string, presenceKey: string, feedback: Feedback): FeedbackResult;
}

export function createYouthFeedback(deps: {
  keys: PresenceKeys;
  windows: FeedbackWindows;
  now: () => number;
  /** Counts the answers for the day (operations.feedback); called only for an accepted one. */
  count: (feedback: Feedback) => void;
}): YouthFeedback {
  return {
    give(conversationId, presenceKey, feedback) {
      // The key first: without it, nobody learns whether a conversation ended or answered.
      if (!deps.keys.matches(conversationId, presenceKey)) return "invalid_key";
      const verdict = deps.windows.answer(conversationId, deps.now());
      if (verdict === "accepted") deps.count(feedback);
      return verdict;
    },
  };
}
