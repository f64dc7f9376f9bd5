import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";

// Hostile requests against the helpline's one web origin, written byte for byte on a socket:
// `fetch` (and every browser) would clean `..` and `%2e%2e` out of a URL before sending it, so
// only a raw socket shows what a script can make the web server forward. Shared by the tests of
// the development server (server.test.ts) and of Caddy with the production Caddyfile
// (caddy-probes.test.ts), so that both are held to the same list.

/** Request targets that must never reach Synapse's admin, federation or key API. */
export const hostileTargets: readonly string[] = [
  "/_matrix/client/../../_synapse/admin/v1/users",
  "/_matrix/client/%2e%2e/%2e%2e/_synapse/admin/v1/users",
  "/_matrix/client/%2E%2E/%2E%2E/_synapse/admin/v1/users?limit=1",
  "/_matrix/client/.%2e/.%2e/_synapse/admin/v1/users",
  "/_matrix/client/..%2f..%2f_synapse/admin/v1/users",
  "/_matrix/client/v3/../../../_synapse/admin/v1/users",
  "/_matrix/client//../../_synapse/admin/v1/users",
  "/_matrix/client/./../../_synapse/admin/v1/users",
  "/_matrix/client/..\\..\\_synapse/admin/v1/users",
  "/_matrix/media/v3/upload/../../../_synapse/admin/v1/users",
  "/_matrix/media/v3/upload/%2e%2e/%2e%2e/%2e%2e/_synapse/admin/v1/users",
  "/api/../_synapse/admin/v1/users",
  "/api/%2e%2e/_matrix/federation/v1/version",
  "//_synapse/admin/v1/users",
  "/_synapse/admin/v1/users",
  "/_synapse/admin/v2/users/@someone:localhost",
  "/_matrix/federation/v1/version",
  "/_matrix/key/v2/server",
  "/_matrix/client/../federation/v1/version",
  "/_matrix/client/%2e%2e/key/v2/server",
  "/%zz",
  "/_matrix/client/%zz",
  "/api/%zz",
  "/%",
  // A helpline's own addresses (`/<id>/`, `/api/h/<id>/`) with a dot-segment for the id, or after it.
  "/api/h/sos-viol/../../../_synapse/admin/v1/users",
  "/api/h/%2e%2e/%2e%2e/_synapse/admin/v1/users",
  "/api/h/sos-viol/%2e%2e/%2e%2e/%2e%2e/_matrix/federation/v1/version",
  "/sos-viol/../_synapse/admin/v1/users",
  "/sos-viol/%2e%2e/_matrix/key/v2/server",
  // Out of the web root, to a file beside it (`outsideTheRoot`).
  "/../",
  "/%2e%2e/",
  "/%2e%2e/console",
  "/../outside.txt",
  "/%2e%2e/outside.txt",
  "/%2E%2E/outside.txt",
  "/..%2foutside.txt",
  "/%2e%2e%2foutside.txt",
  "/sos-viol/../../outside.txt",
  "/sos-viol/%2e%2e/%2e%2e/outside.txt",
  "/sos-viol/console/../../../outside.txt",
];

/** A file the probes' tests write beside the web root: no answer may ever contain its text. */
export const outsideTheRoot = { name: "outside.txt", text: "a file outside the web root" };

/** Addresses of the pages (default and per helpline) and the page each must serve. */
export const pageAddresses: readonly (readonly [string, "youth page" | "console page"])[] = [
  ["/", "youth page"],
  ["/console", "console page"],
  ["/console/", "console page"],
  ["/sos-viol/", "youth page"],
  ["/sos-viol", "youth page"],
  ["/nu-praat-ik-er-over/", "youth page"],
  ["/maintenant-jen-parle/console", "console page"],
  ["/sos-viol/console", "console page"],
  ["/sos-viol/console/", "console page"],
  ["/chat-violences-sexuelles/", "youth page"],
  // Not a helpline's console: `assets` and `api` are never an id, `consoles` is another word.
  ["/consoles", "youth page"],
  ["/sos-viol/consoles", "youth page"],
  ["/assets/console", "youth page"],
];

/** Headers that differ between two files or two requests, and so are left out of comparisons. */
const perFileHeaders = new Set([
  "date",
  "content-length",
  "etag",
  "last-modified",
  "accept-ranges",
  "connection",
]);

/** An answer's headers, by lower-case name, without those that differ per file or request. */
export function comparableHeaders(answer: RawAnswer): Record<string, string> {
  const head = answer.text.split("\r\n\r\n")[0] ?? "";
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!perFileHeaders.has(name)) headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Whether every page address serves its page, with exactly the headers of the default helpline's
 * same page (`/` or `/console`): CSP, caching, framing and the rest cannot differ per helpline.
 */
