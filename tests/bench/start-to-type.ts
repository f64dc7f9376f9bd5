import type { Browser, Page } from "playwright-core";
import type { TestStack } from "../support/test-stack.ts";
import { sleep, spread, withTimeout, type Spread } from "./stats.ts";
import { kB, ms, type Row } from "./table.ts";

// Figure 1: from pressing the start button to a ready composer, in Chromium, phase by phase,
// from the page's own performance marks (web-client/src, `helpline:*`), and the bytes that the
// press itself costs (issue 19).
//
// Two kinds of youth, run in turn so that both see the same machine:
// - "after intent", the usual one: the page loads and goes idle (it prefetches the chat while she
//   reads), she moves the pointer onto the pseudonym field and over the start button (intent: the
//   page prepares her registration, web-client/src/session/matrix/intent.ts), reads about a
//   second more, then presses;
// - "direct press": she presses as soon as the page is idle, with no sign of intent before the
//   press itself. Not "nothing prepared", though: Playwright's click first moves the pointer over
//   the button, which is intent (pointerover), so the preparation starts a few milliseconds before
//   the press and the press then waits for it (EarlyRegistration.take) rather than registering the
//   whole way itself.

const phases = [
  ["registration", "helpline:start-pressed", "helpline:registered"],
  ["crypto set-up", "helpline:registered", "helpline:crypto-ready"],
  // Asked for right after registration, while the crypto sets up (MatrixChatSession.ts).
  ["conversation, alongside crypto", "helpline:registered", "helpline:conversation-created"],
  // Started once the conversation is there, while the first sync comes.
  ["join", "helpline:joining", "helpline:joined"],
  // The composer is hers once the conversation exists: what she writes waits on the page until
  // the room is joined and seen end-to-end encrypted (MatrixChatSession's #joined), the next row.
  ["start to type", "helpline:start-pressed", "helpline:composer-ready"],
  ["press → joined (a message could leave)", "helpline:start-pressed", "helpline:joined"],
  ["cross-signing (background)", "helpline:start-pressed", "helpline:cross-signed"],
] as const;

const series = ["after intent", "direct press"] as const;
type Series = (typeof series)[number];

/** How long the bench youth reads between her intent and her press. */
const readingMs = 1_000;

export interface SeriesResult {
  runs: number;
  /** Runs that did not reach a ready composer (and cross-signing) within 30 s, and why. */
  failures: string[];
  phases: Record<string, Spread>;
  /** Bytes received from the press until the room was joined (CDP encodedDataLength). */
  bytesAfterPress: Spread;
  /** Of the last run: what those bytes were, largest first (20 at most). */
  largestAfterPress: { url: string; bytes: number }[];
}

export type StartToType = Record<Series, SeriesResult>;

/**
 * Counts what the page receives, with Chromium's own byte counts (as page-weight.ts does); each
 * response says whether it was asked for before the press (a request under way at the press).
 */
async function countBytes(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  const askedBefore = new Set<string>();
  let counting = false;
  const counted: { url: string; bytes: number }[] = [];
  cdp.on("Network.requestWillBeSent", (event) => {
    if (!counting) askedBefore.add(event.requestId);
  });
  cdp.on("Network.responseReceived", (event) => urls.set(event.requestId, event.response.url));
  cdp.on("Network.loadingFinished", (event) => {
    if (!counting) return;
    const url = urls.get(event.requestId);
    const path = url === undefined ? "?" : new URL(url).pathname;
    const before = askedBefore.has(event.requestId) ? " (asked before the press)" : "";
    counted.push({ url: `${path}${before}`, bytes: event.encodedDataLength });
  });
  return {
    start: () => {
      counting = true;
    },
    stop: () => {
      counting = false;
      return counted;
    },
  };
}

async function oneRun(stack: TestStack, browser: Browser, kind: Series) {
  // A fresh context per run: no cache, like a youth's first visit.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const bytes = await countBytes(page);
    await page.goto(stack.webUrl);
    // Let the page prefetch the chat engine while the youth would be reading, as in real use.
    await page.waitForLoadState("networkidle", { timeout: 30_000 });
    if (kind === "after intent") {
      await page.getByTestId("pseudonym").hover();
      await page.getByTestId("start-button").hover();
      await sleep(readingMs);
    }
    bytes.start();
    await page.getByTestId("start-button").click();
    await page.getByTestId("composer").waitFor({ state: "visible", timeout: 30_000 });
    // The window ends at the page's own "joined" mark, not at whatever the view shows: the join's
    // bytes are the press's.
    await page.waitForFunction(
      () => performance.getEntriesByName("helpline:joined").length > 0,
      undefined,
      { timeout: 30_000 },
    );
    const afterPress = bytes.stop();
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
    return { measured, afterPress };
  } finally {
    await context.close();
  }
}

