import { isRecord } from "./records.ts";

// The bot's public, anonymous endpoints, which the youth's page reads (docs/api.md). The decoders
// here are hand-written on purpose: the welcome screen reads /api/status and /api/helpline before
// the start button, and its whole weight is budgeted (scripts/src/checks/landing-size.ts), so no
// schema library. They are lenient: a field they cannot use is dropped or defaulted, so a newer
// bot never breaks an older page.

export type Language = "fr" | "nl" | "en";
export const languages: readonly Language[] = ["fr", "nl", "en"];

/** A text in one or more languages. */
export type Localized = Readonly<Partial<Record<Language, string>>>;

/** An instant, with its wall time in the helpline's zone for display without a zone library. */
export interface Instant {
  readonly instant: string;
  /** "YYYY-MM-DDTHH:MM" in the helpline's time zone. */
  readonly local: string;
}

/** GET /api/status: for the youth's page, before anything is created. No personal data. */
export interface HelplineStatus {
  readonly open: boolean;
  /** Open and still accepting new conversations. */
  readonly admitting: boolean;
  readonly closesAt: Instant | null;
  readonly nextOpensAt: Instant | null;
  readonly timeZone: string;
  readonly waiting: number;
  /** For someone starting now; null when no counsellor is on duty. */
  readonly estimatedWaitMinutes: number | null;
}

/** "HH:MM" wall times in the helpline's time zone. */
export interface Slot {
  readonly from: string;
  readonly to: string;
}

export const weekdays = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
export type Weekday = (typeof weekdays)[number];

export interface Resource {
  readonly label: Localized;
  readonly phone?: string;
  readonly url?: string;
  readonly description?: Localized;
  readonly emergency?: boolean;
}

/** Who a service is for: minors are addressed informally ("tu"), adults formally ("vous"). */
export type Audience = "minors" | "adults";

/** A service that took over from an ended one. */
export interface Successor {
  readonly name: Localized;
  readonly url: string;
  /** Who it is for, in a few words ("for minors"). */
  readonly description?: Localized;
}

/** An ended service: its page says so, in its languages, and points to its successors. */
export interface Ended {
  /** "YYYY-MM-DD", the day the service stopped. */
  readonly on: string;
  readonly successors: readonly Successor[];
}

/**
 * A short text a youth may read while she waits in the queue (what happens next, what the
 * counsellor can and cannot do, the secrecy exception, resources), from the helpline's config.
 */
export interface WaitingText {
  readonly id: string;
  readonly title: Localized;
  readonly body: Localized;
}

/** GET /api/helpline, as a page may use it (the bot sends more: its id). */
export interface Helpline {
  /** Absent from an older bot: read as minors, the register every page spoke before. */
  readonly audience: Audience;
  /** Ask "about myself / about someone close to me" before starting (never required). */
  readonly asksWhoIsWriting: boolean;
  /** Present only for a service that has ended: it admits no one. */
  readonly ended?: Ended;
  /** The service's name, e.g. "Maintenant j'en parle". */
  readonly name?: Localized;
  /** The language the page opens in, and the one texts fall back to. */
  readonly defaultLanguage?: Language;
  readonly timeZone: string;
  readonly weekly: Readonly<Record<Weekday, readonly Slot[]>>;
  readonly resources: readonly Resource[];
  /** Read while queued, in this order; empty when the helpline has none (or an older bot). */
  readonly waitingTexts: readonly WaitingText[];
  /** The neutral site quick exit goes to (http(s) only); absent: the app's default. */
  readonly quickExitUrl?: string;
}

/** POST /api/challenges (201): a proof of work to solve (./proof-of-work.ts). */
export interface ChallengeAnswer {
  readonly challenge: string;
  readonly difficultyBits: number;
  /** ISO 8601. */
  readonly expiresAt: string;
}

/** POST /api/registration-tokens (201). */
export interface RegistrationTokenAnswer {
  readonly token: string;
  /** ISO 8601, on the bot's clock. */
  readonly expiresAt: string;
  /**
   * Seconds it is still accepted, counted from the answer (rounded down): what a page measures on
   * its own clock. Absent from an older bot.
   */
  readonly expiresInSeconds?: number;
}

/** A waiting youth's place in the queue, as her status in the room says it. */
export interface QueuePlace {
  readonly position: number;
  readonly estimatedWaitMinutes: number | null;
}

/** POST /api/conversations (201, or 200 for a youth who already has one). */
export interface OpenedConversationAnswer {
  readonly roomId: string;
  /** What counsellors call the youth ("Jeune 4821"); null if the bot gave none. */
  readonly youthName: string | null;
  /** The secret with which the page says whether it is still open (POST /api/presence). */
  readonly presenceKey: string | null;
  /**
   * Her place in the queue when the answer left, if she waits: the page shows it at once. The
   * status in her room says the same, later under load, and every change after.
   */
  readonly place?: QueuePlace;
  /**
   * Present (true) when a counsellor was offered her conversation as the answer left: the page
   * says at once that one is joining, as the status in her room will. Never beside `place`.
   */
  readonly joining?: true;
}

