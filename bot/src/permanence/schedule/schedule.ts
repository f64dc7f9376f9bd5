// Opening hours as pure functions of an instant: no clock is read here, the caller passes `now`.
//
// Wall times in the config ("18:30" on a Monday) are turned into instants in the helpline's time
// zone with luxon, day by day, so daylight-saving changes are followed: 18:30 in Brussels is 17:30Z
// in winter (UTC+1) and 16:30Z in summer (UTC+2). Around the changes:
// - a wall time that does not exist (02:00–02:59 on the last Sunday of March) is moved forward by
//   the missing hour, as luxon does: a slot from 02:30 starts at 03:30, one from 02:15 to 02:45
//   runs 03:15–03:45 that day; a slot that would then end before it starts (02:30–03:00) does not
//   happen that day;
// - a wall time that happens twice (02:00–02:59 on the last Sunday of October) is read in winter
//   time, the later of the two: 02:30 is 01:30Z;
// - a slot keeps its wall times, so Sunday 01:00–04:00 lasts 2 h in March and 4 h in October.

import { DateTime } from "luxon";
import { minutesOfDay } from "../../helpline/clock.ts";
import { weekdays, type HelplineDefinition } from "../../helpline/schema.ts";
import type { Schedule, ScheduleSnapshot } from "../types.ts";

type Hours = HelplineDefinition["hours"];

/** A concrete opening: [start, end) in Unix milliseconds. */
export interface Slot {
  start: number;
  end: number;
}

/** Wall-clock minutes of a slot; `end` may exceed 24 h when the slot runs into the next day. */
interface WallSlot {
  from: number;
  end: number;
}

const day = 24 * 60;
const minute = 60_000;
/** How far ahead the next opening is looked for. */
const horizonDays = 400;

function wallSlot(slot: { from: string; to: string }): WallSlot {
  const from = minutesOfDay(slot.from) ?? 0;
  const to = minutesOfDay(slot.to) ?? 0;
  return { from, end: to > from ? to : to + day };
}

/** The instant of `minutes` after the start of the local date `date` (a day at local midnight). */
function wallInstant(date: DateTime, minutes: number): number {
  const target = date.plus({ days: Math.floor(minutes / day) });
  const rest = minutes % day;
  return DateTime.fromObject(
    {
      year: target.year,
      month: target.month,
      day: target.day,
      hour: Math.floor(rest / 60),
      minute: rest % 60,
    },
    { zone: date.zone },
  ).toMillis();
}

/** Turns the config's hours into a generator of concrete slots, merged, in order of start. */
function slotSource(hours: Hours) {
  const weekly = weekdays.map((name) => hours.weekly[name].map(wallSlot));
  const openings = new Map<string, WallSlot[]>();
  for (const opening of hours.openings) {
    openings.set(opening.date, [...(openings.get(opening.date) ?? []), wallSlot(opening)]);
  }
  const closed = (date: string): boolean =>
    hours.closures.some((closure) =>
      closure.date !== undefined
        ? closure.date === date
        : closure.from !== undefined &&
          closure.to !== undefined &&
          closure.from <= date &&
          date <= closure.to,
    );

  /** Slots that start on one local date: its weekly slots unless closed, plus its openings. */
  function startingOn(date: DateTime): Slot[] {
    const iso = date.toISODate() ?? "";
    const wall = [
      ...(closed(iso) ? [] : (weekly[date.weekday - 1] ?? [])),
      ...(openings.get(iso) ?? []),
    ];
    return wall
      .map((slot) => ({ start: wallInstant(date, slot.from), end: wallInstant(date, slot.end) }))
      .filter((slot) => slot.end > slot.start)
      .sort((a, b) => a.start - b.start);
  }

  /**
   * Merged slots (touching or overlapping ones become one) starting from the local date of `from`
   * minus two days (no slot is longer than 24 h, so any slot running at `from` is included), for at
   * most `days` days. Slots start within their own local date, so day order is start order.
   */
  return function* merged(from: number, days: number): Generator<Slot> {
    const first = DateTime.fromMillis(from, { zone: hours.timeZone })
      .startOf("day")
      .minus({ days: 2 });
    let current: Slot | null = null;
    for (let offset = 0; offset <= days + 2; offset++) {
      for (const slot of startingOn(first.plus({ days: offset }))) {
        if (current !== null && slot.start <= current.end) {
          current = { start: current.start, end: Math.max(current.end, slot.end) };
          continue;
        }
        if (current !== null) yield current;
        current = slot;
      }
    }
    if (current !== null) yield current;
  };
}

/** The helpline's schedule: what its hours say at any instant. */
export function createSchedule(hours: Hours): Schedule {
  const merged = slotSource(hours);
  const lastAdmissionMs = hours.lastAdmissionMinutes * minute;
  return (now: number): ScheduleSnapshot => {
    let closesAt: number | null = null;
    let nextOpensAt: number | null = null;
    for (const slot of merged(now, horizonDays)) {
      if (slot.end <= now) continue;
      if (slot.start <= now) {
        closesAt = slot.end;
        continue;
      }
      nextOpensAt = slot.start;
      break;
    }
    const open = closesAt !== null;
    const admissionEndsAt = closesAt === null ? null : closesAt - lastAdmissionMs;
    return {
      open,
      admitting: admissionEndsAt !== null && now < admissionEndsAt,
      closesAt,
      admissionEndsAt,
      nextOpensAt,
    };
  };
}

/** The concrete (merged) slots that overlap [from, to), for the status page and for tests. */
export function slotsBetween(hours: Hours, from: number, to: number): Slot[] {
  const days = Math.ceil((to - from) / (day * minute)) + 1;
  const slots: Slot[] = [];
  for (const slot of slotSource(hours)(from, days)) {
    if (slot.start >= to) break;
    if (slot.end > from) slots.push(slot);
  }
  return slots;
}

/** An instant as local wall time without offset, e.g. "2026-11-23T18:30" (status endpoint). */
export function localWallTime(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}