export async function measureStartToType(
  stack: TestStack,
  browser: Browser,
  options: { runs: number; until: number },
): Promise<StartToType> {
  const samples = Object.fromEntries(
    series.map((kind) => [
      kind,
      {
        phases: new Map<string, number[]>(phases.map(([name]) => [name, []])),
        bytes: [] as number[],
        largest: [] as { url: string; bytes: number }[],
        runs: 0,
        failures: [] as string[],
      },
    ]),
  ) as Record<
    Series,
    {
      phases: Map<string, number[]>;
      bytes: number[];
      largest: { url: string; bytes: number }[];
      runs: number;
      failures: string[];
    }
  >;
  for (let run = 0; run < options.runs && Date.now() < options.until; run += 1) {
    for (const kind of series) {
      const mine = samples[kind];
      try {
        const { measured, afterPress } = await oneRun(stack, browser, kind);
        for (const [name, duration] of measured) mine.phases.get(name)?.push(duration);
        mine.bytes.push(afterPress.reduce((sum, entry) => sum + entry.bytes, 0));
        mine.largest = [...afterPress].sort((a, b) => b.bytes - a.bytes).slice(0, 20);
        mine.runs += 1;
      } catch (error) {
        // One slow or failed run is a figure too, not the end of the series.
        mine.failures.push(
          error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error),
        );
      }
    }
  }
  return Object.fromEntries(
    series.map((kind) => {
      const mine = samples[kind];
      const result: SeriesResult = {
        runs: mine.runs,
        failures: mine.failures,
        phases: Object.fromEntries([...mine.phases].map(([name, v]) => [name, spread(v)])),
        bytesAfterPress: spread(mine.bytes),
        largestAfterPress: mine.largest,
      };
      return [kind, result];
    }),
  ) as StartToType;
}

/**
 * bytesAfterPress counts responses that finish between the press and the room being joined; any
 * still arriving after that (cross-signing, later syncs) are not counted.
 */
const targets = { p50: 450, p95: 600, bytesAfterPress: 50 * 1024 };

export function startToTypeRows(result: StartToType): Row[] {
  return series.flatMap((kind): Row[] => {
    const mine = result[kind];
    const total = mine.phases["start to type"];
    if (!total || total.n === 0) {
      return [{ figure: `start to type, ${kind}`, value: "not measured", target: "", met: null }];
    }
    return [
      {
        figure: `start to type p50, ${kind} (${mine.runs} runs, ${mine.failures.length} failed)`,
        value: ms(total.p50),
        target: `≤ ${targets.p50} ms`,
        met: total.p50 <= targets.p50,
      },
      {
        figure: `start to type p95, ${kind}`,
        value: ms(total.p95),
        target: `≤ ${targets.p95} ms`,
        met: total.p95 <= targets.p95,
      },
      {
        figure: `bytes after the press p95, ${kind}`,
        value: kB(mine.bytesAfterPress.p95),
        target: `≤ ${targets.bytesAfterPress / 1024} kB`,
        met: mine.bytesAfterPress.p95 <= targets.bytesAfterPress,
      },
    ];
  });
}

export function formatStartToType(result: StartToType): string {
  const lines: string[] = [];
  for (const kind of series) {
    const mine = result[kind];
    lines.push(
      `Start to type, ${kind}: ${mine.runs} runs in Chromium (ms)`,
      "phase".padEnd(32) + "p50".padStart(8) + "p95".padStart(8),
    );
    for (const [name, { p50, p95 }] of Object.entries(mine.phases)) {
      lines.push(name.padEnd(32) + String(p50).padStart(8) + String(p95).padStart(8));
    }
    const { p50, p95 } = mine.bytesAfterPress;
    lines.push(`bytes after the press: p50 ${kB(p50)}, p95 ${kB(p95)}; last run's largest:`);
    for (const { url, bytes } of mine.largestAfterPress) lines.push(`  ${kB(bytes)}  ${url}`);
    for (const failure of mine.failures) lines.push(`  failed: ${failure}`);
  }
  return lines.join("\n");
}
