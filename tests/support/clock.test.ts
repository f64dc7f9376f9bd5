import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { findTestWeek, testWeek } from "./clock.ts";

const zone = "Europe/Brussels";
const day = 24 * 60 * 60 * 1000;

describe("the test week", () => {
  it("should lie wholly in the future, on a Monday that keeps the usual hours, whatever today is", () => {
    // Any day of the next ten years, so that a suite that passes today passes next year.
    const now = fc.integer({ min: Date.now(), max: Date.now() + 3650 * day });
    fc.assert(
      fc.property(now, (today) => {
        const week = findTestWeek(today);
        expect(week.at("saturday", "00:00")).toBeGreaterThan(today);
        expect(week.at("monday", "19:00") - today).toBeLessThan(8 * 7 * day);
        const monday = DateTime.fromMillis(week.at("monday", "19:00"), { zone });
        expect(monday.weekday).toBe(1);
        expect(monday.toFormat("HH:mm")).toBe("19:00");
        expect(week.date("monday")).toBe(monday.toFormat("yyyy-MM-dd"));
        expect(week.at("tuesday", "18:00") - week.at("monday", "18:00")).toBe(day);
        expect(week.month.first <= week.date("monday")).toBe(true);
        expect(week.month.last >= week.date("monday")).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("should skip a Monday the shipped helpline is closed on", () => {
    // Easter Monday 2027 is a closure in config/helplines/maintenant-jen-parle.yaml.
    const week = findTestWeek(Date.UTC(2027, 2, 24, 12)); // a Wednesday;
    expect(week.date("monday")).toBe("2027-04-05");
  });

  it("should write its days as the page and the status endpoint do", () => {
    const week = findTestWeek(Date.UTC(2030, 0, 1, 12)); // a Tuesday;
    expect(week.date("monday")).toBe("2030-01-07");
    expect(week.local("monday", "18:30")).toBe(`${week.date("monday")}T18:30`);
    expect(week.spelled("monday", "fr", "cccc d LLLL")).toBe("lundi 7 janvier");
    expect(week.iso("saturday", "15:00")).toBe(new Date(Date.UTC(2030, 0, 5, 14)).toISOString());
    expect(testWeek.at("monday", "19:00")).toBeGreaterThan(Date.now());
  });
});
