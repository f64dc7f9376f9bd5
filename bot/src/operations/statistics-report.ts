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

export interface ReportRow {
  /** First day of the period (YYYY-MM-DD). */
  period: string;
  conversations: number;
  pickedUp: number;
  abandoned: number;
  notPickedUp: number;
  closedVisits: number;
  offersTimedOut: number;
  handovers: number;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  durationMedianSeconds: number | null;
  durationP90Seconds: number | null;
  languages: Record<string, number>;
  /** Answers to "about myself / about someone close"; null when the service did not ask. */
  writingAbout: WritingAboutTally | null;
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

function merge(a: DailyAggregate, b: DailyAggregate): DailyAggregate {
  const languages = { ...a.languages };
  for (const [language, n] of Object.entries(b.languages)) {
    languages[language] = (languages[language] ?? 0) + n;
  }
  return {
    conversations: a.conversations + b.conversations,
    pickedUp: a.pickedUp + b.pickedUp,
    abandoned: a.abandoned + b.abandoned,
    notPickedUp: a.notPickedUp + b.notPickedUp,
    closedVisits: a.closedVisits + b.closedVisits,
    offersTimedOut: a.offersTimedOut + b.offersTimedOut,
    handovers: a.handovers + b.handovers,
    waitSeconds: [...a.waitSeconds, ...b.waitSeconds].sort((x, y) => x - y),
    durationSeconds: [...a.durationSeconds, ...b.durationSeconds].sort((x, y) => x - y),
    languages,
    ...optionalTally(mergeWritingAbout(a.writingAbout, b.writingAbout)),
  };
}

/**
 * One row per period from `from` to `to` (inclusive days), empty periods included so a chart
 * shows the gaps. Days outside the range are not counted, even inside a period that overlaps it.
 */
export function buildReport(
  data: StatisticsFile,
  range: { from: string; to: string },
  by: Period,
): ReportRow[] {
  const periods = new Map<string, DailyAggregate>();
  for (let ms = parseDay(range.from); ms <= parseDay(range.to); ms += dayMs) {
    const day = formatDay(ms);
    const key = periodStart(day, by);
    periods.set(key, merge(periods.get(key) ?? emptyDay(), data[day] ?? emptyDay()));
  }
  return [...periods.entries()].map(([period, total]) => ({
    period,
    conversations: total.conversations,
    pickedUp: total.pickedUp,
    abandoned: total.abandoned,
    notPickedUp: total.notPickedUp,
    closedVisits: total.closedVisits,
    offersTimedOut: total.offersTimedOut,
    handovers: total.handovers,
    waitMedianSeconds: median(total.waitSeconds),
    waitP90Seconds: percentile(total.waitSeconds, 90),
    durationMedianSeconds: median(total.durationSeconds),
    durationP90Seconds: percentile(total.durationSeconds, 90),
    languages: Object.fromEntries(
      Object.entries(total.languages).sort(([a], [b]) => a.localeCompare(b)),
    ),
    writingAbout: total.writingAbout ?? null,
  }));
}

const columns: (keyof Omit<ReportRow, "languages" | "writingAbout">)[] = [
  "period",
  "conversations",
  "pickedUp",
  "abandoned",
  "notPickedUp",
  "closedVisits",
  "offersTimedOut",
  "handovers",
  "waitMedianSeconds",
  "waitP90Seconds",
  "durationMedianSeconds",
  "durationP90Seconds",
];

const snake = (name: string) => name.replace(/([A-Z])/g, "_$1").toLowerCase();

/** `fr=3;nl=1`: a tally in one CSV cell. */
const tallyCell = (tally: Readonly<Record<string, number>> | null): string =>
  Object.entries(tally ?? {})
    .map(([key, n]) => `${key}=${n}`)
    .join(";");

/**
 * CSV with a header line; an unknown median is an empty cell; languages as `fr=3;nl=1`, and the
 * answers to "about myself / about someone close" as `self=2;close-one=1;unanswered=0` (empty
 * when the service did not ask).
 */
export function toCsv(rows: readonly ReportRow[]): string {
  const header = [...columns.map(snake), "languages", "writing_about"].join(",");
  const lines = rows.map((row) =>
    [
      ...columns.map((column) => (row[column] === null ? "" : String(row[column]))),
      tallyCell(row.languages),
      tallyCell(row.writingAbout),
    ].join(","),
  );
  return [header, ...lines].join("\n") + "\n";
}

export function toJson(rows: readonly ReportRow[], by: Period): string {
  return JSON.stringify({ by, rows }, null, 2) + "\n";
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A bar chart of conversations per period (abandoned in a darker part of each bar). */
export function toSvg(rows: readonly ReportRow[], by: Period): string {
  const barWidth = 28;
  const gap = 8;
  const chartHeight = 200;
  const left = 40;
  const top = 30;
  const bottom = 60;
  const width = left + rows.length * (barWidth + gap) + gap;
  const height = top + chartHeight + bottom;
  const highest = Math.max(1, ...rows.map((row) => row.conversations));
  const scale = chartHeight / highest;
  const title = `Conversations by ${by}`;
  const bars = rows.map((row, index) => {
    const x = left + gap + index * (barWidth + gap);
    const total = row.conversations * scale;
    const abandoned = row.abandoned * scale;
    const base = top + chartHeight;
    const label = `${row.period}: ${row.conversations} conversations, ${row.abandoned} abandoned`;
    return [
      `<g><title>${escapeXml(label)}</title>`,
      `<rect x="${x}" y="${base - total}" width="${barWidth}" height="${total}" fill="#4a90c2"/>`,
      `<rect x="${x}" y="${base - abandoned}" width="${barWidth}" height="${abandoned}" fill="#1f4e6e"/>`,
      `<text x="${x + barWidth / 2}" y="${base - total - 4}" font-size="11" text-anchor="middle">${row.conversations}</text>`,
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
