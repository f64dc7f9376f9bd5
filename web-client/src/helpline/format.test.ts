import { describe, expect, it } from "vitest";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { nl } from "../i18n/nl.ts";
import type { Slot, Weekday } from "./api.ts";
import { formatWhen, pick, pickLocalized, weeklyLines } from "./format.ts";

const none: readonly Slot[] = [];
function week(days: Partial<Record<Weekday, readonly Slot[]>>): Record<Weekday, readonly Slot[]> {
  return {
    monday: none,
    tuesday: none,
    wednesday: none,
    thursday: none,
    friday: none,
    saturday: none,
    sunday: none,
    ...days,
  };
}

describe("weeklyLines", () => {
  it("should say the real schedule the way the catalog used to", () => {
    const evening = [{ from: "18:00", to: "21:00" }];
    const lines = weeklyLines(
      week({
        monday: [{ from: "18:30", to: "21:30" }],
        tuesday: evening,
        wednesday: evening,
        thursday: evening,
      }),
      fr.hours,
    );
    expect(lines).toEqual(["Le lundi de 18 h 30 à 21 h 30", "Du mardi au jeudi de 18 h à 21 h"]);
  });

  it("should join several slots of a day and skip closed days", () => {
    const lines = weeklyLines(
      week({
        saturday: [
          { from: "10:00", to: "12:00" },
          { from: "14:05", to: "16:00" },
        ],
      }),
      fr.hours,
    );
    expect(lines).toEqual(["Le samedi de 10 h à 12 h et de 14 h 05 à 16 h"]);
  });

  it("should say nothing for a week with no slot", () => {
    expect(weeklyLines(week({}), fr.hours)).toEqual([]);
  });
});

describe("formatWhen", () => {
  const tz = "Europe/Brussels";
  // Saturday 21 November 2026, 20:00 in Brussels (UTC+1).
  const now = new Date("2026-11-21T19:00:00Z");

  it("should give the weekday, date and time in the helpline's time zone", () => {
    const at = { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" };
    expect(formatWhen(at, tz, now, fr.hours)).toBe("lundi 23 novembre à 18 h 30");
  });

  it("should say today and tomorrow plainly", () => {
    expect(
      formatWhen({ instant: "2026-11-21T20:00:00Z", local: "2026-11-21T21:00" }, tz, now, fr.hours),
    ).toBe("aujourd’hui à 21 h");
    expect(
      formatWhen({ instant: "2026-11-22T17:00:00Z", local: "2026-11-22T18:00" }, tz, now, fr.hours),
    ).toBe("demain à 18 h");
  });

  it("should follow summer time (UTC+2) after the last Sunday of March", () => {
    const before = new Date("2027-03-27T12:00:00Z"); // Saturday
    const at = { instant: "2027-03-29T16:30:00Z", local: "2027-03-29T18:30" };
    expect(formatWhen(at, tz, before, fr.hours)).toBe("lundi 29 mars à 18 h 30");
  });

  it("should fall back on the helpline's wall time if the time zone is unknown", () => {
    const at = { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" };
    expect(formatWhen(at, "Nowhere/Nothing", now, fr.hours)).toBe("23/11/2026 à 18 h 30");
  });
});

describe("in Dutch and English", () => {
  const tz = "Europe/Brussels";
  const now = new Date("2026-11-21T19:00:00Z");
  const evening = [{ from: "18:00", to: "21:00" }];
  const schedule = week({
    monday: [{ from: "18:30", to: "21:30" }],
    tuesday: evening,
    wednesday: evening,
    thursday: evening,
  });

  it("should say the schedule in each language", () => {
    expect(weeklyLines(schedule, nl.hours)).toEqual([
      "Op maandag van 18.30 uur tot 21.30 uur",
      "Van dinsdag tot donderdag van 18 uur tot 21 uur",
    ]);
    expect(weeklyLines(schedule, en.hours)).toEqual([
      "Monday from 6:30 pm to 9:30 pm",
      "Tuesday to Thursday from 6 pm to 9 pm",
    ]);
  });

  it("should give the date in the locale and the time in the helpline's time zone", () => {
    const at = { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" };
    expect(formatWhen(at, tz, now, nl.hours)).toBe("op maandag 23 november om 18.30 uur");
    expect(formatWhen(at, tz, now, en.hours)).toBe("on Monday 23 November at 6:30 pm");
  });

  it("should say today and tomorrow, and midnight and noon, plainly", () => {
    const tonight = { instant: "2026-11-21T20:00:00Z", local: "2026-11-21T21:00" };
    expect(formatWhen(tonight, tz, now, nl.hours)).toBe("vandaag om 21 uur");
    expect(formatWhen(tonight, tz, now, en.hours)).toBe("today at 9 pm");
    const noon = { instant: "2026-11-22T11:00:00Z", local: "2026-11-22T12:00" };
    expect(formatWhen(noon, tz, now, nl.hours)).toBe("morgen om 12 uur");
    expect(formatWhen(noon, tz, now, en.hours)).toBe("tomorrow at 12 pm");
    expect(en.hours.time(0, 15)).toBe("12:15 am");
    expect(en.hours.time(24, 0)).toBe("12 am");
  });
});

describe("pick", () => {
  it("should prefer the page's language, then French", () => {
    expect(pick({ fr: "Police", nl: "Politie" }, "nl")).toBe("Politie");
    expect(pick({ nl: "Politie", fr: "Police" }, "en")).toBe("Police");
    expect(pick({ en: "Police" }, "fr")).toBe("Police");
    expect(pick(undefined, "fr")).toBe("");
  });

  it("should fall back on the helpline's default language before French", () => {
    expect(pick({ fr: "Police", nl: "Politie" }, "en", "nl")).toBe("Politie");
    expect(pick({ fr: "Police", nl: "Politie" }, "en", "fr")).toBe("Police");
    expect(pick({ en: "Police", fr: "Police (fr)" }, "en", "nl")).toBe("Police");
  });

  it("should tell which language the text it found is in", () => {
    expect(pickLocalized({ fr: "Urgence : 112" }, "nl", "fr")).toEqual({
      text: "Urgence : 112",
      lang: "fr",
    });
    expect(pickLocalized({ nl: "Politie" }, "nl")).toEqual({ text: "Politie", lang: "nl" });
    expect(pickLocalized(undefined, "nl")).toEqual({ text: "", lang: null });
  });
});
