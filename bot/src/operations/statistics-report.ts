import { emptyDay, type DailyAggregate, type StatisticsFile } from "./statistics-store.ts";

type WritingAboutTally = NonNullable<DailyAggregate["writingAbout"]>;

/** Both tallies summed; null only when neither day asked the question. */
function mergeWritingAbout(
  a: WritingAboutTally | undefined,
  b: WritingAboutTally | undefined,
): WritingAboutTally | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return {
    self: a.self + b.self,
    "close-one": a["close-one"] + b["close-one"],
    unanswered: a.unanswered + b.unanswered,
  };
}

// The statistics report: daily aggregates summed by day, ISO week (Monday first) or month, and
// written as CSV, JSON or an SVG bar chart. Pure: the CLI reads the file and prints the result.

export type Period = "day" | "week" | "month";

type CaseFormsTally = NonNullable<DailyAggregate["caseForms"]>;
type FeedbackTally = NonNullable<DailyAggregate["feedback"]>;

/**
 * One period's figures. `N` is a count's type: a number here, `number | null` once small cells
 * are suppressed (statistics-suppression.ts).
 */
export interface ReportRow<N = number> {
  /** First day of the period (YYYY-MM-DD). */
  period: string;
  conversations: N;
  pickedUp: N;
  abandoned: N;
  notPickedUp: N;
  closedVisits: N;
  offersTimedOut: N;
  handovers: N;
  /** Conversations marked "danger to life". */
  dangerMarks: N;
  /** Waiting youths who said "I am in danger now" (0 in days before it could be said). */
  urgent: N;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  durationMedianSeconds: number | null;
  durationP90Seconds: number | null;
  languages: Record<string, N>;
  /** Answers to "about myself / about someone close"; null when the service did not ask. */
  writingAbout: Record<string, N> | null;
  /** Counsellors' case forms, each question on its own; null when none was filed. */
  caseForms: {
    filed: N;
    categories: Record<string, N>;
    writer: Record<string, N>;
    ageBand: Record<string, N>;
    firstDisclosure: Record<string, N>;
    offered: Record<string, N>;
  } | null;
  /** Youths' feedback, each question on its own; null when none was given. */
  feedback: { given: N; helped: Record<string, N>; wouldWriteAgain: Record<string, N> } | null;
}

/**
 * How many values a median or percentile was taken from: kept apart from the row (never
 * written) so suppression can hide a median of too few.
 */
export interface ReportSample {
  waits: number;
  durations: number;
}

/** Median of sorted values: the middle one, or the mean of the two middle ones. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? null;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile of sorted values: the smallest value with p% of values at or below. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

const optionalTally = (tally: WritingAboutTally | undefined) =>
  tally === undefined ? {} : { writingAbout: tally };

const dayMs = 86_400_000;

function parseDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first day of the period that contains `day`. */
export function periodStart(day: string, by: Period): string {
  if (by === "day") return day;
  if (by === "month") return `${day.slice(0, 7)}-01`;
  const ms = parseDay(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return formatDay(ms - weekday * dayMs);
}

/** Both tallies summed key by key. */
function addTallies(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

function mergeCaseForms(
  a: CaseFormsTally | undefined,
  b: CaseFormsTally | undefined,
): CaseFormsTally | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return {
    filed: a.filed + b.filed,
    categories: addTallies(a.categories, b.categories),
    writer: addTallies(a.writer, b.writer),
    ageBand: addTallies(a.ageBand, b.ageBand),
    firstDisclosure: addTallies(a.firstDisclosure, b.firstDisclosure),
    offered: addTallies(a.offered, b.offered),
  };
}

function mergeFeedback(
  a: FeedbackTally | undefined,
  b: FeedbackTally | undefined,
): FeedbackTally | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return {
    given: a.given + b.given,
    helped: addTallies(a.helped, b.helped),
    wouldWriteAgain: addTallies(a.wouldWriteAgain, b.wouldWriteAgain),
  };
}

const sortedKeys = (tally: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(tally).sort(([a], [b]) => a.localeCompare(b)));

