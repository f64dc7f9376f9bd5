import { defineConfig, type Plugin } from "vite";
import { precompressDirectory } from "./build/precompress.ts";
import { stripWasmNames } from "./build/strip-wasm-names.ts";

/**
 * HELPLINE_PRECOMPRESS=1 (the production image sets it) writes `.br` and `.gz` next to each asset
 * for Caddy to serve as they are. Off by default: brotli at quality 11 takes ~15 s on the WASM,
 * and the development server compresses on the fly anyway.
 */
function precompress(): Plugin {
  return {
    name: "helpline-precompress",
    apply: "build",
    closeBundle() {
      if (process.env["HELPLINE_PRECOMPRESS"] === "1") precompressDirectory("dist");
    },
  };
}

// No React plugin: Vite 8's built-in oxc transform compiles JSX with the automatic runtime.
// The crypto `.wasm` is referenced by `new URL(..., import.meta.url)` inside
// @matrix-org/matrix-sdk-crypto-wasm, which Vite emits as an asset under dist/assets.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  // The WASM loses its debug names before it is written, and so before it is precompressed.
  plugins: [stripWasmNames(), precompress()],
  build: {
    target: "es2022",
    outDir: "dist",
    assetsDir: "assets",
    // The crypto WASM (4.8 MB without its debug names) must stay a separate file, never inlined.
    assetsInlineLimit: 0,
    // The SDK chunk is big by nature; it is loaded lazily, after the welcome screen.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
    // Every browser that runs the crypto WASM supports modulepreload natively.
    modulePreload: { polyfill: false },
  },
  server: {
    // In development, proxy like the production server does (same origin for everything).
    proxy: {
      "/_matrix": process.env["HELPLINE_SYNAPSE_URL"] ?? "http://127.0.0.1:8008",
      "/api": process.env["HELPLINE_BOT_URL"] ?? "http://127.0.0.1:8090",
    },
  },
});
