/**
 * Dates and opening hours in the youth's words. Language-specific phrasing comes from the
 * catalog; dates are computed in the helpline's time zone, whatever the phone's own zone.
 */
import { weekdays, type Localized, type Slot, type Weekday } from "@helpline/contract";
import type { HoursMessages } from "../i18n/types.ts";
import type { HelplineInstant } from "../session/types.ts";

/** "18:30" → t.time(18, 30). */
export function formatSlotTime(hhmm: string, t: HoursMessages): string {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  return t.time(h, m);
}

/** One line per run of consecutive days with the same slots, e.g. "Du mardi au jeudi de 18 h à 21 h". */
export function weeklyLines(
  weekly: Readonly<Record<Weekday, readonly Slot[]>>,
  t: HoursMessages,
): string[] {
  const key = (day: Weekday): string => weekly[day].map((s) => `${s.from}-${s.to}`).join(",");
  const lines: string[] = [];
  let i = 0;
  while (i < weekdays.length) {
    const first = weekdays[i] as Weekday;
    let j = i;
    while (j + 1 < weekdays.length && key(weekdays[j + 1] as Weekday) === key(first)) j += 1;
    const last = weekdays[j] as Weekday;
    const slots = weekly[first];
    if (slots.length > 0) {
      const text = slots
        .map((s) => t.slot(formatSlotTime(s.from, t), formatSlotTime(s.to, t)))
        .join(t.slotSeparator);
      lines.push(
        first === last
          ? t.oneDay(t.days[first], text)
          : t.dayRange(t.days[first], t.days[last], text),
      );
    }
    i = j + 1;
  }
  return lines;
}

interface Parts {
  readonly date: string;
  readonly hour: number;
  readonly minute: number;
}

function partsIn(timeZone: string, when: Date): Parts {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(when);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    hour: Number(get("hour")),
    minute: Number(get("minute")),
  };
}

/**
 * When something happens, in the helpline's time zone and the catalog's locale:
 * "aujourd’hui à 18 h 30", "demain à 18 h", "lundi 23 novembre à 18 h 30",
 * "op maandag 23 november om 18.30 uur", "on Monday 23 November at 6:30 pm".
 */
export function formatWhen(
  at: HelplineInstant,
  timeZone: string,
  now: Date,
  t: HoursMessages,
): string {
  const target = new Date(at.instant);
  try {
    const there = partsIn(timeZone, target);
    const today = partsIn(timeZone, now).date;
    // Noon UTC of today's local date plus one day is always tomorrow's local date.
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const time = t.time(there.hour, there.minute);
    if (there.date === today) return t.today(time);
    if (there.date === tomorrow) return t.tomorrow(time);
    const day = new Intl.DateTimeFormat(t.locale, {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
    }).format(target);
    return t.on(day, time);
  } catch {
    // An unknown time zone on an old browser: the helpline's own wall time is still right.
    const [date = "", hhmm = ""] = at.local.split("T");
    return t.on(date.split("-").reverse().join("/"), formatSlotTime(hhmm.slice(0, 5), t));
  }
}

/**
 * The text in the page's language, else in the helpline's default language, else French, else
 * whatever the helpline gave; with the language it is in, so that the page can mark a text that
 * is not in its own language (WCAG 3.1.2).
 */
export function pickLocalized(
  text: Localized | undefined,
  lang: keyof Localized,
  fallback?: keyof Localized,
): { text: string; lang: keyof Localized | null } {
  if (text === undefined) return { text: "", lang: null };
  const order: (keyof Localized)[] = [lang, ...(fallback ? [fallback] : []), "fr", "en", "nl"];
  for (const candidate of order) {
    const found = text[candidate];
    if (found !== undefined) return { text: found, lang: candidate };
  }
  return { text: "", lang: null };
}

/** The text alone; see pickLocalized. */
export function pick(
  text: Localized | undefined,
  lang: keyof Localized,
  fallback?: keyof Localized,
): string {
  return pickLocalized(text, lang, fallback).text;
}

/** A calendar day of the config ("2021-07-01") written out in the page's language. */
export function formatDay(day: string, t: HoursMessages): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(t.locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}
