import { describe, expect, it } from "vitest";
import type { PermanenceObserver } from "../permanence/runtime.ts";
import type { PermanenceState } from "../permanence/types.ts";
import { FactTracker } from "./facts.ts";
import { buildTotal, toCsv } from "./statistics-report.ts";
import { countFact, emptyDay, statisticsFileSchema } from "./statistics-store.ts";
import { suppressRow } from "./statistics-suppression.ts";

const empty: PermanenceState = {
  conversations: {},
  queue: [],
  counsellors: {},
  warnedForClosingAt: null,
  closedSlotAt: null,
};

describe("the daily count of conversations marked danger to life", () => {
  it("should be a fact of the mark's staff notice, naming no one", () => {
    const change: Parameters<PermanenceObserver>[0] = {
      before: empty,
      after: empty,
      at: 0,
      event: { type: "danger_marked", conversationId: "!a", by: "@alice" },
      commands: [
        {
          type: "notify_staff",
          notice: { kind: "danger_marked", reference: 4821, by: "@alice", onDuty: [] },
        },
      ],
    };
    expect(new FactTracker().factsOf(change)).toEqual([{ kind: "danger_marked" }]);
  });

  it("should count per day, read files written before it, and hide a small count in the report", () => {
    const day = countFact(countFact(emptyDay(), { kind: "danger_marked" }), {
      kind: "danger_marked",
    });
    expect(day.dangerMarks).toBe(2);
    // A file written before the count existed still loads, and reports 0.
    const old = statisticsFileSchema.parse({ "2026-11-02": emptyDay() });
    expect(buildTotal(old, { from: "2026-11-02", to: "2026-11-02" }).row.dangerMarks).toBe(0);

    const data = { "2026-11-02": day, "2026-11-03": { ...emptyDay(), dangerMarks: 1 } };
    const total = buildTotal(data, { from: "2026-11-02", to: "2026-11-03" });
    expect(total.row.dangerMarks).toBe(3);
    // Same threshold as every other count: 3 below 5 is hidden, and said so.
    const shown = suppressRow(total, 5);
    expect(shown.dangerMarks).toBeNull();
    expect(shown.suppressed).toContain("dangerMarks");
    expect(suppressRow(total, 3).dangerMarks).toBe(3);
    expect(
      toCsv([suppressRow(total, 3)])
        .split("\n")[1]
        ?.split(",")[8],
    ).toBe("3");
  });
});
