// Random HTTP requests for the API fuzz tests, as plain-data plans (fast-check shrinks them), and a
// raw sender: node:http rather than fetch, so methods, headers, bodies and framing are exactly
// what was planned. Only what Node's own HTTP parser lets through to the app is generated: a method
// it does not know, or an "Expect" header, is answered by Node itself, before express.

import { createHash } from "node:crypto";
import http from "node:http";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { maxBodyBytes } from "../app.ts";
import { endpoints, knownUsers, type ValidRequest } from "./endpoints.ts";
import type { FakeWorld } from "./fake-api-deps.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type PathPlan =
  | { kind: "as_is" }
  /** The endpoint's path with this text as every parameter (`:reference`), instead of a valid one. */
  | { kind: "param"; value: string }
  | { kind: "suffix"; suffix: string }
  | { kind: "upper" }
  | { kind: "other"; path: string };

type BodyMutation =
  | { kind: "set"; pick: number; key: string; value: Json }
  | { kind: "delete"; pick: number }
  | { kind: "replace_leaf"; pick: number; value: Json };

type BodyPlan =
  | { kind: "none" }
  | { kind: "valid" }
  | { kind: "mutated"; mutations: BodyMutation[] }
  | { kind: "json"; value: Json }
  | { kind: "raw"; text: string }
  | { kind: "deep"; depth: number; open: "[" | '{"a":' }
  | { kind: "huge"; size: number; key: string }
  | { kind: "gzip_valid" };

type AuthPlan =
  | { kind: "none" }
  | { kind: "valid" }
  | { kind: "as"; user: number }
  | { kind: "garbage"; value: string };

export interface RequestPlan {
  endpoint: number;
  method: string | null;
  path: PathPlan;
  body: BodyPlan;
  contentType: string | null;
  auth: AuthPlan;
  headers: [string, string][];
  chunked: boolean;
  /** Whether the request comes "through the proxy", with a client address of its own. */
  proxied: boolean;
  admitting: boolean;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Keys that have broken JavaScript servers before: prototype pollution and friends. */
const nastyKeys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", ""];

const nastyStrings = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "3600",
  "null",
  "true",
  "Bearer",
  "on_duty ",
  "ON_DUTY",
  "\u0000",
  "\u202eevil",
  "\u200b",
  "\ud800",
  "é".normalize("NFD"),
  "../../etc/passwd",
  "%00",
  "{}",
];

const text = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    text,
    fc.array(tie("value"), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...nastyKeys), text), tie("value")), {
        maxLength: 4,
      })
      .map(objectOf),
  ),
})).value;

/** An object with these own properties, "__proto__" included (plain assignment would skip it). */
function objectOf(entries: readonly [string, Json][]): { [key: string]: Json } {
  const object: { [key: string]: Json } = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

const rawBodies = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "}",
    "[",
    '{"registrationToken":',
    "{'a':1}",
    "null",
    '"string"',
    "1",
    "true",
    "NaN",
    "[1e999]",
    '{"expires_in":1e999}',
    '{"a":1,"a":2}',
    "\ufeff{}",
    "\u0000",
    "token=abc&x=y",
    "--x\r\nContent-Disposition: form-data\r\n\r\nx\r\n--x--",
  ),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);

const contentTypes = fc.constantFrom(
  null,
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=UTF-8",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "application/json; charset=nonsense",
  'application/json; charset="',
  "application/json;",
  "APPLICATION/JSON",
  "application/vnd.api+json",
  "application/merge-patch+json",
  "application/jsonx",
  "text/json",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "",
  ";;;",
  "*/*",
);

const headerValue = fc.oneof(
  fc.constantFrom("gzip", "deflate", "br", "identity", "x-gzip", "gzip, gzip", "compress", "*"),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.ipV4(),
  fc.ipV6(),
);

const headerName = fc.oneof(
  fc.constantFrom(
    "content-encoding",
    "accept",
    "accept-encoding",
    "accept-language",
    "origin",
    "cookie",
    "referer",
    "user-agent",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-helpline-client-address",
    "x-real-ip",
    "forwarded",
    "x-http-method-override",
    "range",
    "if-none-match",
  ),
  fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
);

