/** One line of the summary: a figure, its value, the target, and whether it is met. */
export interface Row {
  figure: string;
  value: string;
  target: string;
  /** null: no target, or the figure could not be measured. */
  met: boolean | null;
}

/** The summary table, in Markdown so it can be pasted into docs/benchmarks.md as printed. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.figure,
    row.value,
    row.target,
    row.met === null ? "–" : row.met ? "yes" : "NO",
  ]);
  const header = ["figure", "value", "target", "met?"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? "").length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...cells.map(line),
  ].join("\n");
}

export const ms = (value: number) => `${Math.round(value)} ms`;
/** kB = 1,024 bytes, as scripts/src/checks/landing-size.ts counts its 80 kB budget. */
export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
export const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
