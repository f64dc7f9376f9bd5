import { describe, expect, it } from "vitest";
import { assetLabel, landingAssets, landingBudgetBytes, landingReport } from "./landing-size.ts";

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