const pathPlan: fc.Arbitrary<PathPlan> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "as_is" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("param" as const),
      value: fc.oneof(
        fc.constantFrom(
          "0",
          "-1",
          "1",
          "4821",
          "999999",
          "1000000",
          "04821",
          "4821.0",
          "1e3",
          "0x10",
          "%20",
          "%00",
          "__proto__",
          "constructor",
          "NaN",
          "Infinity",
          "99999999999999999999",
        ),
        fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/),
        fc.nat().map(String),
      ),
    }),
  },
  fc.record({
    kind: fc.constant("suffix" as const),
    suffix: fc.constantFrom(
      "/",
      "//",
      "?",
      "?a=1&a=2",
      "?__proto__[x]=1",
      "#frag",
      "/..",
      "/%2e%2e/health",
      "%00",
      "%",
      "%zz",
      "/x",
      ".json",
      ";jsessionid=1",
    ),
  }),
  fc.constant({ kind: "upper" as const }),
  fc.record({
    kind: fc.constant("other" as const),
    path: fc.oneof(
      fc.constantFrom(
        "/",
        "/api",
        "/api/",
        "//api/health",
        "/api/../api/health",
        "/api/h/",
        "/api/h/unknown-line/status",
        "/api/h/test-line",
        "/api/h/test-line/../../health",
        "/_matrix/client/versions",
        "*",
      ),
      fc.webPath().map((p) => (p.startsWith("/") ? p : `/${p}`)),
      fc.string({ maxLength: 30 }).map((s) => `/api/${s}`),
      fc.string({ maxLength: 30 }).map((s) => `/api/h/${s}`),
    ),
  }),
);

const bodyMutation: fc.Arbitrary<BodyMutation> = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom(...nastyKeys), text),
    value: json,
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("replace_leaf" as const), pick: fc.nat(), value: json }),
);

const bodyPlan: fc.Arbitrary<BodyPlan> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  { weight: 3, arbitrary: fc.constant({ kind: "valid" as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("mutated" as const),
      mutations: fc.array(bodyMutation, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("json" as const), value: json }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("raw" as const), text: rawBodies }) },
  fc.record({
    kind: fc.constant("deep" as const),
    depth: fc.integer({ min: 1, max: 8_000 }),
    open: fc.constantFrom("[" as const, '{"a":' as const),
  }),
  fc.record({
    kind: fc.constant("huge" as const),
    // Around the body limit, on both sides.
    size: fc.integer({ min: maxBodyBytes - 300, max: maxBodyBytes + 300 }),
    key: fc.constantFrom("registrationToken", "availability", "padding", "__proto__"),
  }),
  fc.constant({ kind: "gzip_valid" as const }),
);

const authPlan: fc.Arbitrary<AuthPlan> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  { weight: 3, arbitrary: fc.constant({ kind: "valid" as const }) },
  fc.record({ kind: fc.constant("as" as const), user: fc.nat({ max: knownUsers.length - 1 }) }),
  fc.record({
    kind: fc.constant("garbage" as const),
    value: fc.oneof(
      fc.constantFrom("Bearer", "Bearer ", "bearer openid-1", "Basic YTpi", "Bearer  openid-1"),
      fc
        .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
        .map((s) => `Bearer ${s}`),
      fc.integer({ min: 1000, max: 5000 }).map((n) => `Bearer ${"a".repeat(n)}`),
    ),
  }),
);

/** Requests aimed at one endpoint (its method most often), or anywhere when `endpoint` is null. */
export function requestPlans(endpoint: number | null): fc.Arbitrary<RequestPlan> {
  return fc.record({
    endpoint: endpoint === null ? fc.nat({ max: endpoints.length - 1 }) : fc.constant(endpoint),
    method: fc.oneof(
      { weight: endpoint === null ? 1 : 4, arbitrary: fc.constant(null) },
      fc.constantFrom(...http.METHODS.filter((method) => method !== "CONNECT")),
    ),
    path:
      endpoint === null
        ? pathPlan.filter((plan) => plan.kind !== "as_is" && plan.kind !== "param")
        : pathPlan,
    body: bodyPlan,
    contentType: fc.oneof({ weight: 3, arbitrary: fc.constant("application/json") }, contentTypes),
    auth: authPlan,
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
    chunked: fc.boolean(),
    proxied: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
    admitting: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
  });
}

/** Every place in a JSON value (the root included), so a mutation can pick one by index. */
function places(value: unknown, at: string[] = []): string[][] {
  const found: string[][] = [at];
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) found.push(...places(child, [...at, key]));
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object";
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  // An array index as key: keep it near the end, or "4000000000" makes a sparse array whose JSON
  // is gigabytes of nulls (it once crashed V8 in JSON.stringify).
  if (Array.isArray(object) && /^\d+$/.test(key)) {
    (object as unknown[])[Number(key) % (object.length + 1)] = value;
    return;
  }
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Applies mutations to a copy of a valid body: sets (nasty keys too), deletions, replacements. */
function mutate(body: unknown, mutations: readonly BodyMutation[]): unknown {
  let root: unknown = structuredClone(body ?? {});
  for (const planned of mutations) {
    // Copies: fast-check hands the same values to later runs, which must not see them mutated.
    // JSON.parse keeps "__proto__" as an own key, where structuredClone would not.
    const mutation =
      planned.kind === "delete"
        ? planned
        : { ...planned, value: JSON.parse(JSON.stringify(planned.value)) as Json };
    const all = places(root);
    const path = all[mutation.pick % all.length] ?? [];
    const node = valueAt(root, path);
    const parent = path.length === 0 ? null : valueAt(root, path.slice(0, -1));
    const key = path.at(-1) ?? "";
    if (mutation.kind === "set") {
      if (isObject(node)) define(node, mutation.key, mutation.value);
      else if (isObject(parent)) define(parent, key, { [mutation.key]: mutation.value });
      else root = { [mutation.key]: mutation.value };
    } else if (mutation.kind === "delete") {
      if (isObject(parent)) Reflect.deleteProperty(parent, key);
      else root = undefined;
    } else if (isObject(parent)) parent[key] = mutation.value;
    else root = mutation.value;
  }
  return root;
}

