import { describe, expect, it } from "vitest";
import { buildTotal, toCsv, toJson, toSvg } from "./statistics-report.ts";
import { emptyDay, type StatisticsFile } from "./statistics-store.ts";
import { isSmall, suppressGroup, suppressRow, suppressSeries } from "./statistics-suppression.ts";
import { buildSampledReport } from "./statistics-report.ts";

const range = { from: "2026-11-02", to: "2026-11-08" };

/** A week with small and large cells in every question. */
const data: StatisticsFile = {
  "2026-11-02": {
    ...emptyDay(),
    conversations: 12,
    pickedUp: 9,
    abandoned: 2,
    notPickedUp: 1,
    closedVisits: 3,
    waitSeconds: [10, 20, 30],
    durationSeconds: [60, 120, 180, 240, 300, 360],
    languages: { fr: 9, nl: 3 },
    caseForms: {
      filed: 9,
      categories: { rape: 2, harassment: 7 },
      writer: { victim: 6, "relative-or-friend": 3, unanswered: 0 },
      ageBand: { "15-17": 5, "12-14": 4, unanswered: 0 },
      firstDisclosure: { yes: 1, no: 2, unanswered: 6 },
      offered: { listening: 9 },
    },
    feedback: { given: 4, helped: { yes: 3, no: 1 }, wouldWriteAgain: { yes: 4 } },
  },
};

describe("small-cell suppression", () => {
  it("should hide counts from 1 to the threshold minus one, never 0", () => {
    expect([0, 1, 4, 5].map((n) => isSmall(n, 5))).toEqual([false, true, true, false]);
    expect(suppressGroup({ a: 0, b: 7, c: 8 }, 5)).toEqual(new Set());
  });

  it("should hide the next smallest cell too when only one would be hidden", () => {
    expect(suppressGroup({ a: 3, b: 9, c: 6, d: 0 }, 5)).toEqual(new Set(["a", "c"]));
    // Two hidden already: neither can be recovered from the total, nothing more is hidden.
    expect(suppressGroup({ a: 3, b: 2, c: 9 }, 5)).toEqual(new Set(["a", "b"]));
  });

  it("should hide every small count of every question, and medians of too few values", () => {
    const row = suppressRow(buildTotal(data, range), 5);
    expect(row).toMatchObject({
      conversations: 12,
      pickedUp: 9, // abandoned and notPickedUp are both small: no second cell needed
      abandoned: null,
      notPickedUp: null,
      closedVisits: null,
      waitMedianSeconds: null, // 3 waits
      durationMedianSeconds: 210, // 6 durations
      languages: { fr: null, nl: null }, // nl is small, fr the next smallest
      caseForms: {
        filed: 9,
        categories: { rape: null, harassment: null },
        writer: { victim: null, "relative-or-friend": null, unanswered: 0 },
        // 12-14 alone is small; 15-17 (5) is the next smallest, so it is hidden too.
        ageBand: { "15-17": null, "12-14": null, unanswered: 0 },
        firstDisclosure: { yes: null, no: null, unanswered: 6 },
        offered: { listening: 9 },
      },
      feedback: { given: null, helped: { yes: null, no: null }, wouldWriteAgain: { yes: null } },
    });
  });

  it("should let the threshold be set, 1 showing everything", () => {
    expect(suppressRow(buildTotal(data, range), 1).suppressed).toEqual([]);
    expect(suppressRow(buildTotal(data, range), 3).languages).toEqual({ fr: 9, nl: 3 });
  });

  it("should mark the hidden cells in CSV, JSON and SVG", () => {
    const row = suppressRow(buildTotal(data, range), 5);
    const [header, line] = toCsv([row]).split("\n");
    const cells = Object.fromEntries(
      (header ?? "").split(",").map((name, index) => [name, line?.split(",")[index]]),
    );
    expect(cells).toMatchObject({
      conversations: "12",
      abandoned: "",
      closed_visits: "",
      wait_median_seconds: "",
      languages: "fr=;nl=",
      case_form_categories: "harassment=;rape=",
      case_form_age_band: "12-14=;15-17=;unanswered=0",
      feedback_given: "",
      feedback_helped: "no=;yes=",
    });
    expect(cells["suppressed"]?.split(";")).toEqual(
      expect.arrayContaining([
        "abandoned",
        "notPickedUp",
        "closedVisits",
        "waitMedianSeconds",
        "languages.nl",
        "languages.fr",
        "caseForms.ageBand.12-14",
        "feedback.given",
        "feedback.helped.no",
      ]),
    );
    const json = JSON.parse(toJson([row], "week", 5));
    expect(json.minimumCell).toBe(5);
    expect(json.rows[0].languages).toEqual({ fr: null, nl: null });
    expect(json.rows[0].suppressed).toContain("caseForms.writer.relative-or-friend");
    expect(JSON.stringify(json)).not.toMatch(/"(?:rape|nl|abandoned)":\s*[1-4]\b/);
    const small: StatisticsFile = { "2026-11-03": { ...emptyDay(), conversations: 2 } };
    const svg = toSvg(suppressSeries(buildSampledReport(small, range, "day"), 5), "day");
    expect(svg).toContain("2026-11-03: hidden conversations");
    expect(svg).not.toContain("2026-11-03: 2 conversations");
  });

  it("should hide a second period of a series when only one is small", () => {
    const series: StatisticsFile = {
      "2026-11-02": { ...emptyDay(), conversations: 3 },
      "2026-11-03": { ...emptyDay(), conversations: 8 },
      "2026-11-04": { ...emptyDay(), conversations: 20 },
    };
    const rows = suppressSeries(buildSampledReport(series, range, "day"), 5);
    expect(rows.slice(0, 3).map((row) => row.conversations)).toEqual([null, null, 20]);
    expect(rows[1]?.suppressed).toContain("conversations");
  });
});
