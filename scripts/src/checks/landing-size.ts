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

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, files } = landingWeight(path.join(repoRoot, "web-client", "dist"));
  for (const [file, size] of files) console.log(`  ${file}: ${(size / 1024).toFixed(1)} kB gzip`);
  const verdict = total <= landingBudgetBytes ? "within" : "OVER";
  console.log(
    `  landing page: ${(total / 1024).toFixed(1)} kB gzip, ${verdict} the ${landingBudgetBytes / 1024} kB budget`,
  );
  if (total > landingBudgetBytes) process.exit(1);
}