/**
 * POST /api/places (201 the first time, 200 when asked again with the same token): her place,
 * held for her while her account and her room are made (bot/src/permanence/engine/reservation.ts).
 * Her conversation request takes it; the 503 `room_not_ready` answer to that request carries her
 * place too, as `place` beside `error`, while her room is still being made.
 */
export interface ReservedPlaceAnswer {
  readonly place: QueuePlace;
}

/** The time zone a page assumes when the bot names none. */
const defaultTimeZone = "Europe/Brussels";

const text = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : undefined;

/** Only web links: a link from the bot must never become a javascript: or data: address. */
const webLink = (v: unknown): string | undefined => {
  const link = text(v);
  return link !== undefined && /^https?:\/\//i.test(link) ? link : undefined;
};

export function isLanguage(value: unknown): value is Language {
  return value === "fr" || value === "nl" || value === "en";
}

export function readInstant(v: unknown): Instant | null {
  if (!isRecord(v)) return null;
  const instant = text(v["instant"]);
  const local = text(v["local"]);
  if (instant === undefined || Number.isNaN(Date.parse(instant))) return null;
  if (local === undefined || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(local)) return null;
  return { instant, local };
}

/** GET /api/status; throws if it is not a status at all. */
export function readStatus(v: unknown): HelplineStatus {
  if (!isRecord(v) || typeof v["open"] !== "boolean" || typeof v["admitting"] !== "boolean") {
    throw new Error("unexpected answer: status");
  }
  const minutes = v["estimatedWaitMinutes"];
  const waiting = v["waiting"];
  return {
    open: v["open"],
    admitting: v["admitting"],
    closesAt: readInstant(v["closesAt"]),
    nextOpensAt: readInstant(v["nextOpensAt"]),
    timeZone: text(v["timeZone"]) ?? defaultTimeZone,
    waiting: typeof waiting === "number" && waiting >= 0 ? waiting : 0,
    estimatedWaitMinutes: typeof minutes === "number" && minutes >= 0 ? Math.round(minutes) : null,
  };
}

function readLocalized(v: unknown): Localized | undefined {
  if (!isRecord(v)) return undefined;
  const out: Partial<Record<Language, string>> = {};
  for (const language of languages) {
    const value = text(v[language]);
    if (value !== undefined) out[language] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const wallTime = /^([01]\d|2[0-4]):[0-5]\d$/;

function readSlots(v: unknown): Slot[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((slot): Slot[] => {
    const from = isRecord(slot) ? text(slot["from"]) : undefined;
    const to = isRecord(slot) ? text(slot["to"]) : undefined;
    return from && to && wallTime.test(from) && wallTime.test(to) ? [{ from, to }] : [];
  });
}

function readResource(r: unknown): Resource[] {
  const label = isRecord(r) ? readLocalized(r["label"]) : undefined;
  if (!isRecord(r) || label === undefined) return [];
  const phone = text(r["phone"]);
  const url = webLink(r["url"]);
  const description = readLocalized(r["description"]);
  return [
    {
      label,
      ...(phone !== undefined ? { phone } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(r["emergency"] === true ? { emergency: true } : {}),
    },
  ];
}

/** A list from the bot; anything else is read as none. */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function readWaitingText(t: unknown): WaitingText[] {
  const id = isRecord(t) ? text(t["id"]) : undefined;
  const title = isRecord(t) ? readLocalized(t["title"]) : undefined;
  const body = isRecord(t) ? readLocalized(t["body"]) : undefined;
  return id && title && body ? [{ id, title, body }] : [];
}

function readEnded(v: unknown): Ended | undefined {
  if (!isRecord(v)) return undefined;
  const on = text(v["on"]);
  if (on === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(on)) return undefined;
  const successors = list(v["successors"]).flatMap((entry: unknown): Successor[] => {
    if (!isRecord(entry)) return [];
    const name = readLocalized(entry["name"]);
    const url = webLink(entry["url"]);
    if (name === undefined || url === undefined) return [];
    const description = readLocalized(entry["description"]);
    return [{ name, url, ...(description !== undefined ? { description } : {}) }];
  });
  return { on, successors };
}

/** GET /api/helpline; throws if it is not a helpline at all. */
export function readHelpline(v: unknown): Helpline {
  if (!isRecord(v) || !isRecord(v["weekly"])) throw new Error("unexpected answer: helpline");
  const weeklyIn = v["weekly"];
  const weekly = {} as Record<Weekday, Slot[]>;
  for (const day of weekdays) weekly[day] = readSlots(weeklyIn[day]);
  const resources = list(v["resources"]).flatMap(readResource);
  const waitingTexts = list(v["waitingTexts"]).flatMap(readWaitingText);
  const quickExitUrl = webLink(v["quickExitUrl"]);
  const name = readLocalized(v["name"]);
  const defaultLanguage = v["defaultLanguage"];
  const ended = readEnded(v["ended"]);
  return {
    audience: v["audience"] === "adults" ? "adults" : "minors",
    asksWhoIsWriting: v["asksWhoIsWriting"] === true,
    ...(ended !== undefined ? { ended } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(isLanguage(defaultLanguage) ? { defaultLanguage } : {}),
    timeZone: text(v["timeZone"]) ?? defaultTimeZone,
    weekly,
    resources,
    waitingTexts,
    ...(quickExitUrl !== undefined ? { quickExitUrl } : {}),
  };
}
