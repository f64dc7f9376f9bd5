import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

// Production's Caddy has no brotli encoder in its standard build, and compressing the 4.8 MB
// crypto WASM (debug names left out, strip-wasm-names.ts) on the fly for every youth would cost
// seconds of CPU each time. So the production build writes `.br` and `.gz` files next to each
// asset once, at the highest quality, and Caddy serves them as they are (`file_server
// { precompressed br gzip }` in config/Caddyfile). Brotli at quality 11 takes the WASM to ~1.29 MB,
// against ~1.77 MB with gzip: that is most of what a youth downloads before the first message.

const compressible = /\.(?:js|mjs|css|html|svg|json|wasm|txt)$/;
/** Below this, compression saves less than the extra request headers cost. */
const minimumBytes = 1024;

export interface Precompressed {
  file: string;
  bytes: number;
  brotli: number;
  gzip: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Writes `<file>.br` and `<file>.gz` for every compressible file of `dir` worth compressing. */
export function precompressDirectory(dir: string, brotliQuality = 11): Precompressed[] {
  const done: Precompressed[] = [];
  for (const file of filesUnder(dir)) {
    if (!compressible.test(file)) continue;
    const raw = readFileSync(file);
    if (raw.length < minimumBytes) continue;
    const brotli = brotliCompressSync(raw, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: brotliQuality,
        [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gzip = gzipSync(raw, { level: 9 });
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzip);
    done.push({ file, bytes: raw.length, brotli: brotli.length, gzip: gzip.length });
  }
  return done;
}
