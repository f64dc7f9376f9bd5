import { describe, expect, it } from "vitest";
import { landingAssets } from "./landing-size.ts";

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
