import type { Browser } from "playwright-core";
import type { TestStack } from "../support/test-stack.ts";
import { spread, withTimeout, type Spread } from "./stats.ts";
import { ms, type Row } from "./table.ts";

// Figure 1: from pressing the start button to a ready composer, in Chromium, phase by phase,
// from the page's own performance marks (web-client/src, `helpline:*`).

const phases = [
  ["registration", "helpline:start-pressed", "helpline:registered"],
  ["crypto set-up", "helpline:registered", "helpline:crypto-ready"],
  ["conversation", "helpline:crypto-ready", "helpline:conversation-created"],
  ["join", "helpline:conversation-created", "helpline:joined"],
  ["start to type", "helpline:start-pressed", "helpline:composer-ready"],
  ["cross-signing (background)", "helpline:start-pressed", "helpline:cross-signed"],
] as const;

export interface StartToType {
  runs: number;
  /** Runs that did not reach a ready composer (and cross-signing) within 30 s, and why. */
  failures: string[];
  phases: Record<string, Spread>;
}

export async function measureStartToType(
  stack: TestStack,
  browser: Browser,
  options: { runs: number; until: number },
): Promise<StartToType> {
  const samples = new Map<string, number[]>(phases.map(([name]) => [name, []]));
  let runs = 0;
  const failures: string[] = [];
  for (let run = 0; run < options.runs && Date.now() < options.until; run += 1) {
    // A fresh context per run: no cache, like a youth's first visit.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(stack.webUrl);
      // Let the page prefetch the chat engine while the youth would be reading, as in real use.
      await page.waitForLoadState("networkidle", { timeout: 30_000 });
      await page.getByTestId("start-button").click();
      await page.getByTestId("composer").waitFor({ state: "visible", timeout: 30_000 });
      await page.waitForFunction(
        () => performance.getEntriesByName("helpline:cross-signed").length > 0,
        undefined,
        { timeout: 30_000 },
      );
      const measured = await withTimeout(
        page.evaluate(
          (list) =>
            list.map(
              ({ name, from, to }) => [name, performance.measure(name, from, to).duration] as const,
            ),
          phases.map(([name, from, to]) => ({ name, from, to })),
        ),
        10_000,
        "the page's marks",
      );
      for (const [name, duration] of measured) samples.get(name)?.push(duration);
      runs += 1;
    } catch (error) {
      // One slow or failed run is a figure too, not the end of the series.
      failures.push(error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error));
    } finally {
      await context.close();
    }
  }
  return {
    runs,
    failures,
    phases: Object.fromEntries([...samples].map(([name, values]) => [name, spread(values)])),
  };
}

export function startToTypeRows(result: StartToType): Row[] {
  const total = result.phases["start to type"];
  if (!total || total.n === 0) {
    return [{ figure: "start to type", value: "not measured", target: "", met: null }];
  }
  return [
    {
      figure: `start to type p50 (${result.runs} runs, ${result.failures.length} failed)`,
      value: ms(total.p50),
      target: "≤ 800 ms",
      met: total.p50 <= 800,
    },
    {
      figure: "start to type p95",
      value: ms(total.p95),
      target: "≤ 1500 ms",
      met: total.p95 <= 1500,
    },
  ];
}

export function formatStartToType(result: StartToType): string {
  const lines = [
    `Start to type, ${result.runs} runs in Chromium (ms)`,
    "phase".padEnd(30) + "p50".padStart(8) + "p95".padStart(8),
  ];
  for (const [name, { p50, p95 }] of Object.entries(result.phases)) {
    lines.push(name.padEnd(30) + String(p50).padStart(8) + String(p95).padStart(8));
  }
  return lines.join("\n");
}
