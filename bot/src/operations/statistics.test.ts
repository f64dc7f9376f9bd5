import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CaseForm } from "@helpline/contract";
import { describe, expect, it } from "vitest";
import {
  buildReport,
  buildSampledReport,
  median,
  percentile,
  periodStart,
  toCsv,
  toJson,
  toSvg,
} from "./statistics-report.ts";
import {
  countFact,
  dayOf,
  emptyDay,
  readStatistics,
  StatisticsStore,
  type StatisticsFile,
} from "./statistics-store.ts";
import { suppressRows } from "./statistics-suppression.ts";

/** Rows as the reports write them, with a threshold of 1: nothing is suppressed. */
const allShown = (
  data: StatisticsFile,
  range: { from: string; to: string },
  by: "day" | "week" | "month",
) => suppressRows(buildSampledReport(data, range, by), 1);

describe("medians and percentiles", () => {
  it("should give the middle value, or the mean of the two middle values", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([1, 2, 3])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it("should give the nearest-rank 90th percentile", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile([...ten, 11], 90)).toBe(10);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([], 90)).toBeNull();
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        90,
      ),
    ).toBe(18);
  });
});

describe("daily aggregates", () => {
  it("should file a fact under the helpline's local day, not UTC's", () => {
    // 23:30 UTC on 23 November is 00:30 on the 24th in Brussels.
    expect(dayOf(Date.parse("2026-11-23T23:30:00Z"), "Europe/Brussels")).toBe("2026-11-24");
    expect(dayOf(Date.parse("2026-11-23T22:30:00Z"), "Europe/Brussels")).toBe("2026-11-23");
  });

  it("should keep waits and durations as sorted seconds, unlinked from each other", () => {
    let day = emptyDay();
    day = countFact(day, { kind: "conversation_started" });
    day = countFact(day, { kind: "picked_up", waitMs: 300_400 });
    day = countFact(day, { kind: "picked_up", waitMs: 59_600 });
    day = countFact(day, {
      kind: "conversation_ended",
      reason: "closing",
      pickedUp: false,
      abandoned: false,
      durationMs: null,
    });
    day = countFact(day, { kind: "language", language: "nl" });
    expect(day).toMatchObject({
      conversations: 1,
      pickedUp: 2,
      notPickedUp: 1,
      abandoned: 0,
      waitSeconds: [60, 300],
      durationSeconds: [],
      languages: { nl: 1 },
    });
  });

  it("should write an owner-only file that a new store reads back", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "statistics-"));
    const at = Date.parse("2026-11-23T18:00:00Z");
    new StatisticsStore(dir, "Europe/Brussels").count({ kind: "conversation_started" }, at);
    const store = new StatisticsStore(dir, "Europe/Brussels");
    store.count({ kind: "closed_visit" }, at);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(readStatistics(store.file)["2026-11-23"]).toMatchObject({
      conversations: 1,
      closedVisits: 1,
    });
    expect(readFileSync(store.file, "utf8")).not.toMatch(/@|!/);
  });
});

function day(partial: Partial<ReturnType<typeof emptyDay>>) {
  return { ...emptyDay(), ...partial };
}

const data: StatisticsFile = {
  "2026-11-02": day({
    conversations: 2,
    pickedUp: 2,
    waitSeconds: [60, 120],
    durationSeconds: [600, 1200],
  }),
  "2026-11-08": day({ conversations: 1, abandoned: 1, closedVisits: 4, languages: { fr: 1 } }),
  "2026-11-09": day({
    conversations: 3,
    pickedUp: 3,
    urgent: 2,
    waitSeconds: [30, 90, 600],
    languages: { nl: 2, fr: 1 },
  }),
  "2026-10-31": day({ conversations: 9 }),
};

