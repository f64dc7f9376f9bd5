import { DateTime } from "luxon";
import path from "node:path";
import { loadHelplineConfig } from "@helpline/bot/helpline/load";
import { createSchedule } from "@helpline/bot/permanence/schedule/schedule";
import type { Clock } from "@helpline/bot/permanence/runtime";
import { repoRoot } from "@helpline/scripts/paths";

/** The bot's clock in tests: time moves only when the test says so. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: string | number) {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  set(instant: string | number): void {
    this.#now = typeof instant === "number" ? instant : Date.parse(instant);
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

const zone = "Europe/Brussels";
// The helpline the test stack runs by default (scripts/src/stack.ts).
const shippedHelpline = path.join(repoRoot, "config", "helplines", "maintenant-jen-parle.yaml");
const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
type Weekday = "saturday" | "sunday" | "monday" | "tuesday";

/**
 * The week the integration and end-to-end tests live in: a Monday in the future, found from today's
 * date, on which the shipped helpline (config/helplines/maintenant-jen-parle.yaml) keeps its usual
 * hours. The bot runs on a manual clock, but Synapse runs on the real one and refuses what expires
 * before its own "now" (registration tokens, for one), so the tests' instants must never lie in the
 * past: a literal date would break the suite once the calendar passes it.
 */
export interface TestWeek {
  /** The instant of a Brussels wall time in this week, e.g. `at("monday", "19:00")`. */
  at(day: Weekday, time: string): number;
  /** The same as an ISO string, for `clock.set` and `page.clock`. */
  iso(day: Weekday, time: string): string;
  /** A day of this week as `YYYY-MM-DD` in Brussels, e.g. for the statistics' periods. */
  date(day: Weekday): string;
  /** A Brussels wall time as the status endpoint writes it, e.g. `2027-01-11T18:30`. */
  local(day: Weekday, time: string): string;
  /** A day of this week spelled in a language, e.g. `spelled("monday", "fr", "cccc d LLLL")`. */
  spelled(day: Weekday, locale: string, format: string): string;
  /** The first and last day of the Monday's month, `YYYY-MM-DD`. */
  month: { first: string; last: string };
}

let schedule: ReturnType<typeof createSchedule> | undefined;

/** What every test relies on: Monday 18:30–21:30, Tuesday from 18:00, nothing on the weekend. */
function keepsUsualHours(monday: DateTime): boolean {
  schedule ??= createSchedule(loadHelplineConfig(shippedHelpline).hours);
  const wall = (days: number, time: string) => {
    const [hour, minute] = time.split(":").map(Number);
    return monday.plus({ days }).set({ hour, minute }).toMillis();
  };
  const evening = schedule(wall(0, "19:00"));
  const weekend = schedule(wall(-2, "00:00"));
  return (
    evening.open &&
    evening.closesAt === wall(0, "21:30") &&
    evening.nextOpensAt === wall(1, "18:00") &&
    !weekend.open &&
    weekend.nextOpensAt === wall(0, "18:30")
  );
}

/** The first Monday whose weekend lies wholly after `now` and that keeps the usual hours. */
export function findTestWeek(now: number): TestWeek {
  let monday = DateTime.fromMillis(now, { zone }).startOf("week").plus({ weeks: 1 });
  while (monday.minus({ days: 2 }).toMillis() <= now || !keepsUsualHours(monday)) {
    monday = monday.plus({ weeks: 1 });
  }
  const wall = (day: Weekday, time: string) => {
    const [hour, minute] = time.split(":").map(Number);
    const offset = (weekdays.indexOf(day) + 2) % 7; // saturday and sunday come before the Monday
    return monday.plus({ days: offset - 2 }).set({ hour, minute });
  };
  return {
    at: (day, time) => wall(day, time).toMillis(),
    iso: (day, time) => wall(day, time).toUTC().toISO() as string,
    date: (day) => wall(day, "12:00").toFormat("yyyy-MM-dd"),
    local: (day, time) => wall(day, time).toFormat("yyyy-MM-dd'T'HH:mm"),
    spelled: (day, locale, format) => wall(day, "12:00").setLocale(locale).toFormat(format),
    month: {
      first: monday.startOf("month").toFormat("yyyy-MM-dd"),
      last: monday.endOf("month").toFormat("yyyy-MM-dd"),
    },
  };
}

export const testWeek = findTestWeek(Date.now());

/** 19:00 on the test week's Monday in Brussels: inside the Monday slot (18:30–21:30). */
export const mondayEvening = testWeek.iso("monday", "19:00");
