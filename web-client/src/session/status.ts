import type { EndReason, YouthStatus } from "./types.ts";

/** Room state event type under which the bot publishes the youth's status (state_key ""). */
export const STATUS_EVENT_TYPE = "org.helplinechat.status";

const END_REASONS: ReadonlySet<string> = new Set<EndReason>([
  "youth_left",
  "counsellor_ended",
  "counsellor_left",
  "inactivity",
  "closing",
  "not_admitted",
]);

/**
 * Reads the content of a status event. Anything malformed or unknown gives null ("no word from
 * the permanence"), never an exception: a newer bot must not break an older page.
 */
export function parseYouthStatus(content: unknown): YouthStatus | null {
  if (typeof content !== "object" || content === null) return null;
  const c = content as Record<string, unknown>;
  switch (c["state"]) {
    case "waiting": {
      const position = c["position"];
      const minutes = c["estimatedWaitMinutes"];
      if (typeof position !== "number" || !Number.isInteger(position) || position < 1) return null;
      return {
        state: "waiting",
        position,
        estimatedWaitMinutes:
          typeof minutes === "number" && Number.isFinite(minutes) && minutes >= 0
            ? Math.round(minutes)
            : null,
      };
    }
    case "counsellor_present":
      return c["handedOver"] === true
        ? { state: "counsellor_present", handedOver: true }
        : { state: "counsellor_present" };
    case "counsellor_joining":
    case "counsellor_left":
      return { state: c["state"] };
    case "ended": {
      const reason = c["reason"];
      // An unknown reason still ends the conversation; it is shown without a specific sentence.
      return {
        state: "ended",
        reason:
          typeof reason === "string" && END_REASONS.has(reason) ? (reason as EndReason) : "other",
      };
    }
    default:
      return null;
  }
}

/** Whether the conversation is over for the youth: nothing more can be sent or received. */
export function isOver(status: YouthStatus | null): boolean {
  return status?.state === "ended" || status?.state === "counsellor_left";
}