describe("the statistics report", () => {
  it("should start weeks on Monday and months on the first", () => {
    expect(periodStart("2026-11-08", "week")).toBe("2026-11-02"); // a Sunday
    expect(periodStart("2026-11-09", "week")).toBe("2026-11-09"); // a Monday
    expect(periodStart("2026-11-30", "month")).toBe("2026-11-01");
  });

  it("should sum days into weeks, with medians and p90 over the whole week", () => {
    const rows = buildReport(data, { from: "2026-11-01", to: "2026-11-15" }, "week");
    expect(rows.map((row) => row.period)).toEqual(["2026-10-26", "2026-11-02", "2026-11-09"]);
    const [first, second, third] = rows;
    expect(first?.conversations).toBe(0); // 31 October is outside the range
    expect(second).toMatchObject({
      conversations: 3,
      pickedUp: 2,
      abandoned: 1,
      closedVisits: 4,
      waitMedianSeconds: 90,
      waitP90Seconds: 120,
      durationMedianSeconds: 900,
      durationP90Seconds: 1200,
      languages: { fr: 1 },
    });
    expect(third).toMatchObject({
      waitMedianSeconds: 90,
      waitP90Seconds: 600,
      languages: { fr: 1, nl: 2 },
    });
  });

  it("should write CSV, JSON and an SVG chart", () => {
    const rows = allShown(data, { from: "2026-11-01", to: "2026-11-30" }, "month");
    expect(rows).toHaveLength(1);
    const csv = toCsv(rows).split("\n");
    expect(csv[0]).toBe(
      "period,conversations,picked_up,abandoned,not_picked_up,closed_visits,offers_timed_out,handovers,danger_marks,urgent,wait_median_seconds,wait_p90_seconds,duration_median_seconds,duration_p90_seconds,languages,writing_about," +
        "case_forms_filed,case_form_categories,case_form_writer,case_form_age_band,case_form_first_disclosure,case_form_offered,feedback_given,feedback_helped,feedback_would_write_again,suppressed",
    );
    expect(csv[1]).toBe("2026-11-01,6,5,1,0,4,0,0,0,2,90,600,900,1200,fr=2;nl=2,,,,,,,,,,,");
    expect(JSON.parse(toJson(rows, "month", 1))).toMatchObject({
      by: "month",
      minimumCell: 1,
      rows: [{ conversations: 6, suppressed: [] }],
    });
    const svg = toSvg(allShown(data, { from: "2026-11-01", to: "2026-11-10" }, "day"), "day");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<g>/g)).toHaveLength(10);
    expect(svg).toContain("2026-11-09: 3 conversations, 0 abandoned");
  });

  it("should leave a median empty in CSV when nobody was picked up", () => {
    const rows = allShown({}, { from: "2026-11-01", to: "2026-11-01" }, "day");
    expect(toCsv(rows).split("\n")[1]).toBe("2026-11-01,0,0,0,0,0,0,0,0,0,,,,,,,,,,,,,,,,");
  });
});

describe("urgent declarations", () => {
  it("should count each day's declarations, read older days as none, and hide a small count", () => {
    const counted = countFact(countFact(emptyDay(), { kind: "urgent_declared" }), {
      kind: "urgent_declared",
    });
    expect(counted.urgent).toBe(2);
    const data: StatisticsFile = { "2026-11-02": counted, "2026-11-03": day({ conversations: 4 }) };
    const [week] = allShown(data, { from: "2026-11-02", to: "2026-11-08" }, "week");
    expect(week?.urgent).toBe(2);
    const [old] = allShown(
      { "2026-11-03": day({ conversations: 4 }) },
      { from: "2026-11-03", to: "2026-11-03" },
      "day",
    );
    expect(old?.urgent).toBe(0);
    const [hidden] = suppressRows(
      buildSampledReport(data, { from: "2026-11-02", to: "2026-11-08" }, "week"),
      3,
    );
    expect(hidden?.urgent).toBeNull();
    expect(hidden?.suppressed).toContain("urgent");
  });
});

