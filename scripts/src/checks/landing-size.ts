import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "../paths.ts";

/**
 * The youth may be on a weak phone connection: the landing page (what index.html loads before the
 * start button is pressed) must stay within budget. The chat engine loads lazily afterwards.
 * The texts are not in index.html's assets: each page loads the one catalog of its helpline's
 * language and register ("tu" for minors, "vous" for adults) as a chunk of its own, so each kind
 * of first screen (landing + its catalog) is weighed against the same budget.
 */
export const landingBudgetBytes = 80 * 1024;

export function landingAssets(indexHtml: string): string[] {
  const assets = new Set<string>();
  const pattern = /<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"[^>]*>/g;
  for (const match of indexHtml.matchAll(pattern)) if (match[1]) assets.add(match[1]);
  return [...assets];
}

export function landingWeight(distDir: string): { total: number; files: [string, number][] } {
  const html = readFileSync(path.join(distDir, "index.html"), "utf8");
  const files = landingAssets(html).map((asset): [string, number] => [
    asset,
    gzipSync(readFileSync(path.join(distDir, asset.replace(/^\//, "")))).length,
  ]);
  return { total: files.reduce((sum, [, size]) => sum + size, 0), files };
}

/** The asset's name without its content hash: "/assets/index-CzEjmyGk.js" → "index.js". */
export function assetLabel(asset: string): string {
  return path.basename(asset).replace(/-[\w-]{8}(\.\w+)$/, "$1");
}

/**
 * The chunks (by their labels, see assetLabel) each kind of page loads before it shows its first
 * screen: its catalog (web-client/src/i18n/index.ts; an ended service's page is in the landing
 * bundle, as a lazy chunk of its own cost more than it saved). A chunk renamed there must be
 * renamed here: the check fails rather than weigh less than the page loads.
 */
export const firstScreenChunks: readonly { readonly page: string; readonly chunks: string[] }[] = [
  { page: "minors, French", chunks: ["fr.js"] },
  { page: "minors, Dutch", chunks: ["nl.js"] },
  { page: "adults, French", chunks: ["fr-formal.js"] },
  { page: "adults, Dutch", chunks: ["nl-formal.js"] },
  { page: "English, both registers", chunks: ["en.js"] },
];

/** The chunks a built chunk imports statically ("./fr-common-X.js"), as bare file names. */
export function chunkImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([^"']+\.js)["']/g)) {
    if (match[1]) found.add(match[1]);
  }
  return [...found];
}

/**
 * What each kind of page loads before its first screen: the landing page's assets, then its
 * chunks and whatever they import, each file counted once.
 */
export function firstScreenWeights(
  distDir: string,
): { page: string; total: number; files: [string, number][] }[] {
  const landing = landingWeight(distDir);
  const assetsDir = path.join(distDir, "assets");
  const names = readdirSync(assetsDir);
  return firstScreenChunks.map(({ page, chunks }) => {
    const seen = new Set(landing.files.map(([asset]) => path.basename(asset)));
    const files: [string, number][] = [...landing.files];
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const code = readFileSync(path.join(assetsDir, name));
      files.push([`/assets/${name}`, gzipSync(code).length]);
      for (const imported of chunkImports(code.toString("utf8"))) visit(imported);
    };
    for (const label of chunks) {
      const chunk = names.find((name) => assetLabel(name) === label);
      if (chunk === undefined) {
        throw new Error(`${assetsDir}: no chunk ${label} for the first screen of ${page} pages`);
      }
      visit(chunk);
    }
    return { page, total: files.reduce((sum, [, size]) => sum + size, 0), files };
  });
}

/**
 * One line per asset, in bytes (the budget is tight enough that 0.1 kB hides what a change
 * costs), then the total against the budget.
 */
export function landingReport(
  { total, files }: ReturnType<typeof landingWeight>,
  what = "landing page",
): string[] {
  const bytes = (n: number) => `${n.toLocaleString("en")} B`;
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const margin = landingBudgetBytes - total;
  return [
    ...files.map(([file, size]) => `  ${file}: ${bytes(size)} gzip (${kB(size)})`),
    `  ${what}: ${bytes(total)} gzip (${kB(total)}), ` +
      (margin >= 0
        ? `within the ${landingBudgetBytes / 1024} kB budget, ${bytes(margin)} to spare`
        : `OVER the ${landingBudgetBytes / 1024} kB budget by ${bytes(-margin)}`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.join(repoRoot, "web-client", "dist");
  const weight = landingWeight(dist);
  for (const line of landingReport(weight)) console.log(line);
  let over = weight.total > landingBudgetBytes;
  for (const screen of firstScreenWeights(dist)) {
    // The landing page's lines once only, above; then each page's own chunks and its total.
    const own = { total: screen.total, files: screen.files.slice(weight.files.length) };
    for (const line of landingReport(own, `first screen (${screen.page})`)) console.log(line);
    over ||= screen.total > landingBudgetBytes;
  }
  if (over) process.exit(1);
}
