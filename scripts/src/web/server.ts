import { existsSync, readFileSync, statSync } from "node:fs";
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { helplineIdPattern, reservedPathSegments } from "@helpline/contract";
import { provenanceFileOf, readProvenanceFile } from "./provenance.ts";

/**
 * The one origin a youth's browser talks to: the built web client at `/` and at each helpline's
 * `/<id>/` (consoles at `/console` and `/<id>/console`), Synapse's client API at `/_matrix/client/`,
 * and the bot's API at `/api/` (a helpline's own at `/api/h/<id>/`). Nothing else of Synapse is reachable through it
 * (no admin API, no media, no federation). Production uses a real web server with the same routes
 * and headers (see docker-compose.yml); this one serves development and tests.
 */
export interface WebServerOptions {
  root: string;
  synapseUrl: string;
  botUrl: string;
  port?: number;
  bindAddress?: string;
  /**
   * The helplines' provenance files (web/provenance.ts): each page's public key, served from the
   * web server as Caddy does, never from the bot. Without it every such file is 404 (no mark).
   */
  provenanceDir?: string;
  /** Serve over TLS (PEM key and certificate); then every answer carries HSTS. */
  tls?: { key: string | Buffer; cert: string | Buffer };
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

/** Only over TLS: a browser ignores it over HTTP, and it must never pin a plain-HTTP dev host. */
export const strictTransportSecurity = "max-age=31536000";

function reachedOverTls(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}

/** The page's and the API's headers, plus HSTS when this request came over TLS. */
function headersFor(req: IncomingMessage): Record<string, string> {
  return reachedOverTls(req)
    ? { ...securityHeaders, "Strict-Transport-Security": strictTransportSecurity }
    : { ...securityHeaders };
}

/**
 * Headers this server sets towards an upstream, always overwriting what the browser sent so a
 * client cannot pick them. Only the bot gets the client's address, in its own header: it hashes it
 * for rate limits and bars (bot/src/api/abuse/) and never keeps it. Synapse gets no address at all.
 */
function forwardedHeaders(req: IncomingMessage, withClientAddress: boolean) {
  return {
    "x-forwarded-host": req.headers.host ?? "",
    "x-forwarded-proto": reachedOverTls(req) ? "https" : "http",
    ...(withClientAddress ? { "x-helpline-client-address": req.socket.remoteAddress ?? "" } : {}),
  };
}

function proxy(
  target: string,
  requestTarget: string,
  req: IncomingMessage,
  res: ServerResponse,
  withClientAddress: boolean,
): void {
  // Exactly the path that was routed on (see `originFormTarget`), never re-read from the request.
  const url = new URL(requestTarget, target);
  // The browser's address never travels further than this server, except hashed by the bot.
  const {
    "x-forwarded-for": _xff,
    forwarded: _forwarded,
    "x-helpline-client-address": _claimed,
    "x-forwarded-host": _host,
    "x-forwarded-proto": _proto,
    ...kept
  } = req.headers;
  const headers = { ...kept, ...forwardedHeaders(req, withClientAddress), host: url.host };
  const upstream = http.request(url, { method: req.method, headers }, (upstreamResponse) => {
    // Ours replace the upstream's of the same name (Node would otherwise send both).
    const ours = headersFor(req);
    const names = new Set(Object.keys(ours).map((name) => name.toLowerCase()));
    const theirs = Object.fromEntries(
      Object.entries(upstreamResponse.headers).filter(([name]) => !names.has(name)),
    );
    res.writeHead(upstreamResponse.statusCode ?? 502, { ...theirs, ...ours });
    upstreamResponse.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) {
      res.writeHead(502, { "Content-Type": "application/json", ...headersFor(req) });
    }
    res.end(
      JSON.stringify({ error: { code: "upstream_unavailable", message: "Try again soon." } }),
    );
  });
  req.pipe(upstream);
}

/**
 * Synapse's routes beyond its client API that the pages need, exactly (config/Caddyfile's
 * `@synapse` matcher lists the same):
 * - the one media route: a counsellor's console uploads the encrypted key bundle of a handover
 *   there (MSC4268 history sharing; downloads go through /_matrix/client/v1/media). Synapse
 *   refuses every upload from a youth's account (synapse/modules/helpline_guard.py);
 * - where a youth's page makes her account (synapse/modules/youth_accounts.py).
 */
export const synapseRoutesBesideClientApi = [
  "/_matrix/media/v3/upload",
  "/_synapse/client/org.helplinechat/youth_account",
] as const;

export function isSynapseRouteBesideClientApi(url: string): boolean {
  const { pathname } = new URL(url, "http://x");
  return synapseRoutesBesideClientApi.some((route) => route === pathname);
}

/**
 * The request's target if it is safe to route on as it is, else null (answered 400). Caddy cleans
 * a path before matching it, and the WHATWG URL parser that `proxy` uses resolves dot-segments,
 * also percent-encoded ones, so routing on the raw text would let
 * `/_matrix/client/../../_synapse/admin/v1/users` pass as the client API and reach Synapse's admin
 * API. So only a target already in the normal form a browser sends is accepted: origin-form (no
 * `http://host/...`, no `*`), no dot-segment (`.`, `..`, `%2e`), no backslash, and a path that
 * percent-decodes. Browsers and matrix-js-sdk never send anything else.
 */
