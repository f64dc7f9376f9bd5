import type { Language } from "@helpline/contract";
import { reportLabels, type ReportLabels } from "./statistics-labels.ts";
import type { SuppressedRow } from "./statistics-report.ts";

// The report a funder reads: one self-contained HTML page (inline CSS, inline SVG charts, no
// script, nothing loaded from elsewhere, and a CSP that forbids it anyway), printed to PDF by the
// admin CLI. Pure: it renders rows that are already suppressed. A hidden count reads "masqué"
// (hidden), never "<5": the second cell hidden with a small one may be larger.

export interface HtmlReport {
  helplineName: string;
  language: Language;
  from: string;
  to: string;
  minimumCell: number;
  /** The whole range as one suppressed row. */
  total: SuppressedRow;
  /** The range by period, suppressed as a series (statistics-suppression.ts suppressSeries). */
  series: readonly SuppressedRow[];
  /** Labels of a helpline's own answer ids (its case categories), by id. */
  answerLabels?: Readonly<Record<string, string>>;
}

const escapeHtml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const css = `
body{font-family:system-ui,sans-serif;color:#1a1a1a;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .8rem;border-bottom:1px solid #e3e3e3;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.suppressed{color:#8a4b00;font-style:italic}
.note{background:#f4f1ea;border-left:4px solid #8a4b00;padding:.6rem 1rem}
section{break-inside:avoid}svg{max-width:100%;height:auto}
`;

/** A count as shown: the number, or the marked word of a suppressed one. */
function countCell(n: number | null, labels: ReportLabels): string {
  return n === null ? hiddenCell(labels) : `<td class="n">${n}</td>`;
}

const hiddenCell = (labels: ReportLabels) =>
  `<td class="n suppressed" data-suppressed="true">${escapeHtml(labels.hidden)}</td>`;

/** A horizontal bar chart of one question's answers; a suppressed answer has no bar. */
function barChart(
  entries: readonly [string, number | null][],
  labels: ReportLabels,
  title: string,
): string {
  const rowHeight = 22;
  const labelWidth = 260;
  const barSpace = 300;
  const width = labelWidth + barSpace + 60;
  const height = entries.length * rowHeight + 8;
  const highest = Math.max(1, ...entries.map(([, n]) => n ?? 0));
  const bars = entries.map(([label, n], index) => {
    const y = 4 + index * rowHeight;
    const length = ((n ?? 0) / highest) * barSpace;
    const shown = n === null ? labels.hidden : String(n);
    return (
      `<text x="${labelWidth - 6}" y="${y + 15}" font-size="12" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${length}" height="${rowHeight - 6}" fill="#4a7fb0"/>` +
      `<text x="${labelWidth + length + 4}" y="${y + 15}" font-size="12"${n === null ? ' fill="#8a4b00"' : ""}>${escapeHtml(shown)}</text>`
    );
  });
  return (
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    bars.join("") +
    `</svg>`
  );
}

/** One question: its chart and its table, or a line saying no one answered. */
function question(
  title: string,
  tally: Readonly<Record<string, number | null>> | null | undefined,
  labelOf: (id: string) => string,
  labels: ReportLabels,
): string {
  const entries = Object.entries(tally ?? {}).map(
    ([id, n]) => [labelOf(id), n] as [string, number | null],
  );
  const body =
    entries.length === 0
      ? `<p>${escapeHtml(labels.noData)}</p>`
      : barChart(entries, labels, title) +
        `<table><thead><tr><th>${escapeHtml(labels.answer)}</th><th>${escapeHtml(labels.count)}</th></tr></thead><tbody>` +
        entries
          .map(([label, n]) => `<tr><td>${escapeHtml(label)}</td>${countCell(n, labels)}</tr>`)
          .join("") +
        `</tbody></table>`;
  return `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

export function toHtml(report: HtmlReport): string {
  const labels = reportLabels[report.language];
  const { total, minimumCell } = report;
  const labelOf = (id: string) => report.answerLabels?.[id] ?? labels.answers[id] ?? id;
  const median = (seconds: number | null, sample: string) =>
    seconds === null
      ? total.suppressed.includes(sample)
        ? hiddenCell(labels)
        : `<td class="n">–</td>`
      : `<td class="n">${escapeHtml(labels.minutes(seconds))}</td>`;
  const figure = (label: string, cellHtml: string) =>
    `<tr><th scope="row">${escapeHtml(label)}</th>${cellHtml}</tr>`;
  const f = labels.figures;
  const overview = [
    figure(f.conversations, countCell(total.conversations, labels)),
    figure(f.pickedUp, countCell(total.pickedUp, labels)),
    figure(f.abandoned, countCell(total.abandoned, labels)),
    figure(f.notPickedUp, countCell(total.notPickedUp, labels)),
    figure(f.closedVisits, countCell(total.closedVisits, labels)),
    figure(f.handovers, countCell(total.handovers, labels)),
    figure(f.dangerMarks, countCell(total.dangerMarks, labels)),
    figure(f.urgent, countCell(total.urgent, labels)),
    figure(f.waitMedian, median(total.waitMedianSeconds, "waitMedianSeconds")),
    figure(f.durationMedian, median(total.durationMedianSeconds, "durationMedianSeconds")),
    // No form (or feedback) at all is 0; a suppressed count is null and must stay marked.
    figure(f.formsFiled, countCell(total.caseForms === null ? 0 : total.caseForms.filed, labels)),
    figure(f.feedbackGiven, countCell(total.feedback === null ? 0 : total.feedback.given, labels)),
  ].join("");
  const s = labels.sections;
  const q = (title: string, tally: Readonly<Record<string, number | null>> | null | undefined) =>
    question(title, tally, labelOf, labels);
  const series = Object.fromEntries(report.series.map((row) => [row.period, row.conversations]));
  const sections = [
    `<section><h2>${escapeHtml(s.overview)}</h2><table><tbody>${overview}</tbody></table></section>`,
    q(s.series, series),
    q(s.languages, total.languages),
    ...(total.writingAbout === null ? [] : [q(s.writingAbout, total.writingAbout)]),
    q(s.categories, total.caseForms?.categories),
    q(s.writer, total.caseForms?.writer),
    q(s.ageBand, total.caseForms?.ageBand),
    q(s.firstDisclosure, total.caseForms?.firstDisclosure),
    q(s.offered, total.caseForms?.offered),
    q(s.helped, total.feedback?.helped),
    q(s.wouldWriteAgain, total.feedback?.wouldWriteAgain),
  ];
  return [
    "<!doctype html>",
    `<html lang="${report.language}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(`${labels.title} – ${report.helplineName}`)}</title>`,
    `<style>${css}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(`${labels.title} – ${report.helplineName}`)}</h1>`,
    `<p>${escapeHtml(labels.period(report.from, report.to))}</p>`,
    `<div class="note"><strong>${escapeHtml(labels.suppressionTitle)}.</strong> ${escapeHtml(labels.suppressionText(minimumCell))}</div>`,
    ...sections,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