export async function pageAddressProblems(origin: string): Promise<string[]> {
  const problems: string[] = [];
  const reference = {
    "youth page": comparableHeaders(await rawRequest(origin, "GET", "/")),
    "console page": comparableHeaders(await rawRequest(origin, "GET", "/console")),
  };
  for (const [address, page] of pageAddresses) {
    const answer = await rawRequest(origin, "GET", address);
    if (answer.status !== 200) problems.push(`${address} answered ${answer.status}`);
    else if (!answer.text.includes(page)) problems.push(`${address} did not serve the ${page}`);
    else {
      const headers = comparableHeaders(answer);
      for (const [name, value] of Object.entries(reference[page])) {
        if (headers[name] !== value) {
          problems.push(`${address}: ${name} is ${headers[name] ?? "missing"}, not ${value}`);
        }
      }
    }
  }
  return problems;
}

/** The same, as absolute-form request targets (`GET http://host/path`), which proxies accept. */
export function absoluteFormTargets(host: string): string[] {
  return [
    `http://${host}/_synapse/admin/v1/users`,
    `http://${host}/_matrix/client/../../_synapse/admin/v1/users`,
    `http://${host}/_matrix/client/%2e%2e/%2e%2e/_synapse/admin/v1/users`,
    `http://${host}/_matrix/federation/v1/version`,
  ];
}

/** The paths of Synapse that the youth's origin must never reach. */
const forbiddenPrefixes = ["/_synapse/", "/_matrix/federation/", "/_matrix/key/"];

/**
 * Whether a path an upstream received would reach a forbidden API, read more leniently than
 * Synapse (Twisted routes on the raw path) or express do: percent-decoded (`%2f` as a slash, `%2e`
 * as a dot) and dot-segments resolved. A backslash stays a character, as it is for both of them
 * (Caddy forwards `/_matrix/client/..\..\_synapse/...` as it is, and Synapse's client API answers
 * it "unrecognised"; the development server refuses it outright).
 */
export function reachesForbiddenApi(receivedPath: string): boolean {
  const pathOnly = receivedPath.split("?")[0] ?? "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    decoded = pathOnly;
  }
  const segments: string[] = [];
  for (const segment of decoded.split("/").slice(1)) {
    if (segment === "..") segments.pop();
    else if (segment !== "." && segment !== "") segments.push(segment);
  }
  const normal = `/${segments.join("/")}/`;
  return forbiddenPrefixes.some((prefix) => normal.startsWith(prefix));
}

export interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Sends `METHOD target HTTP/1.1` exactly as written to the server at `origin`
 * (`http://127.0.0.1:8080`, `http://[::1]:8080`) and reads the whole answer.
 */
export function rawRequest(
  origin: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const { hostname, port, host } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ""));
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on("connect", () => {
      const lines = Object.entries({ Host: host, ...headers, Connection: "close" });
      const head = lines.map(([name, value]) => `${name}: ${value}\r\n`).join("");
      socket.write(`${method} ${target} HTTP/1.1\r\n${head}\r\n`);
    });
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      if (status === undefined) reject(new Error(`${method} ${target}: no HTTP answer`));
      else resolve({ status: Number(status), text });
    });
  });
}

/** An upstream that answers everything with 200 and its name, and notes each path it received. */
export interface RecordingUpstream {
  url: string;
  port: number;
  paths: string[];
  close(): Promise<void>;
}

export async function startRecordingUpstream(name: string): Promise<RecordingUpstream> {
  const paths: string[] = [];
  const server: Server = http.createServer((req, res) => {
    paths.push(req.url ?? "");
    req.resume();
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ upstream: name }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends one hostile target with GET and POST through a web server (ours or Caddy) and says what
 * went wrong, if anything: an answer of 5xx, a forbidden path reaching an upstream, or a server
 * that no longer serves the page afterwards. The same check for both servers, so they cannot drift.
 */
export async function probeProblems(
  origin: string,
  target: string,
  upstreams: readonly RecordingUpstream[],
): Promise<string[]> {
  for (const upstream of upstreams) upstream.paths.length = 0;
  const problems: string[] = [];
  for (const method of ["GET", "POST"]) {
    const answer = await rawRequest(origin, method, target);
    if (answer.status >= 500) problems.push(`${method} ${target} answered ${answer.status}`);
    if (answer.text.includes(outsideTheRoot.text)) problems.push(`${target} left the web root`);
  }
  for (const reached of upstreams.flatMap((upstream) => upstream.paths)) {
    if (reachesForbiddenApi(reached)) problems.push(`${target} reached ${reached}`);
  }
  const page = await rawRequest(origin, "GET", "/");
  if (page.status !== 200) problems.push(`after ${target}, / answered ${page.status}`);
  return problems;
}