/** The header in which the helpline's web server tells the bot the client's address. */
export const clientAddressHeader = "x-helpline-client-address";

/**
 * A documentation-range address unique to this request: each request is its own client, so the
 * rate limits do not end the exploration, and a log holding the address is caught.
 */
export function clientAddressFor(canary: string): string {
  const hash = createHash("sha256").update(canary).digest("hex");
  return `2001:db8::${hash.slice(0, 4)}:${hash.slice(4, 8)}`;
}

/** Turns a plan into bytes, with the world's help for the valid parts (tokens, OpenID). */
export function materialize(plan: RequestPlan, world: FakeWorld, canary: string): RawRequest {
  const endpoint = endpoints[plan.endpoint] ?? endpoints[0];
  if (endpoint === undefined) throw new Error("the endpoint table is empty");
  const valid: ValidRequest = endpoint.valid?.(world) ?? {};
  const method = plan.method ?? endpoint.method;

  const paramPlan = plan.path;
  let path = endpoint.path.replace(/:([A-Za-z]+)/g, (_whole, name: string) =>
    paramPlan.kind === "param" ? paramPlan.value : (valid.params?.[name] ?? "4821"),
  );
  if (plan.path.kind === "suffix") path += plan.path.suffix;
  else if (plan.path.kind === "upper") path = path.toUpperCase();
  else if (plan.path.kind === "other") path = plan.path.path;
  // Node's client refuses what is outside U+0021–U+00FF: escape it, as a browser would.
  path = path.replace(/[^\u0021-\u00ff]/gu, (c) => encodeURIComponent(c));
  path += `${path.includes("?") ? "&" : "?"}c=${canary}`;

  const headers: Record<string, string> = {};
  for (const [name, value] of plan.headers) headers[name] = value;
  headers["x-canary"] = canary;
  if (plan.proxied) headers[clientAddressHeader] = clientAddressFor(canary);
  if (plan.contentType !== null) headers["content-type"] = plan.contentType;
  const validAuth = valid.headers?.authorization;
  if (plan.auth.kind === "valid" && validAuth !== undefined) headers.authorization = validAuth;
  else if (plan.auth.kind === "as") {
    headers.authorization = `Bearer ${world.openIdToken(knownUsers[plan.auth.user] ?? "")}`;
  } else if (plan.auth.kind === "garbage") headers.authorization = `${plan.auth.value}${canary}`;

  let body: Buffer | null = null;
  const b = plan.body;
  const withCanary = (value: unknown) => JSON.stringify(value)?.replace(/"$/, `${canary}"`);
  if (b.kind === "valid") body = Buffer.from(JSON.stringify(valid.body ?? {}));
  else if (b.kind === "mutated") {
    const mutated = mutate(valid.body, b.mutations);
    body = mutated === undefined ? null : Buffer.from(JSON.stringify(mutated));
  } else if (b.kind === "json") body = Buffer.from(withCanary(b.value) ?? "null");
  else if (b.kind === "raw") body = Buffer.from(b.text + canary);
  else if (b.kind === "deep") {
    body = Buffer.from(`${b.open.repeat(b.depth)}1${(b.open === "[" ? "]" : "}").repeat(b.depth)}`);
  } else if (b.kind === "huge") {
    const overhead = JSON.stringify({ [b.key]: "" }).length;
    body = Buffer.from(
      `{"${b.key}":"${canary}${"x".repeat(Math.max(0, b.size - overhead - canary.length))}"}`,
    );
  } else if (b.kind === "gzip_valid") {
    body = gzipSync(JSON.stringify(valid.body ?? {}));
    headers["content-encoding"] = "gzip";
  }
  if (body !== null && !plan.chunked) headers["content-length"] = String(body.length);
  // Some methods carry no body in Node's client unless told: always say how it is framed.
  if (body !== null && plan.chunked) headers["transfer-encoding"] = "chunked";
  return { method, path, headers, body };
}

/** Sends one request on a fresh connection; rejects if the server closes it without answering. */
export function send(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body ?? undefined);
  });
}
