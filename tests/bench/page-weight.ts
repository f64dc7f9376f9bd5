import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import type { Browser } from "playwright-core";
import { assetLabel, landingWeight } from "@helpline/scripts/checks/landing-size";
import { localDir } from "@helpline/scripts/paths";
import type { TestStack } from "../support/test-stack.ts";
import { kB, MB, type Row } from "./table.ts";

// Figure 4: the landing page's weight (gzip, from the build, as scripts/src/checks/landing-size.ts
// counts it), and the bytes a first visit transfers until the composer is ready, as served by the
// stack's web server, counted by Chromium itself (CDP Network.loadingFinished.encodedDataLength:
// bytes on the wire, headers included).

export interface PageWeight {
  landingGzipBytes: number;
  /** Each asset of the landing page with its gzip bytes, as landing-size.ts counts them. */
  landingFiles: [string, number][];
  /** Everything transferred from navigation until the composer is ready. */
  beforeFirstMessageBytes: number;
  /** Of which, what was transferred before the start button was pressed (page idle). */
  beforeStartBytes: number;
  /** Static files (page, scripts, WASM) vs API calls (Matrix and the bot). */
  staticBytes: number;
  apiBytes: number;
  /** How the static files came: the web server's choice from Chromium's Accept-Encoding. */
  encodings: Record<string, number>;
  /**
   * The same static files as production serves them: brotli at quality 11, written at build time
   * (web-client/build/precompress.ts, Caddy's `precompressed br`). Bodies only, no headers.
   */
  staticIfBrotliBytes: number;
  largest: { url: string; bytes: number; encoding: string }[];
}

/**
 * A file's size in brotli at quality 11, as production's build writes it. That takes seconds to a
 * minute for the WASM, so sizes are kept in .local/bench/ by name and size (asset names carry a
 * content hash).
 */
function brotli11Size(file: string): number {
  const cacheFile = path.join(localDir, "bench", "brotli11-sizes.json");
  const cache = existsSync(cacheFile)
    ? (JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, number>)
    : {};
  const key = `${path.basename(file)}|${statSync(file).size}`;
  const known = cache[key];
  if (known !== undefined) return known;
  const size = brotliCompressSync(readFileSync(file), {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  mkdirSync(path.dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify({ ...cache, [key]: size }, null, 2) + "\n");
  return size;
}

export async function measurePageWeight(stack: TestStack, browser: Browser): Promise<PageWeight> {
  const dist = process.env.HELPLINE_TEST_WEB_ROOT ?? path.join(process.cwd(), "web-client", "dist");
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const responses = new Map<string, { url: string; encoding: string }>();
    const finished: { url: string; encoding: string; bytes: number }[] = [];
    cdp.on("Network.responseReceived", (event) => {
      const headers = event.response.headers as Record<string, string>;
      const encoding =
        Object.entries(headers).find(([name]) => name.toLowerCase() === "content-encoding")?.[1] ??
        "identity";
      responses.set(event.requestId, { url: event.response.url, encoding });
    });
    cdp.on("Network.loadingFinished", (event) => {
      const response = responses.get(event.requestId);
      finished.push({
        url: response?.url ?? "?",
        encoding: response?.encoding ?? "?",
        bytes: event.encodedDataLength,
      });
    });
    await page.goto(stack.webUrl);
    await page.waitForLoadState("networkidle", { timeout: 30_000 });
    const beforeStartBytes = finished.reduce((sum, entry) => sum + entry.bytes, 0);
    await page.getByTestId("start-button").click();
    await page.getByTestId("composer").waitFor({ state: "visible", timeout: 30_000 });
    const all = [...finished];

    const isApi = (url: string) => /\/(_matrix|api)\//.test(new URL(url).pathname);
    const staticEntries = all.filter((entry) => !isApi(entry.url));
    const encodings: Record<string, number> = {};
    let staticIfBrotliBytes = 0;
    for (const entry of staticEntries) {
      encodings[entry.encoding] = (encodings[entry.encoding] ?? 0) + entry.bytes;
      const pathname = new URL(entry.url).pathname;
      const file = path.join(dist, pathname === "/" ? "index.html" : pathname.replace(/^\//, ""));
      staticIfBrotliBytes +=
        existsSync(file) && /\.(html|js|mjs|css|json|svg|wasm|txt)$/.test(file)
          ? brotli11Size(file)
          : entry.bytes;
    }
    const sum = (entries: { bytes: number }[]) => entries.reduce((s, e) => s + e.bytes, 0);
    const landing = landingWeight(dist);
    return {
      landingGzipBytes: landing.total,
      landingFiles: landing.files,
      beforeFirstMessageBytes: sum(all),
      beforeStartBytes,
      staticBytes: sum(staticEntries),
      apiBytes: sum(all) - sum(staticEntries),
      encodings,
      staticIfBrotliBytes,
      largest: [...all]
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5)
        .map((entry) => ({
          url: new URL(entry.url).pathname,
          bytes: entry.bytes,
          encoding: entry.encoding,
        })),
    };
  } finally {
    await context.close();
  }
}

const landingBudget = 80 * 1024;
const firstMessageBudget = 1.6 * 1024 * 1024;

export function pageWeightRows(result: PageWeight): Row[] {
  const served = Object.keys(result.encodings).join("+") || "?";
  const withBrotli = result.staticIfBrotliBytes + result.apiBytes;
  return [
    {
      figure: "landing page (gzip)",
      value: kB(result.landingGzipBytes),
      target: "≤ 80 kB",
      met: result.landingGzipBytes <= landingBudget,
    },
    // What makes up the landing page, so that a change shows where its weight went.
    ...result.landingFiles.map(([file, bytes]) => ({
      figure: `  of which ${assetLabel(file)} (gzip)`,
      value: `${bytes.toLocaleString("en")} B`,
      target: "",
      met: null,
    })),
    {
      figure: `before first message, as served here (${served})`,
      value: MB(result.beforeFirstMessageBytes),
      target: "≤ 1.6 MB",
      met: result.beforeFirstMessageBytes <= firstMessageBudget,
    },
    {
      figure: "before first message, as production serves it (brotli 11)",
      value: MB(withBrotli),
      target: "≤ 1.6 MB",
      met: withBrotli <= firstMessageBudget,
    },
  ];
}
