import { readYouthStatus, statusEventType } from "@helpline/contract";
import type { YouthStatus } from "../types.ts";

// Here, with the Matrix adapter that reads the room state, so that the contract's decoder loads
// with the chat chunk and not on the landing page.

/** Room state event type under which the bot publishes the youth's status (state_key ""). */
export const STATUS_EVENT_TYPE = statusEventType;

/**
 * Reads the content of a status event (the contract's decoder). Anything malformed or unknown
 * gives null ("no word from the permanence"), never an exception: a newer bot must not break an
 * older page.
 */
export function parseYouthStatus(content: unknown): YouthStatus | null {
  const status = readYouthStatus(content);
  if (status?.state !== "ended") return status;
  // Reasons no page shows (its page is gone) read like a reason it does not know.
  const { reason } = status;
  return {
    state: "ended",
    reason: reason === "quick_exit" || reason === "page_closed" ? "other" : reason,
  };
}