function merge(a: DailyAggregate, b: DailyAggregate): DailyAggregate {
  const languages = addTallies(a.languages, b.languages);
  const caseForms = mergeCaseForms(a.caseForms, b.caseForms);
  const feedback = mergeFeedback(a.feedback, b.feedback);
  return {
    conversations: a.conversations + b.conversations,
    pickedUp: a.pickedUp + b.pickedUp,
    abandoned: a.abandoned + b.abandoned,
    notPickedUp: a.notPickedUp + b.notPickedUp,
    closedVisits: a.closedVisits + b.closedVisits,
    offersTimedOut: a.offersTimedOut + b.offersTimedOut,
    handovers: a.handovers + b.handovers,
    ...((a.dangerMarks ?? b.dangerMarks) === undefined
      ? {}
      : { dangerMarks: (a.dangerMarks ?? 0) + (b.dangerMarks ?? 0) }),
    urgent: (a.urgent ?? 0) + (b.urgent ?? 0),
    waitSeconds: [...a.waitSeconds, ...b.waitSeconds].sort((x, y) => x - y),
    durationSeconds: [...a.durationSeconds, ...b.durationSeconds].sort((x, y) => x - y),
    languages,
    ...optionalTally(mergeWritingAbout(a.writingAbout, b.writingAbout)),
    ...(caseForms === undefined ? {} : { caseForms }),
    ...(feedback === undefined ? {} : { feedback }),
  };
}

/** A period's row from its summed days. */
function rowOf(period: string, total: DailyAggregate): ReportRow {
  const forms = total.caseForms;
  const feedback = total.feedback;
  return {
    period,
    conversations: total.conversations,
    pickedUp: total.pickedUp,
    abandoned: total.abandoned,
    notPickedUp: total.notPickedUp,
    closedVisits: total.closedVisits,
    offersTimedOut: total.offersTimedOut,
    handovers: total.handovers,
    dangerMarks: total.dangerMarks ?? 0,
    urgent: total.urgent ?? 0,
    waitMedianSeconds: median(total.waitSeconds),
    waitP90Seconds: percentile(total.waitSeconds, 90),
    durationMedianSeconds: median(total.durationSeconds),
    durationP90Seconds: percentile(total.durationSeconds, 90),
    languages: sortedKeys(total.languages),
    writingAbout: total.writingAbout ?? null,
    caseForms:
      forms === undefined
        ? null
        : {
            filed: forms.filed,
            categories: sortedKeys(forms.categories),
            writer: sortedKeys(forms.writer),
            ageBand: sortedKeys(forms.ageBand),
            firstDisclosure: sortedKeys(forms.firstDisclosure),
            offered: sortedKeys(forms.offered),
          },
    feedback:
      feedback === undefined
        ? null
        : {
            given: feedback.given,
            helped: sortedKeys(feedback.helped),
            wouldWriteAgain: sortedKeys(feedback.wouldWriteAgain),
          },
  };
}

/** Rows with the number of waits and durations each median was taken from. */
export interface SampledRow {
  row: ReportRow;
  sample: ReportSample;
}

/** The days from `from` to `to` (inclusive) summed by the key `keyOf` gives each day. */
function sumDays(
  data: StatisticsFile,
  range: { from: string; to: string },
  keyOf: (day: string) => string,
): SampledRow[] {
  const periods = new Map<string, DailyAggregate>();
  for (let ms = parseDay(range.from); ms <= parseDay(range.to); ms += dayMs) {
    const day = formatDay(ms);
    const key = keyOf(day);
    periods.set(key, merge(periods.get(key) ?? emptyDay(), data[day] ?? emptyDay()));
  }
  return [...periods.entries()].map(([period, total]) => ({
    row: rowOf(period, total),
    sample: { waits: total.waitSeconds.length, durations: total.durationSeconds.length },
  }));
}

/**
 * One row per period from `from` to `to` (inclusive days), empty periods included so a chart
 * shows the gaps. Days outside the range are not counted, even inside a period that overlaps it.
 */
export function buildSampledReport(
  data: StatisticsFile,
  range: { from: string; to: string },
  by: Period,
): SampledRow[] {
  return sumDays(data, range, (day) => periodStart(day, by));
}

/** The same rows without their samples (what the report writes before suppression). */
export function buildReport(
  data: StatisticsFile,
  range: { from: string; to: string },
  by: Period,
): ReportRow[] {
  return buildSampledReport(data, range, by).map(({ row }) => row);
}

/** The whole range as one row, its period being `from`. */
export function buildTotal(data: StatisticsFile, range: { from: string; to: string }): SampledRow {
  const [total] = sumDays(data, range, () => range.from);
  if (total === undefined) throw new Error(`empty range ${range.from}..${range.to}`);
  return total;
}

/** A row as every report writes it: small cells null, their paths (`languages.fr`) listed. */
export type SuppressedRow = ReportRow<number | null> & { suppressed: readonly string[] };

const columns = [
  "period",
  "conversations",
  "pickedUp",
  "abandoned",
  "notPickedUp",
  "closedVisits",
  "offersTimedOut",
  "handovers",
  "dangerMarks",
  "urgent",
  "waitMedianSeconds",
  "waitP90Seconds",
  "durationMedianSeconds",
  "durationP90Seconds",
] as const satisfies readonly (keyof SuppressedRow)[];

