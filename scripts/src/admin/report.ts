import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { toHtml } from "@helpline/bot/operations/statistics-html";
import { AdminError } from "./errors.ts";

// `npm run admin -- report`: the funder's report of one helpline and period, written as
// <helpline>-<from>-<to>.{html,pdf,csv,json}. The HTML is written first: when Chromium is
// missing, the PDF alone fails, with how to install it.

export interface ReportFiles {
  html: string;
  pdf: string;
  csv: string;
  json: string;
}

export function reportFiles(outDir: string, helplineId: string, from: string, to: string) {
  const base = path.join(outDir, `${helplineId}-${from}-${to}`);
  return {
    html: `${base}.html`,
    pdf: `${base}.pdf`,
    csv: `${base}.csv`,
    json: `${base}.json`,
  } satisfies ReportFiles;
}

/** Chromium's path: $CHROMIUM_PATH, else the distribution's /usr/bin/chromium. */
function chromiumPath(env: Record<string, string | undefined>): string {
  return env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
}

/** Prints the HTML file to PDF with headless Chromium (A4, backgrounds kept for the bars). */
async function printPdf(
  htmlFile: string,
  pdfFile: string,
  env: Record<string, string | undefined>,
): Promise<void> {
  const executablePath = chromiumPath(env);
  if (!existsSync(executablePath)) {
    throw new AdminError(
      `the HTML report is written (${htmlFile}), but not the PDF: there is no Chromium at ` +
        `${executablePath}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set ` +
        `CHROMIUM_PATH to a Chromium or Chrome binary, then run the report again.`,
    );
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    // Nothing may leave the machine, even if a page did ask for it.
    await page.route("**/*", (route) =>
      route.request().url().startsWith("file:") ? route.continue() : route.abort(),
    );
    await page.goto(`file://${htmlFile}`);
    await page.pdf({ path: pdfFile, format: "A4", printBackground: true });
  } finally {
    await browser.close();
  }
}

export interface WriteReport {
  outDir: string;
  helplineId: string;
  from: string;
  to: string;
  html: Parameters<typeof toHtml>[0];
  csv: string;
  json: string;
  env: Record<string, string | undefined>;
}

/** Writes the four files (private to the operator: 0600) and returns their paths. */
export async function writeReport(report: WriteReport): Promise<ReportFiles> {
  mkdirSync(report.outDir, { recursive: true, mode: 0o700 });
  const files = reportFiles(path.resolve(report.outDir), report.helplineId, report.from, report.to);
  writeFileSync(files.csv, report.csv, { mode: 0o600 });
  writeFileSync(files.json, report.json, { mode: 0o600 });
  writeFileSync(files.html, toHtml(report.html), { mode: 0o600 });
  await printPdf(files.html, files.pdf, report.env);
  return files;
}
