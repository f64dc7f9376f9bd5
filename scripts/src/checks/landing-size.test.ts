import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  assetLabel,
  chunkImports,
  firstScreenChunks,
  firstScreenWeights,
  landingAssets,
  landingBudgetBytes,
  landingReport,
} from "./landing-size.ts";

describe("landingAssets", () => {
  it("should count scripts, stylesheets and module preloads, each once", () => {
    const html = `<!doctype html><head>
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
      <link rel="stylesheet" crossorigin href="/assets/index-123.css">
      <link rel="icon" href="/favicon.svg">
      <script type="module" src="/assets/index-abc.js"></script></head>`;
    expect(landingAssets(html)).toEqual([
      "/assets/index-abc.js",
      "/assets/vendor-def.js",
      "/assets/index-123.css",
    ]);
  });
});

describe("landingReport", () => {
  it("should give each asset's exact gzip bytes, then the total and what is left", () => {
    const lines = landingReport({
      total: 70_000,
      files: [
        ["/assets/index-abc.js", 68_500],
        ["/assets/index-123.css", 1_500],
      ],
    });
    expect(lines).toEqual([
      "  /assets/index-abc.js: 68,500 B gzip (66.9 kB)",
      "  /assets/index-123.css: 1,500 B gzip (1.5 kB)",
      `  landing page: 70,000 B gzip (68.4 kB), within the 80 kB budget, ${(
        landingBudgetBytes - 70_000
      ).toLocaleString("en")} B to spare`,
    ]);
  });

  it("should say by how much the landing page is over its budget", () => {
    const over = landingBudgetBytes + 20;
    const lines = landingReport({ total: over, files: [["/assets/index-abc.js", over]] });
    expect(lines.at(-1)).toBe(
      `  landing page: ${over.toLocaleString("en")} B gzip (80.0 kB), OVER the 80 kB budget by 20 B`,
    );
  });
});

describe("assetLabel", () => {
  it("should drop the content hash, keeping the name and extension", () => {
    expect(assetLabel("/assets/index-CzEjmyGk.js")).toBe("index.js");
    expect(assetLabel("/assets/rolldown-runtime-BWaJ3C7D.js")).toBe("rolldown-runtime.js");
    expect(assetLabel("/assets/index-C_U3igv5.css")).toBe("index.css");
  });
});

describe("chunkImports", () => {
  it("should find a built chunk's static imports of its siblings, and no dynamic import", () => {
    const code =
      'import{t as e}from"./fr-common-CgcFI5X6.js";import "./side-AAAAAAAA.js";' +
      'const x=()=>import("./later-BBBBBBBB.js");export{e as frFormal};';
    expect(chunkImports(code)).toEqual(["fr-common-CgcFI5X6.js", "side-AAAAAAAA.js"]);
  });
});

describe("firstScreenWeights", () => {
  let dist: string | null = null;
  afterEach(() => {
    if (dist !== null) rmSync(dist, { recursive: true, force: true });
    dist = null;
  });

  /** A dist/ with a landing page and each first screen's chunks, the formal French one importing a shared one. */
  function build(): string {
    dist = mkdtempSync(path.join(tmpdir(), "landing-size-"));
    mkdirSync(path.join(dist, "assets"));
    const write = (name: string, code: string) =>
      writeFileSync(path.join(dist ?? "", "assets", name), code);
    writeFileSync(
      path.join(dist, "index.html"),
      '<script type="module" src="/assets/index-AAAAAAAA.js"></script>',
    );
    write("index-AAAAAAAA.js", "landing code ".repeat(50));
    write("fr-common-CCCCCCCC.js", "shared texts");
    for (const label of new Set(firstScreenChunks.flatMap(({ chunks }) => chunks))) {
      const code = label === "fr-formal.js" ? 'import{t}from"./fr-common-CCCCCCCC.js";vous' : "tu";
      write(label.replace(".js", "-DDDDDDDD.js"), code);
    }
    return dist;
  }

  it("should weigh each kind of page's first screen: the landing page, its catalog and what it imports", () => {
    const dir = build();
    const gz = (text: string) => gzipSync(text).length;
    const landing = gz("landing code ".repeat(50));
    const screens = firstScreenWeights(dir);
    expect(screens.map((s) => s.page)).toEqual(firstScreenChunks.map((c) => c.page));
    const adults = screens.find((s) => s.page === "adults, French");
    expect(adults?.files.map(([file]) => file)).toEqual([
      "/assets/index-AAAAAAAA.js",
      "/assets/fr-formal-DDDDDDDD.js",
      "/assets/fr-common-CCCCCCCC.js",
    ]);
    expect(adults?.total).toBe(
      landing + gz('import{t}from"./fr-common-CCCCCCCC.js";vous') + gz("shared texts"),
    );
    expect(screens.find((s) => s.page === "minors, French")?.total).toBe(landing + gz("tu"));
  });

  it("should fail, naming the chunk, rather than weigh a page without its catalog", () => {
    const dir = build();
    rmSync(path.join(dir, "assets", "nl-formal-DDDDDDDD.js"));
    expect(() => firstScreenWeights(dir)).toThrow(/no chunk nl-formal\.js .*adults, Dutch/);
  });
});
