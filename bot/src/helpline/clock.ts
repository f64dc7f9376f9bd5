// Wall-clock times ("HH:MM") and local dates ("YYYY-MM-DD") as the helpline config writes them.
// Shared by the config schema (validation) and the schedule (computation) so both read them alike.

import { DateTime } from "luxon";

const clockPattern = /^([01]\d|2[0-4]):([0-5]\d)$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since local midnight for "HH:MM" (00:00–24:00), or null when it is not such a time. */
export function minutesOfDay(text: string): number | null {
  const match = clockPattern.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return datePattern.test(text) && DateTime.fromISO(text, { zone: "UTC" }).isValid;
}

/**
 * How long a slot written from–to lasts, in minutes. `to` earlier than `from` (or "00:00") means
 * the next day, so 22:00–02:00 lasts four hours and 18:00–24:00 six. Wall-clock minutes: a
 * daylight-saving change inside the slot makes the real duration an hour longer or shorter.
 */
export function slotMinutes(from: number, to: number): number {
  return to > from ? to - from : to + 24 * 60 - from;
}
