import fc from "fast-check";
import { DateTime } from "luxon";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHelplineConfig, parseHelplineConfig } from "../../helpline/load.ts";
import type { HelplineDefinition } from "../../helpline/schema.ts";
import { createSchedule, localWallTime, slotsBetween } from "./schedule.ts";

type Hours = HelplineDefinition["hours"];
const zone = "Europe/Brussels";

/** A Brussels wall time as an instant, e.g. brussels("2026-11-23T18:30"). */
function brussels(local: string): number {
  return DateTime.fromISO(local, { zone }).toMillis();
}

function utc(iso: string): number {
  return Date.parse(iso);
}

/** Hours built the way the loader builds them (defaults filled, validated). */
function hours(partial: Partial<Record<keyof Hours, unknown>>): Hours {
  return parseHelplineConfig(
    {
      id: "test-line",
      name: { fr: "Ligne de test" },
      defaultLanguage: "fr",
      audience: "minors",
      hours: { lastAdmissionMinutes: 15, closingWarningMinutes: 10, ...partial },
      conversations: {
        defaultMaxPerCounsellor: 2,
        offerTimeoutSeconds: 90,
        inactivityTimeoutMinutes: 30,
        typicalDurationMinutes: 30,
        erasureGraceMinutes: 5,
      },
      resources: [{ label: { fr: "Urgence" }, phone: "112" }],
    },
    "test",
  ).hours;
}

const example = loadHelplineConfig(
  path.resolve(import.meta.dirname, "../../../../config/helplines/maintenant-jen-parle.yaml"),
).hours;
const realWeek = createSchedule(example);

describe("the example config's real week (Maintenant j'en parle)", () => {
  it("should open Monday at 18:30 and admit until 21:15", () => {
    expect(realWeek(brussels("2026-11-23T18:29"))).toEqual({
      open: false,
      admitting: false,
      closesAt: null,
      admissionEndsAt: null,
      nextOpensAt: utc("2026-11-23T17:30:00Z"),
    });
    expect(realWeek(brussels("2026-11-23T18:30"))).toEqual({
      open: true,
      admitting: true,
      closesAt: brussels("2026-11-23T21:30"),
      admissionEndsAt: brussels("2026-11-23T21:15"),
      nextOpensAt: brussels("2026-11-24T18:00"),
    });
    expect(realWeek(brussels("2026-11-23T21:14")).admitting).toBe(true);
    expect(realWeek(brussels("2026-11-23T21:15"))).toMatchObject({ open: true, admitting: false });
    expect(realWeek(brussels("2026-11-23T21:30"))).toMatchObject({
      open: false,
      nextOpensAt: brussels("2026-11-24T18:00"),
    });
  });

  it("should open Tuesday to Thursday 18:00–21:00 and be closed from Friday to Monday evening", () => {
    for (const date of ["2026-11-24", "2026-11-25", "2026-11-26"]) {
      expect(realWeek(brussels(`${date}T17:59`)).open).toBe(false);
      expect(realWeek(brussels(`${date}T18:00`)).closesAt).toBe(brussels(`${date}T21:00`));
      expect(realWeek(brussels(`${date}T20:59`)).open).toBe(true);
      expect(realWeek(brussels(`${date}T21:00`)).open).toBe(false);
    }
    for (const local of ["2026-11-27T19:00", "2026-11-28T19:00", "2026-11-29T19:00"]) {
      expect(realWeek(brussels(local))).toMatchObject({
        open: false,
        nextOpensAt: brussels("2026-11-30T18:30"),
      });
    }
  });

  it("should follow closures and a holiday opening on top of its week", () => {
    // The shipped closures change every year, so this week carries its own: Thursday 24 December
    // is closed, and Monday 28 December opens at 14:00 as well as 18:30.
    const holidays = createSchedule(
      hours({
        weekly: example.weekly,
        closures: [{ date: "2026-12-24" }],
        openings: [{ date: "2026-12-28", from: "14:00", to: "17:00" }],
      }),
    );
    expect(holidays(brussels("2026-12-24T19:00"))).toMatchObject({
      open: false,
      nextOpensAt: brussels("2026-12-28T14:00"),
    });
    expect(holidays(brussels("2026-12-28T15:00"))).toMatchObject({
      open: true,
      closesAt: brussels("2026-12-28T17:00"),
      nextOpensAt: brussels("2026-12-28T18:30"),
    });
  });

  it("should keep closed every day the shipped config closes, whatever those days are", () => {
    const closedDays = example.closures.flatMap((closure) => {
      if (closure.date !== undefined) return [closure.date];
      const days: string[] = [];
      const last = DateTime.fromISO(closure.to as string, { zone });
      for (
        let d = DateTime.fromISO(closure.from as string, { zone });
        d <= last;
        d = d.plus({ days: 1 })
      )
        days.push(d.toFormat("yyyy-MM-dd"));
      return days;
    });
    expect(closedDays.length).toBeGreaterThan(0);
    for (const date of closedDays) {
      for (const time of ["14:00", "18:45", "20:30"]) {
        const opening = example.openings.find((o) => o.date === date);
        if (opening !== undefined) continue; // an exceptional opening wins on its own day
        expect(realWeek(brussels(`${date}T${time}`)).open, `${date} ${time}`).toBe(false);
      }
    }
  });
});

