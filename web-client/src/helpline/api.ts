/**
 * The bot's public, anonymous endpoints the welcome screen needs: is the tchat open, when, and
 * where else to find help. Part of the landing bundle, so plain fetch and hand-written checks.
 */
import type { HelplineInstant } from "../session/types.ts";

export type { HelplineInstant };

export interface HelplineStatus {
  readonly open: boolean;
  /** Open and still accepting new conversations. */
  readonly admitting: boolean;
  readonly closesAt: HelplineInstant | null;
  readonly nextOpensAt: HelplineInstant | null;
  readonly timeZone: string;
  readonly waiting: number;
  readonly estimatedWaitMinutes: number | null;
}

export type Localized = Readonly<Partial<Record<"fr" | "nl" | "en", string>>>;

/** "HH:MM" wall times in the helpline's time zone. */
export interface Slot {
  readonly from: string;
  readonly to: string;
}

export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Resource {
  readonly label: Localized;
  readonly phone?: string;
  readonly url?: string;
  readonly description?: Localized;
  readonly emergency?: boolean;
}

export interface Helpline {
  /** The service's name, e.g. "Maintenant j'en parle". */
  readonly name?: Localized;
  /** The language the page opens in, and the one texts fall back to. */
  readonly defaultLanguage?: keyof Localized;
  readonly timeZone: string;
  readonly weekly: Readonly<Record<Weekday, readonly Slot[]>>;
  readonly resources: readonly Resource[];
  /** The neutral site quick exit goes to (http(s) only); absent: the app's default. */
  readonly quickExitUrl?: string;
}

export interface HelplineApi {
  status(): Promise<HelplineStatus>;
  helpline(): Promise<Helpline>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function createHelplineApi(fetchFn: Fetch, apiBase: string): HelplineApi {
  const get = async (path: string): Promise<unknown> => {
    const response = await fetchFn(`${apiBase}${path}`, {
      credentials: "omit",
      redirect: "error",
      cache: "no-store",
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  };
  return {
    status: async () => parseStatus(await get("/status")),
    helpline: async () => parseHelpline(await get("/helpline")),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function bad(what: string): never {
  throw new Error(`unexpected answer: ${what}`);
}

export function parseInstant(v: unknown): HelplineInstant | null {
  if (!isRecord(v)) return null;
  const instant = str(v["instant"]);
  const local = str(v["local"]);
  if (instant === undefined || Number.isNaN(Date.parse(instant))) return null;
  if (local === undefined || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(local)) return null;
  return { instant, local };
}

export function parseStatus(v: unknown): HelplineStatus {
  if (!isRecord(v) || typeof v["open"] !== "boolean" || typeof v["admitting"] !== "boolean") {
    bad("status");
  }
  const minutes = v["estimatedWaitMinutes"];
  const waiting = v["waiting"];
  return {
    open: v["open"],
    admitting: v["admitting"],
    closesAt: parseInstant(v["closesAt"]),
    nextOpensAt: parseInstant(v["nextOpensAt"]),
    timeZone: str(v["timeZone"]) ?? "Europe/Brussels",
    waiting: typeof waiting === "number" && waiting >= 0 ? waiting : 0,
    estimatedWaitMinutes: typeof minutes === "number" && minutes >= 0 ? Math.round(minutes) : null,
  };
}

function parseLocalized(v: unknown): Localized | undefined {
  if (!isRecord(v)) return undefined;
  const out: Partial<Record<"fr" | "nl" | "en", string>> = {};
  for (const lang of ["fr", "nl", "en"] as const) {
    const text = str(v[lang]);
    if (text !== undefined) out[lang] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const TIME = /^([01]\d|2[0-4]):[0-5]\d$/;

export function parseHelpline(v: unknown): Helpline {
  if (!isRecord(v) || !isRecord(v["weekly"])) bad("helpline");
  const weeklyIn = v["weekly"];
  const weekly = {} as Record<Weekday, Slot[]>;
  for (const day of WEEKDAYS) {
    const slots = weeklyIn[day];
    weekly[day] = Array.isArray(slots)
      ? slots.flatMap((s): Slot[] => {
          const from = isRecord(s) ? str(s["from"]) : undefined;
          const to = isRecord(s) ? str(s["to"]) : undefined;
          return from && to && TIME.test(from) && TIME.test(to) ? [{ from, to }] : [];
        })
      : [];
  }
  const resources = (Array.isArray(v["resources"]) ? v["resources"] : []).flatMap(
    (r): Resource[] => {
      const label = isRecord(r) ? parseLocalized(r["label"]) : undefined;
      if (!isRecord(r) || label === undefined) return [];
      const phone = str(r["phone"]);
      const url = str(r["url"]);
      const description = parseLocalized(r["description"]);
      return [
        {
          label,
          ...(phone !== undefined ? { phone } : {}),
          // Only web links: a resource must never become a javascript: or data: link.
          ...(url !== undefined && /^https?:\/\//i.test(url) ? { url } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(r["emergency"] === true ? { emergency: true } : {}),
        },
      ];
    },
  );
  const quickExitUrl = str(v["quickExitUrl"]);
  const name = parseLocalized(v["name"]);
  const defaultLanguage = v["defaultLanguage"];
  return {
    ...(name !== undefined ? { name } : {}),
    ...(defaultLanguage === "fr" || defaultLanguage === "nl" || defaultLanguage === "en"
      ? { defaultLanguage }
      : {}),
    timeZone: str(v["timeZone"]) ?? "Europe/Brussels",
    weekly,
    resources,
    // Like resources: never a javascript: or data: address.
    ...(quickExitUrl !== undefined && /^https?:\/\//i.test(quickExitUrl) ? { quickExitUrl } : {}),
  };
}