export function originFormTarget(raw: string): string | null {
  if (!raw.startsWith("/") || raw.includes("\\")) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw, "http://x");
  } catch {
    return null;
  }
  const query = raw.indexOf("?");
  const rawPath = query === -1 ? raw : raw.slice(0, query);
  // Any rewrite by the parser (a dot-segment resolved, `//host` read as a host, a character
  // escaped) means the path is not what it seems: refuse it rather than guess.
  if (parsed.host !== "x" || parsed.pathname !== rawPath) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  // Nor once decoded (`..%2f`): an upstream or a later proxy that decodes `%2f` must not find a
  // dot-segment either. An encoded slash alone stays allowed: key backup's session ids have some.
  if (decoded.split(/[/\\]/).some((segment) => segment === "." || segment === "..")) return null;
  return raw;
}

/**
 * Whether `pathname` is a counsellor console's address: the default helpline's (`/console`) or a
 * helpline's own (`/<id>/console`), with or without a final slash. The page reads which helpline
 * from its address; this server does not know the helplines, and serves any well-formed id (the
 * bot answers `unknown_helpline` for one it does not serve).
 */
export function isConsolePath(pathname: string): boolean {
  const segments = pathname.split("/").slice(1);
  if (segments.at(-1) === "") segments.pop();
  if (segments.length === 1) return segments[0] === "console";
  if (segments.length !== 2 || segments[1] !== "console") return false;
  const id = segments[0] ?? "";
  return helplineIdPattern.test(id) && !reservedPathSegments.includes(id);
}

function sendJsonError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headersFor(req) });
  res.end(JSON.stringify({ error: { code, message } }));
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
      res.writeHead(405, { Allow: "GET, HEAD", ...headersFor(req) }).end();
      return;
    }
    // `route` already refused a path that does not decode.
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(400, headersFor(req)).end();
      return;
    }
    if (isConsolePath(pathname)) {
      // The counsellor console: a page of its own (web-client/console.html), same headers.
      file = path.join(root, "console.html");
    } else if (!existsSync(file) || statSync(file).isDirectory()) {
      // Single-page app: unknown paths get the page, which shows the welcome screen.
      file = path.join(root, "index.html");
    }
    const ext = path.extname(file);
    const { body, encoding } = encoded(file, String(req.headers["accept-encoding"] ?? ""));
    // Not the page served in place of a missing asset: that one must stay fresh too.
    const hashed = pathname.startsWith("/assets/") && file === path.join(root, pathname);
    res.writeHead(200, {
      "Content-Type": contentTypes[ext] ?? "application/octet-stream",
      "Content-Length": body.length,
      // Hashed assets never change; the page itself must always be fresh.
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-store",
      Vary: "Accept-Encoding",
      ...(encoding ? { "Content-Encoding": encoding } : {}),
      ...headersFor(req),
    });
    if (req.method === "HEAD") res.end();
    else res.end(body);
  }

  /** A helpline's provenance.json, read at each request: a key changed is served at once. */
  function serveProvenance(req: IncomingMessage, res: ServerResponse, file: string | null): void {
    const body = file === null ? null : readProvenanceFile(file);
    if (body === null) {
      sendJsonError(req, res, 404, "not_found", "This helpline has no provenance key.");
      return;
    }
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      ...headersFor(req),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const target = originFormTarget(req.url ?? "");
    if (target === null) {
      sendJsonError(req, res, 400, "bad_request", "This request's path is not allowed.");
      return;
    }
    const { pathname } = new URL(target, "http://x");
    if (pathname.startsWith("/_matrix/client/") || isSynapseRouteBesideClientApi(target)) {
      proxy(options.synapseUrl, target, req, res, false);
    } else if (pathname.startsWith("/api/")) proxy(options.botUrl, target, req, res, true);
    else if (pathname.startsWith("/_matrix/") || pathname.startsWith("/_synapse/")) {
      sendJsonError(req, res, 404, "not_found", "Not found.");
    } else if (provenanceFileOf("/", pathname) !== null) {
      const dir = options.provenanceDir;
      serveProvenance(req, res, dir === undefined ? null : provenanceFileOf(dir, pathname));
    } else serveStatic(req, res);
  }

  const handler: RequestListener = (req, res) => {
    try {
      route(req, res);
    } catch {
      // One odd request must never take the page down for everyone (an exception thrown here
      // would end the process). Nothing about the request is logged: its path may name a youth.
      if (!res.headersSent) sendJsonError(req, res, 500, "internal_error", "Try again soon.");
      else res.destroy();
    }
  };
  const server =
    options.tls === undefined
      ? http.createServer(handler)
      : https.createServer(options.tls, handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.bindAddress ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? "http" : "https"}://${options.bindAddress ?? "127.0.0.1"}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