const snake = (name: string) => name.replace(/([A-Z])/g, "_$1").toLowerCase();

/** `fr=3;nl=1`: a tally in one CSV cell; a suppressed count is left empty (`nl=`). */
const tallyCell = (tally: Readonly<Record<string, number | null>> | null | undefined): string =>
  Object.entries(tally ?? {})
    .map(([key, n]) => `${key}=${n ?? ""}`)
    .join(";");

const cell = (value: number | string | null | undefined): string =>
  value === null || value === undefined ? "" : String(value);

/**
 * CSV with a header line; an unknown or suppressed number is an empty cell; tallies as
 * `fr=3;nl=1` (empty when the question was not asked, or no form or feedback came); the last
 * column lists the suppressed cells (`conversations;languages.nl`), so an empty cell that hides a
 * small count is told apart from an unknown one.
 */
export function toCsv(rows: readonly SuppressedRow[]): string {
  const header = [
    ...columns.map(snake),
    "languages",
    "writing_about",
    "case_forms_filed",
    "case_form_categories",
    "case_form_writer",
    "case_form_age_band",
    "case_form_first_disclosure",
    "case_form_offered",
    "feedback_given",
    "feedback_helped",
    "feedback_would_write_again",
    "suppressed",
  ].join(",");
  const lines = rows.map((row) =>
    [
      ...columns.map((column) => cell(row[column])),
      tallyCell(row.languages),
      tallyCell(row.writingAbout),
      cell(row.caseForms?.filed),
      tallyCell(row.caseForms?.categories),
      tallyCell(row.caseForms?.writer),
      tallyCell(row.caseForms?.ageBand),
      tallyCell(row.caseForms?.firstDisclosure),
      tallyCell(row.caseForms?.offered),
      cell(row.feedback?.given),
      tallyCell(row.feedback?.helped),
      tallyCell(row.feedback?.wouldWriteAgain),
      row.suppressed.join(";"),
    ].join(","),
  );
  return [header, ...lines].join("\n") + "\n";
}

/** `minimumCell` says what a null count hides: a number from 1 to minimumCell - 1. */
export function toJson(rows: readonly SuppressedRow[], by: Period, minimumCell: number): string {
  return JSON.stringify({ by, minimumCell, rows }, null, 2) + "\n";
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A bar chart of conversations per period (abandoned in a darker part of each bar); a suppressed
 * count draws no bar and reads "hidden" (`<minimumCell` would be wrong for a second cell hidden
 * with a small one, which may be larger).
 */
export function toSvg(rows: readonly SuppressedRow[], by: Period): string {
  const barWidth = 28;
  const gap = 8;
  const chartHeight = 200;
  const left = 40;
  const top = 30;
  const bottom = 60;
  const width = left + rows.length * (barWidth + gap) + gap;
  const height = top + chartHeight + bottom;
  const highest = Math.max(1, ...rows.map((row) => row.conversations ?? 0));
  const scale = chartHeight / highest;
  const title = `Conversations by ${by}`;
  const bars = rows.map((row, index) => {
    const x = left + gap + index * (barWidth + gap);
    const total = (row.conversations ?? 0) * scale;
    const abandoned = (row.abandoned ?? 0) * scale;
    const base = top + chartHeight;
    const shown = (n: number | null) => (n === null ? "hidden" : String(n));
    const label = `${row.period}: ${shown(row.conversations)} conversations, ${shown(row.abandoned)} abandoned`;
    return [
      `<g><title>${escapeXml(label)}</title>`,
      `<rect x="${x}" y="${base - total}" width="${barWidth}" height="${total}" fill="#4a90c2"/>`,
      `<rect x="${x}" y="${base - abandoned}" width="${barWidth}" height="${abandoned}" fill="#1f4e6e"/>`,
      `<text x="${x + barWidth / 2}" y="${base - total - 4}" font-size="11" text-anchor="middle">${escapeXml(shown(row.conversations))}</text>`,
      `<text x="${x + barWidth / 2}" y="${base + 12}" font-size="9" text-anchor="end" transform="rotate(-45 ${x + barWidth / 2} ${base + 12})">${escapeXml(row.period)}</text>`,
      `</g>`,
    ].join("");
  });
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
      `<title>${escapeXml(title)}</title>`,
      `<text x="${left}" y="18" font-size="14">${escapeXml(title)} (dark: abandoned before pickup)</text>`,
      `<line x1="${left}" y1="${top + chartHeight}" x2="${width}" y2="${top + chartHeight}" stroke="#333"/>`,
      ...bars,
      `</svg>`,
    ].join("\n") + "\n"
  );
}
