import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "../paths.ts";

/**
 * The youth may be on a weak phone connection: the landing page (what index.html loads before the
 * start button is pressed) must stay within budget. The chat engine loads lazily afterwards.
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
 * One line per asset, in bytes (the budget is tight enough that 0.1 kB hides what a change
 * costs), then the total against the budget.
 */
export function landingReport({ total, files }: ReturnType<typeof landingWeight>): string[] {
  const bytes = (n: number) => `${n.toLocaleString("en")} B`;
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const margin = landingBudgetBytes - total;
  return [
    ...files.map(([file, size]) => `  ${file}: ${bytes(size)} gzip (${kB(size)})`),
    `  landing page: ${bytes(total)} gzip (${kB(total)}), ` +
      (margin >= 0
        ? `within the ${landingBudgetBytes / 1024} kB budget, ${bytes(margin)} to spare`
        : `OVER the ${landingBudgetBytes / 1024} kB budget by ${bytes(-margin)}`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const weight = landingWeight(path.join(repoRoot, "web-client", "dist"));
  for (const line of landingReport(weight)) console.log(line);
  if (weight.total > landingBudgetBytes) process.exit(1);
}
