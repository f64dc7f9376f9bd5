import type { SampledRow, SuppressedRow } from "./statistics-report.ts";

// Small-cell suppression (issue 17): a count under the deployment's threshold (default 5, bot
// config `statistics.minimumCell`) could point to one youth ("2 youths of 15–17 wrote about incest
// this week"), so every report hides it. A count of 0 stays: it says that no one answered so, which
// points to no one, and hiding it would only hide how quiet a week was.
//
// Secondary suppression: a question's answers add up to a total the report also shows (forms
// filed, conversations), so one hidden cell could be recovered by subtracting the others from it.
// Whenever exactly one cell of a question is hidden, the next smallest non-zero cell of that
// question is hidden too. Medians and percentiles of fewer than the threshold values are hidden.

/** Is `n` a small cell: neither zero nor at least the threshold? */
export function isSmall(n: number, minimumCell: number): boolean {
  return n > 0 && n < minimumCell;
}

/**
 * The keys of one question's answers (or any counts that add up to a shown total) to hide: the
 * small ones, and when exactly one is small, the next smallest non-zero one too.
 */
export function suppressGroup(
  counts: Readonly<Record<string, number>>,
  minimumCell: number,
): Set<string> {
  const entries = Object.entries(counts);
  const hidden = new Set(entries.filter(([, n]) => isSmall(n, minimumCell)).map(([key]) => key));
  if (hidden.size === 1) {
    const next = entries
      .filter(([key, n]) => n > 0 && !hidden.has(key))
      .sort(([, a], [, b]) => a - b)[0];
    if (next !== undefined) hidden.add(next[0]);
  }
  return hidden;
}

/** Collects the paths of hidden cells while a row is rewritten. */
class Suppressor {
  readonly paths: string[] = [];
  constructor(readonly minimumCell: number) {}

  /** A count standing alone: hidden when small. */
  count(path: string, n: number): number | null {
    if (!isSmall(n, this.minimumCell)) return n;
    this.paths.push(path);
    return null;
  }

  /** A question's answers (at the top when `path` is ""): hidden as `suppressGroup` says. */
  tally(path: string, counts: Readonly<Record<string, number>>): Record<string, number | null> {
    const hidden = suppressGroup(counts, this.minimumCell);
    return Object.fromEntries(
      Object.entries(counts).map(([key, n]) => {
        if (!hidden.has(key)) return [key, n];
        this.paths.push(path === "" ? key : `${path}.${key}`);
        return [key, null];
      }),
    );
  }

  /** A median or percentile: hidden when taken from fewer than the threshold values. */
  statistic(path: string, value: number | null, values: number): number | null {
    if (value === null || values === 0 || values >= this.minimumCell) return value;
    this.paths.push(path);
    return null;
  }
}

/** The row as every report writes it: small cells null, and their paths in `suppressed`. */
export function suppressRow({ row, sample }: SampledRow, minimumCell: number): SuppressedRow {
  const s = new Suppressor(minimumCell);
  // Conversations end picked up, abandoned or not picked up: one question adding up to the total.
  const outcomes = s.tally("", {
    pickedUp: row.pickedUp,
    abandoned: row.abandoned,
    notPickedUp: row.notPickedUp,
  });
  const forms = row.caseForms;
  const feedback = row.feedback;
  const suppressed: Omit<SuppressedRow, "suppressed"> = {
    period: row.period,
    conversations: s.count("conversations", row.conversations),
    pickedUp: outcomes["pickedUp"] ?? null,
    abandoned: outcomes["abandoned"] ?? null,
    notPickedUp: outcomes["notPickedUp"] ?? null,
    closedVisits: s.count("closedVisits", row.closedVisits),
    offersTimedOut: s.count("offersTimedOut", row.offersTimedOut),
    handovers: s.count("handovers", row.handovers),
    dangerMarks: s.count("dangerMarks", row.dangerMarks),
    urgent: s.count("urgent", row.urgent),
    waitMedianSeconds: s.statistic("waitMedianSeconds", row.waitMedianSeconds, sample.waits),
    waitP90Seconds: s.statistic("waitP90Seconds", row.waitP90Seconds, sample.waits),
    durationMedianSeconds: s.statistic(
      "durationMedianSeconds",
      row.durationMedianSeconds,
      sample.durations,
    ),
    durationP90Seconds: s.statistic("durationP90Seconds", row.durationP90Seconds, sample.durations),
    languages: s.tally("languages", row.languages),
    writingAbout: row.writingAbout === null ? null : s.tally("writingAbout", row.writingAbout),
    caseForms:
      forms === null
        ? null
        : {
            filed: s.count("caseForms.filed", forms.filed),
            categories: s.tally("caseForms.categories", forms.categories),
            writer: s.tally("caseForms.writer", forms.writer),
            ageBand: s.tally("caseForms.ageBand", forms.ageBand),
            firstDisclosure: s.tally("caseForms.firstDisclosure", forms.firstDisclosure),
            offered: s.tally("caseForms.offered", forms.offered),
          },
    feedback:
      feedback === null
        ? null
        : {
            given: s.count("feedback.given", feedback.given),
            helped: s.tally("feedback.helped", feedback.helped),
            wouldWriteAgain: s.tally("feedback.wouldWriteAgain", feedback.wouldWriteAgain),
          },
  };
  return { ...suppressed, suppressed: s.paths };
}

/** Every row suppressed on its own (each row is a report's cell set of its own). */
export function suppressRows(rows: readonly SampledRow[], minimumCell: number): SuppressedRow[] {
  return rows.map((row) => suppressRow(row, minimumCell));
}

/**
 * Rows of a series shown beside the whole range's total (the HTML report's chart): each row
 * suppressed on its own, and the conversations of its periods as one more question adding up to
 * the total, so one hidden period cannot be recovered from the others.
 */
export function suppressSeries(rows: readonly SampledRow[], minimumCell: number): SuppressedRow[] {
  const hidden = suppressGroup(
    Object.fromEntries(rows.map(({ row }) => [row.period, row.conversations])),
    minimumCell,
  );
  return suppressRows(rows, minimumCell).map((row) =>
    !hidden.has(row.period) || row.conversations === null
      ? row
      : { ...row, conversations: null, suppressed: [...row.suppressed, "conversations"] },
  );
}