describe("who the youth writes about", () => {
  const answers = (...list: ("self" | "close-one" | "unanswered")[]) =>
    list.reduce((day, answer) => countFact(day, { kind: "writing_about", answer }), emptyDay());

  it("should tally the answers per day, and nothing for a service that does not ask", () => {
    expect(emptyDay().writingAbout).toBeUndefined();
    expect(answers("close-one", "self", "close-one", "unanswered").writingAbout).toEqual({
      self: 1,
      "close-one": 2,
      unanswered: 1,
    });
  });

  it("should sum the tallies over a period and write them in CSV and JSON", () => {
    const data: StatisticsFile = {
      "2026-11-02": answers("self", "close-one"),
      "2026-11-03": emptyDay(),
      "2026-11-04": answers("close-one", "unanswered"),
    };
    const [week] = allShown(data, { from: "2026-11-02", to: "2026-11-08" }, "week");
    expect(week?.writingAbout).toEqual({ self: 1, "close-one": 2, unanswered: 1 });
    expect(toCsv(week ? [week] : []).split("\n")[1]).toMatch(
      /,self=1;close-one=2;unanswered=1,{10}$/,
    );
    expect(JSON.parse(toJson(week ? [week] : [], "week", 1)).rows[0].writingAbout).toEqual({
      self: 1,
      "close-one": 2,
      unanswered: 1,
    });
    const [asked] = buildReport(data, { from: "2026-11-03", to: "2026-11-03" }, "day");
    expect(asked?.writingAbout).toBeNull();
  });

  it("should read a file written before the question existed, and keep the tally on disk", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "statistics-"));
    const store = new StatisticsStore(dir, "Europe/Brussels");
    const at = Date.now();
    store.count({ kind: "conversation_started" }, at);
    store.count({ kind: "writing_about", answer: "close-one" }, at);
    const stored = readStatistics(store.file);
    const day = stored[dayOf(at, "Europe/Brussels")];
    expect(day?.writingAbout).toEqual({ self: 0, "close-one": 1, unanswered: 0 });
    // Only counts: the file says nothing that could tie the answer to a conversation.
    expect(Object.keys(day ?? {}).sort()).toEqual(
      Object.keys(emptyDay()).concat("writingAbout").sort(),
    );
    const older: StatisticsFile = { "2026-11-02": emptyDay() };
    expect(
      buildReport(older, { from: "2026-11-02", to: "2026-11-02" }, "day")[0]?.writingAbout,
    ).toBeNull();
  });
});

describe("case forms and feedback", () => {
  it("should count each question's answers on its own, a skipped one as unanswered", () => {
    const day = [
      { categories: ["rape", "what-is-normal"], writer: "victim", offered: ["listening"] },
      { categories: ["rape"], ageBand: "15-17", offered: ["listening", "referral-cpvs"] },
    ].reduce(
      (counted, form) => countFact(counted, { kind: "case_form", form: form as CaseForm }),
      emptyDay(),
    );
    expect(day.caseForms).toEqual({
      filed: 2,
      categories: { rape: 2, "what-is-normal": 1 },
      writer: { victim: 1, unanswered: 1 },
      ageBand: { unanswered: 1, "15-17": 1 },
      firstDisclosure: { unanswered: 2 },
      offered: { listening: 2, "referral-cpvs": 1 },
    });
  });

  it("should count a category named twice in one form once", () => {
    const form: CaseForm = { categories: ["harassment", "harassment"], offered: [] };
    expect(countFact(emptyDay(), { kind: "case_form", form }).caseForms?.categories).toEqual({
      harassment: 1,
    });
  });

  it("should count the youth's feedback, and read a file written before either existed", () => {
    const day = countFact(
      countFact(emptyDay(), { kind: "feedback", feedback: { helped: "yes" } }),
      { kind: "feedback", feedback: { helped: "a-little", wouldWriteAgain: "maybe" } },
    );
    expect(day.feedback).toEqual({
      given: 2,
      helped: { yes: 1, "a-little": 1 },
      wouldWriteAgain: { unanswered: 1, maybe: 1 },
    });
    expect(emptyDay().caseForms).toBeUndefined();
    expect(emptyDay().feedback).toBeUndefined();
  });
});
