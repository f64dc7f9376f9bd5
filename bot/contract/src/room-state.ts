import { isRecord } from "./records.ts";

// What the bot publishes as room state in a conversation (state_key ""): metadata only, never
// anything a youth or a counsellor wrote. Decoders here are hand-written and tiny: the youth's page
// reads the status in its chat chunk, and a newer bot must never break an older page, so anything
// malformed or unknown reads as "nothing to say" (null), never as an exception.

/** The youth's place in the permanence, which her page reads. */
export const statusEventType = "org.helplinechat.status";
/** Whether the youth's page is still open, which the counsellor's console reads (not her page). */
export const youthPageEventType = "org.helplinechat.youth_page";

/** Why a conversation ended, as the bot publishes it in the youth's status. */
export const endReasons = [
  "youth_left",
  /** The youth pressed quick exit (someone may have come in) and kept nothing on her device. */
  "quick_exit",
  /** The youth's page closed, or went silent, before a counsellor took her conversation. */
  "page_closed",
  "counsellor_ended",
  "counsellor_left",
  "inactivity",
  "closing",
  "not_admitted",
] as const;
export type EndReason = (typeof endReasons)[number];

const endReasonSet: ReadonlySet<string> = new Set<string>(endReasons);

export function isEndReason(value: unknown): value is EndReason {
  return typeof value === "string" && endReasonSet.has(value);
}

/**
 * The youth's status (`org.helplinechat.status`). `Reason` is what "ended" carries: the bot
 * publishes an EndReason; a page reads "other" for a reason it does not know (a newer bot).
 */
export type YouthStatus<Reason extends string = EndReason> =
  | {
      readonly state: "waiting";
      readonly position: number;
      readonly estimatedWaitMinutes: number | null;
    }
  | { readonly state: "counsellor_joining" }
  /**
   * `handedOver`: another counsellor took over from the first one (older pages ignore it).
   * `observers`: colleagues invited to read the conversation beside the counsellor, or reading it
   * (a supervisor, a counsellor in training), whom the page announces before the youth's next
   * message is encrypted for them. `takingOver`: the colleague invited to take the conversation
   * over, whom the page announces with `handedOver` once she has. Absent: none.
   */
  | {
      readonly state: "counsellor_present";
      readonly handedOver?: true;
      readonly observers?: readonly string[];
      readonly takingOver?: string;
    }
  | { readonly state: "counsellor_left" }
  | { readonly state: "ended"; readonly reason: Reason };

/** Reads a status event's content; null if malformed or unknown. */
export function readYouthStatus(content: unknown): YouthStatus<EndReason | "other"> | null {
  if (!isRecord(content)) return null;
  switch (content["state"]) {
    case "waiting": {
      const position = content["position"];
      const minutes = content["estimatedWaitMinutes"];
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
    case "counsellor_present": {
      const observers = content["observers"];
      const takingOver = content["takingOver"];
      const named = Array.isArray(observers)
        ? observers.filter((o): o is string => typeof o === "string")
        : [];
      return {
        state: "counsellor_present",
        ...(content["handedOver"] === true ? { handedOver: true as const } : {}),
        ...(named.length > 0 ? { observers: named } : {}),
        ...(typeof takingOver === "string" ? { takingOver } : {}),
      };
    }
    case "counsellor_joining":
    case "counsellor_left":
      return { state: content["state"] };
    case "ended": {
      const reason = content["reason"];
      // An unknown reason still ends the conversation; it is shown without a specific sentence.
      return { state: "ended", reason: isEndReason(reason) ? reason : "other" };
    }
    default:
      return null;
  }
}

/**
 * How the youth's page went away: "quick_exit" (the button, or Shift three times), "closed" (the
 * tab closed or navigated away), "silent" (no heartbeat for too long: a killed tab, a phone asleep).
 */
export const pageGoneWays = ["quick_exit", "closed", "silent"] as const;
export type PageGone = (typeof pageGoneWays)[number];

/** The youth's page, for the counsellor (`org.helplinechat.youth_page`). */
export type YouthPage =
  | { readonly state: "present" }
  | { readonly state: "gone"; readonly how: PageGone; readonly kept: boolean };

const pageGoneSet: ReadonlySet<string> = new Set<string>(pageGoneWays);

/** Reads a youth-page event's content; null if malformed or unknown. */
export function readYouthPage(content: unknown): YouthPage | null {
  if (!isRecord(content)) return null;
  if (content["state"] === "present") return { state: "present" };
  const how = content["how"];
  const kept = content["kept"];
  if (content["state"] !== "gone" || typeof how !== "string" || !pageGoneSet.has(how)) return null;
  if (typeof kept !== "boolean") return null;
  return { state: "gone", how: how as PageGone, kept };
}

/**
 * Her first status in an OpenedConversationAnswer (public-api.ts), read as her room's status is,
 * and only ever a place or a counsellor joining: anything else is the room's to say. Null if it
 * gives neither. Here, not beside the answer's type: the welcome screen's bundle reads
 * public-api.ts and has no room for the status reader (scripts/src/checks/landing-size.ts).
 */
export function readFirstStatus(
  answer: unknown,
): Extract<YouthStatus, { state: "waiting" | "counsellor_joining" }> | null {
  if (!isRecord(answer)) return null;
  if (answer["joining"] === true) return { state: "counsellor_joining" };
  const place = answer["place"];
  const read = isRecord(place) ? readYouthStatus({ ...place, state: "waiting" }) : null;
  return read?.state === "waiting" ? read : null;
}