describe("daylight-saving changes in Europe/Brussels", () => {
  const mondays = createSchedule(hours({ weekly: { monday: [{ from: "18:30", to: "21:30" }] } }));

  it("should open at 18:30 local time: 17:30Z in winter (UTC+1), 16:30Z in summer (UTC+2)", () => {
    // Last Sunday of March 2026 is the 29th; last Sunday of October 2026 is the 25th.
    expect(mondays(utc("2026-03-22T12:00:00Z")).nextOpensAt).toBe(utc("2026-03-23T17:30:00Z"));
    expect(mondays(utc("2026-03-29T12:00:00Z")).nextOpensAt).toBe(utc("2026-03-30T16:30:00Z"));
    expect(mondays(utc("2026-10-18T12:00:00Z")).nextOpensAt).toBe(utc("2026-10-19T16:30:00Z"));
    expect(mondays(utc("2026-10-25T12:00:00Z")).nextOpensAt).toBe(utc("2026-10-26T17:30:00Z"));
    expect(mondays(utc("2026-10-26T20:29:00Z")).closesAt).toBe(utc("2026-10-26T20:30:00Z"));
  });

  it("should keep wall times for a slot over the change: Sunday 01:00–04:00 lasts 2 h in March, 4 h in October", () => {
    const sundays = hours({ weekly: { sunday: [{ from: "01:00", to: "04:00" }] } });
    expect(slotsBetween(sundays, utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z"))).toEqual(
      [{ start: utc("2026-03-29T00:00:00Z"), end: utc("2026-03-29T02:00:00Z") }],
    );
    expect(slotsBetween(sundays, utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z"))).toEqual(
      [{ start: utc("2026-10-24T23:00:00Z"), end: utc("2026-10-25T03:00:00Z") }],
    );
    const schedule = createSchedule(sundays);
    expect(schedule(utc("2026-10-25T02:30:00Z"))).toMatchObject({
      open: true,
      closesAt: utc("2026-10-25T03:00:00Z"),
    });
  });

  it("should move a wall time that does not exist (02:30 on 29 March) forward by the missing hour", () => {
    const schedule = createSchedule(
      hours({
        weekly: {
          sunday: [
            { from: "02:30", to: "05:00" },
            { from: "12:00", to: "13:00" },
          ],
        },
      }),
    );
    // 02:30 does not exist that night: the slot starts at 03:30 summer time (01:30Z).
    expect(schedule(utc("2026-03-29T00:00:00Z")).nextOpensAt).toBe(utc("2026-03-29T01:30:00Z"));
    expect(schedule(utc("2026-03-29T01:29:00Z")).open).toBe(false);
    expect(schedule(utc("2026-03-29T01:30:00Z")).closesAt).toBe(utc("2026-03-29T03:00:00Z"));
    // A slot that would end before it starts that day (02:30–03:00) does not happen.
    const gap = hours({ weekly: { sunday: [{ from: "02:30", to: "03:00" }] } });
    expect(slotsBetween(gap, utc("2026-03-28T00:00:00Z"), utc("2026-03-30T00:00:00Z"))).toEqual([]);
    expect(slotsBetween(gap, utc("2026-04-04T00:00:00Z"), utc("2026-04-06T00:00:00Z"))).toEqual([
      { start: utc("2026-04-05T00:30:00Z"), end: utc("2026-04-05T01:00:00Z") },
    ]);
  });

  it("should read a wall time that happens twice (02:30 on 25 October) in winter time", () => {
    const twice = hours({ weekly: { sunday: [{ from: "02:30", to: "05:00" }] } });
    expect(createSchedule(twice)(utc("2026-10-24T12:00:00Z")).nextOpensAt).toBe(
      utc("2026-10-25T01:30:00Z"),
    );
  });
});

describe("slots across midnight", () => {
  it("should run a Friday 22:00–02:00 slot into Saturday", () => {
    const schedule = createSchedule(
      hours({ weekly: { friday: [{ from: "22:00", to: "02:00" }] } }),
    );
    expect(schedule(brussels("2026-11-28T01:00"))).toMatchObject({
      open: true,
      closesAt: brussels("2026-11-28T02:00"),
      admissionEndsAt: brussels("2026-11-28T01:45"),
      nextOpensAt: brussels("2026-12-04T22:00"),
    });
    expect(schedule(brussels("2026-11-28T02:00")).open).toBe(false);
  });

  it("should make Monday 22:00–24:00 and Tuesday 00:00–02:00 one slot", () => {
    const schedule = createSchedule(
      hours({
        weekly: {
          monday: [{ from: "22:00", to: "24:00" }],
          tuesday: [{ from: "00:00", to: "02:00" }],
        },
      }),
    );
    expect(schedule(brussels("2026-11-23T23:50"))).toMatchObject({
      open: true,
      admitting: true,
      closesAt: brussels("2026-11-24T02:00"),
      nextOpensAt: brussels("2026-11-30T22:00"),
    });
    expect(schedule(brussels("2026-11-24T01:00")).closesAt).toBe(brussels("2026-11-24T02:00"));
  });

  it("should merge two slots of the same day that touch", () => {
    const schedule = createSchedule(
      hours({
        weekly: {
          wednesday: [
            { from: "14:00", to: "17:00" },
            { from: "17:00", to: "19:00" },
          ],
        },
      }),
    );
    expect(schedule(brussels("2026-11-25T16:59")).closesAt).toBe(brussels("2026-11-25T19:00"));
  });
});

describe("closures and openings", () => {
  const weekly = {
    monday: [{ from: "18:30", to: "21:30" }],
    thursday: [{ from: "18:00", to: "21:00" }],
    friday: [{ from: "22:00", to: "02:00" }],
  };

  it("should skip a slot that starts on a single closed date", () => {
    const schedule = createSchedule(hours({ weekly, closures: [{ date: "2026-11-26" }] }));
    expect(schedule(brussels("2026-11-26T19:00"))).toMatchObject({
      open: false,
      nextOpensAt: brussels("2026-11-27T22:00"),
    });
  });

  it("should skip every slot starting in an inclusive range, and only those", () => {
    const schedule = createSchedule(
      hours({ weekly, closures: [{ from: "2026-12-24", to: "2027-01-01", reason: "Fêtes" }] }),
    );
    expect(schedule(brussels("2026-12-21T19:00")).open).toBe(true);
    expect(schedule(brussels("2026-12-22T12:00")).nextOpensAt).toBe(brussels("2027-01-04T18:30"));
    // Friday 1 January is the range's last day: its 22:00 slot is closed too.
    expect(schedule(brussels("2027-01-01T23:00")).open).toBe(false);
  });

  it("should let a slot that started the day before a closure run past midnight", () => {
    const schedule = createSchedule(hours({ weekly, closures: [{ date: "2026-11-28" }] }));
    expect(schedule(brussels("2026-11-28T01:00"))).toMatchObject({
      open: true,
      closesAt: brussels("2026-11-28T02:00"),
    });
  });

  it("should add an opening even on a closed day", () => {
    const schedule = createSchedule(
      hours({
        weekly,
        closures: [{ from: "2026-12-24", to: "2027-01-01" }],
        openings: [{ date: "2026-12-28", from: "14:00", to: "17:00" }],
      }),
    );
    expect(schedule(brussels("2026-12-24T12:00")).nextOpensAt).toBe(brussels("2026-12-28T14:00"));
    expect(schedule(brussels("2026-12-28T16:50"))).toMatchObject({
      open: true,
      admitting: false,
      closesAt: brussels("2026-12-28T17:00"),
      // The weekly Monday slot of that day stays closed.
      nextOpensAt: brussels("2027-01-04T18:30"),
    });
  });

  it("should say null when nothing opens within 400 days", () => {
    const schedule = createSchedule(
      hours({ weekly, closures: [{ from: "2026-01-01", to: "2030-12-31" }] }),
    );
    expect(schedule(brussels("2026-11-23T19:00"))).toEqual({
      open: false,
      admitting: false,
      closesAt: null,
      admissionEndsAt: null,
      nextOpensAt: null,
    });
  });
});

describe("localWallTime", () => {
  it("should give the local wall time without offset, in winter and in summer", () => {
    expect(localWallTime(utc("2026-11-23T17:30:00Z"), zone)).toBe("2026-11-23T18:30");
    expect(localWallTime(utc("2026-06-22T16:30:00Z"), zone)).toBe("2026-06-22T18:30");
    expect(localWallTime(utc("2026-06-22T16:30:00Z"), "UTC")).toBe("2026-06-22T16:30");
  });
});

describe("schedule properties", () => {
  // Instants over two years, DST changes included, on a busier week than the example.
  const busy = hours({
    weekly: {
      monday: [{ from: "18:30", to: "21:30" }],
      wednesday: [
        { from: "02:30", to: "03:30" },
        { from: "14:00", to: "17:00" },
        { from: "17:00", to: "19:00" },
      ],
      saturday: [{ from: "22:00", to: "24:00" }],
      sunday: [
        { from: "00:00", to: "01:30" },
        { from: "23:00", to: "02:00" },
      ],
    },
    closures: [{ date: "2026-12-25" }, { from: "2027-07-01", to: "2027-08-15" }],
    openings: [{ date: "2026-12-26", from: "10:00", to: "12:00" }],
  });
  const instants = fc.integer({
    min: utc("2026-01-01T00:00:00Z"),
    max: utc("2027-12-31T00:00:00Z"),
  });

  for (const [name, config] of [
    ["example", example],
    ["busy", busy],
  ] as const) {
    const schedule = createSchedule(config);

    it(`should be open exactly when a slot contains now (${name})`, () => {
      fc.assert(
        fc.property(instants, (now) => {
          const around = slotsBetween(config, now - 86_400_000, now + 86_400_000);
          const inside = around.some((slot) => slot.start <= now && now < slot.end);
          expect(schedule(now).open).toBe(inside);
        }),
        { numRuns: 200 },
      );
    });

    it(`should open next strictly after now, admit only when open, close after now (${name})`, () => {
      fc.assert(
        fc.property(instants, (now) => {
          const snapshot = schedule(now);
          if (snapshot.nextOpensAt === null) throw new Error("this week always reopens");
          expect(snapshot.nextOpensAt).toBeGreaterThan(now);
          expect(schedule(snapshot.nextOpensAt).open).toBe(true);
          if (snapshot.admitting) expect(snapshot.open).toBe(true);
          if (snapshot.closesAt !== null) {
            expect(snapshot.closesAt).toBeGreaterThan(now);
            expect(snapshot.nextOpensAt).toBeGreaterThan(snapshot.closesAt);
            expect(schedule(snapshot.closesAt - 1).open).toBe(true);
            expect(schedule(snapshot.closesAt).open).toBe(false);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});
