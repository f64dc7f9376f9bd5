import "../support/node-polyfills.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { landingWeight } from "../../scripts/src/checks/landing-size.ts";
import { localDir, repoRoot } from "../../scripts/src/paths.ts";
import { launchChromium } from "../support/browser.ts";
import { startTestStack } from "../support/test-stack.ts";

/**
 * `npm run bench`: figures, not pass/fail. Starts a real Synapse and bot, then measures in Chromium
 * the time from pressing the start button to a ready composer, phase by phase, over repeated runs.
 */
const runs = Number(process.env.BENCH_RUNS ?? 20);
const phases = [
  ["registration", "helpline:start-pressed", "helpline:registered"],
  ["crypto set-up", "helpline:registered", "helpline:crypto-ready"],
  ["conversation", "helpline:crypto-ready", "helpline:conversation-created"],
  ["join", "helpline:conversation-created", "helpline:joined"],
  ["start to type", "helpline:start-pressed", "helpline:composer-ready"],
  ["cross-signing (background)", "helpline:start-pressed", "helpline:cross-signed"],
] as const;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

const stack = await startTestStack();
const browser = await launchChromium();
const samples = new Map<string, number[]>(phases.map(([name]) => [name, []]));
try {
  for (let run = 0; run < runs; run += 1) {
    // A fresh context per run: no cache, like a youth's first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stack.webUrl);
    // Let the page prefetch the chat engine while the youth would be reading, as in real use.
    await page.waitForLoadState("networkidle");
    await page.getByTestId("start-button").click();
    await page.getByTestId("composer").waitFor({ state: "visible", timeout: 60_000 });
    await page.waitForFunction(
      () => performance.getEntriesByName("helpline:cross-signed").length > 0,
    );
    const measured = await page.evaluate(
      (list) =>
        list.map(
          ({ name, from, to }) => [name, performance.measure(name, from, to).duration] as const,
        ),
      phases.map(([name, from, to]) => ({ name, from, to })),
    );
    for (const [name, duration] of measured) samples.get(name)?.push(duration);
    await context.close();
  }
} finally {
  await browser.close();
  await stack.stop();
}

const landing = landingWeight(path.join(repoRoot, "web-client", "dist"));
const results = {
  date: new Date().toISOString(),
  database: stack.database.kind,
  runs,
  startToType: Object.fromEntries(
    [...samples].map(([name, values]) => [
      name,
      { p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)) },
    ]),
  ),
  landingGzipBytes: landing.total,
};

console.log(`\nStart to type, ${runs} runs in Chromium, Synapse on ${results.database} (ms)`);
console.log("phase".padEnd(30) + "p50".padStart(8) + "p95".padStart(8));
for (const [name, { p50, p95 }] of Object.entries(results.startToType)) {
  console.log(name.padEnd(30) + String(p50).padStart(8) + String(p95).padStart(8));
}
console.log(`\nLanding page: ${(landing.total / 1024).toFixed(1)} kB gzip (JS + CSS)`);
const out = path.join(localDir, "bench");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`JSON: ${path.relative(process.cwd(), path.join(out, "results.json"))}`);
