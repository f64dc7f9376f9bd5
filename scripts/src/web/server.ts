import { existsSync, readFileSync, statSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

/**
 * The one origin a youth's browser talks to: the built web client at `/`, Synapse's client API at
 * `/_matrix/client/`, and the bot's API at `/api/`. Nothing else of Synapse is reachable through it
 * (no admin API, no media, no federation). Production uses a real web server with the same routes
 * and headers (see docker-compose.yml); this one serves development and tests.
 */
export interface WebServerOptions {
  root: string;
  synapseUrl: string;
  botUrl: string;
  port?: number;
  bindAddress?: string;
}

export interface RunningWebServer {
  url: string;
  close(): Promise<void>;
}

/** Kept in one place so that tests can check exactly what the page is allowed to do. */
export const securityHeaders: Readonly<Record<string, string>> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    // The Rust crypto runs as WebAssembly; nothing else needs an exception.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
};

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".txt"]);

interface Encoded {
  body: Buffer;
  encoding?: "br" | "gzip";
}

function proxy(target: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", target);
  // The browser's address never travels further than this server.
  const { "x-forwarded-for": _xff, forwarded: _forwarded, ...kept } = req.headers;
  const headers = { ...kept, host: url.host };
  const upstream = http.request(url, { method: req.method, headers }, (upstreamResponse) => {
    res.writeHead(upstreamResponse.statusCode ?? 502, {
      ...upstreamResponse.headers,
      ...securityHeaders,
    });
    upstreamResponse.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) {
      res.writeHead(502, { "Content-Type": "application/json", ...securityHeaders });
    }
    res.end(
      JSON.stringify({ error: { code: "upstream_unavailable", message: "Try again soon." } }),
    );
  });
  req.pipe(upstream);
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const root = path.resolve(options.root);
  if (!existsSync(path.join(root, "index.html"))) {
    throw new Error(`${root}/index.html is missing: build the web client first (npm run build).`);
  }
  // Static files are few and immutable per build: compress each once, on first request.
  const cache = new Map<string, Encoded>();

  function encoded(file: string, accept: string): Encoded {
    const ext = path.extname(file);
    const wants = accept.includes("br") ? "br" : accept.includes("gzip") ? "gzip" : undefined;
    const key = `${file}|${compressible.has(ext) ? (wants ?? "") : ""}`;
    let hit = cache.get(key);
    if (!hit) {
      const raw = readFileSync(file);
      if (!compressible.has(ext) || !wants) hit = { body: raw };
      else if (wants === "br") {
        hit = {
          body: brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }),
          encoding: "br",
        };
      } else hit = { body: gzipSync(raw, { level: 9 }), encoding: "gzip" };
      cache.set(key, hit);
    }
    return hit;
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", ...securityHeaders }).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(400, securityHeaders).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Single-page app: unknown paths get the page, which shows the welcome screen.
      file = path.join(root, "index.html");
    }
    const ext = path.extname(file);
    const { body, encoding } = encoded(file, String(req.headers["accept-encoding"] ?? ""));
    const hashed = pathname.startsWith("/assets/");
    res.writeHead(200, {
      "Content-Type": contentTypes[ext] ?? "application/octet-stream",
      "Content-Length": body.length,
      // Hashed assets never change; the page itself must always be fresh.
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-store",
      Vary: "Accept-Encoding",
      ...(encoding ? { "Content-Encoding": encoding } : {}),
      ...securityHeaders,
    });
    if (req.method === "HEAD") res.end();
    else res.end(body);
  }

  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/_matrix/client/")) proxy(options.synapseUrl, req, res);
    else if (url.startsWith("/api/")) proxy(options.botUrl, req, res);
    else if (url.startsWith("/_matrix/") || url.startsWith("/_synapse/")) {
      res.writeHead(404, { "Content-Type": "application/json", ...securityHeaders });
      res.end(JSON.stringify({ error: { code: "not_found", message: "Not found." } }));
    } else serveStatic(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.bindAddress ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.bindAddress ?? "127.0.0.1"}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
