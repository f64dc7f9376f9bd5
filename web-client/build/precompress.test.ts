import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { precompressDirectory } from "./precompress.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

describe("precompressDirectory", () => {
  it("should write brotli and gzip files that decompress to the original, for assets worth it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "precompress-"));
    mkdirSync(path.join(dir, "assets"));
    const script = "export const words = '" + "bonjour ".repeat(500) + "';\n";
    writeFileSync(path.join(dir, "assets", "index.js"), script);
    writeFileSync(path.join(dir, "assets", "tiny.css"), "a{}");
    writeFileSync(path.join(dir, "assets", "photo.png"), Buffer.alloc(4096, 1));

    const done = precompressDirectory(dir, 5);

    expect(done.map((d) => path.relative(dir, d.file))).toEqual([path.join("assets", "index.js")]);
    const js = path.join(dir, "assets", "index.js");
    expect(brotliDecompressSync(readFileSync(`${js}.br`)).toString()).toBe(script);
    expect(gunzipSync(readFileSync(`${js}.gz`)).toString()).toBe(script);
    expect(done[0]?.brotli).toBeLessThan(script.length / 10);
    // Too small to gain anything, or already compressed by its format: left alone.
    expect(existsSync(path.join(dir, "assets", "tiny.css.br"))).toBe(false);
    expect(existsSync(path.join(dir, "assets", "photo.png.br"))).toBe(false);
  });

  it("should be what production builds and serves", () => {
    // Without both halves a youth downloads the WASM gzip-compressed: ~0.7 MB more.
    const dockerfile = readFileSync(path.join(repoRoot, "web-client", "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/HELPLINE_PRECOMPRESS=1 npm run build -w web-client/);
    const caddyfile = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8");
    expect(caddyfile).toMatch(/file_server \{\s*precompressed br gzip\s*\}/);
  });
});
