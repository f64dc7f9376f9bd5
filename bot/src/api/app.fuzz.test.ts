// Property-based fuzzing of the bot's public API, over real HTTP against the express app with
// in-memory fakes. For any method, path, headers, content type and body (valid requests mutated,
// arbitrary JSON with prototype-pollution keys, broken JSON, deep nesting, bodies around the size
// limit, compressed bodies), every answer is below 500, every refusal is a JSON error with a code
// and a message, a refused request changes nothing, and nothing the caller sent reaches the log.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "./app.ts";
import { declaredRoutes, endpoints } from "./fuzz/endpoints.ts";
import { fakeWorld, netChanges, type FakeWorld } from "./fuzz/fake-api-deps.ts";
import {
  clientAddressHeader,
  materialize,
  requestPlans,
  send,
  type RawRequest,
  type RawResponse,
  type RequestPlan,
} from "./fuzz/requests.ts";
import { listen, type ListeningServer } from "./listen.ts";

const runsPerEndpoint = 120;

interface Target {
  world: FakeWorld;
  server: ListeningServer;
}

async function startTarget(world = fakeWorld()): Promise<Target> {
  return { world, server: await listen(createApiApp(world.deps), "127.0.0.1", 0) };
}

let target: Target;
let sent = 0;

beforeAll(async () => {
  target = await startTarget();
});

afterAll(async () => {
  await target.server.close();
});

function describeExchange(request: RawRequest, response: RawResponse): string {
  const body = request.body === null ? "(no body)" : request.body.toString("utf8").slice(0, 300);
  return `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${body}\n→ ${response.status} ${response.body.slice(0, 300)}`;
}

/** One request and every promise the API makes about it. */
async function checkOne({ world, server }: Target, plan: RequestPlan): Promise<void> {
  world.admitting = plan.admitting;
  const canary = `Cn${(sent += 1)}qZ7wK`;
  const request = materialize(plan, world, canary);
  // The world's own set-up for valid parts happens above: only what the request does counts.
  const changesBefore = world.changes.length;
  const logsBefore = world.logLines.length;
  const response = await send(server.url, request);
  const what = describeExchange(request, response);

  expect(response.status, what).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers["content-type"], what).toMatch(/^application\/json/);
    if (request.method !== "HEAD") {
      const parsed = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof parsed.error?.code, what).toBe("string");
      expect(typeof parsed.error?.message, what).toBe("string");
      expect(String(parsed.error?.message).length, what).toBeGreaterThan(0);
      // Errors name fields, never echo values.
      expect(response.body, what).not.toContain(canary);
    }
    expect(netChanges(world.changes.slice(changesBefore)), what).toEqual([]);
  }
  const newLogs = world.logLines.slice(logsBefore).join("");
  expect(newLogs, what).not.toContain(canary);
  // Never as a logged value; and, once it is as long as a real address (1.1.1.1), nowhere at all.
  // A random one-letter "address" such as "l" is inside every line ("level") and proves nothing.
  const address = request.headers[clientAddressHeader];
  if (address) {
    expect(loggedValues(world.logLines.slice(logsBefore)), what).not.toContain(address);
    if (address.length >= 7) expect(newLogs, what).not.toContain(address);
  }
  const authorization = request.headers.authorization?.replace(/^\S+\s+/, "");
  if (authorization) expect(newLogs, what).not.toContain(authorization);
}

/** Every string value of the JSON log lines. */
function loggedValues(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return Object.values(parsed).filter((value): value is string => typeof value === "string");
    } catch {
      return [line];
    }
  });
}

/** Inputs that once broke the API, tried on every run before the random ones. */
function regressions(endpoint: number): [RequestPlan][] {
  const plan: RequestPlan = {
    endpoint,
    method: null,
    path: { kind: "as_is" },
    body: { kind: "valid" },
    contentType: "application/json",
    auth: { kind: "valid" },
    headers: [],
    chunked: false,
    proxied: true,
    admitting: true,
  };
  return [
    // A body announced as gzip that is not: zlib's error reached the error handler as a 500.
    [{ ...plan, body: { kind: "json", value: {} }, headers: [["content-encoding", "gzip"]] }],
    [{ ...plan, body: { kind: "raw", text: "{}" }, headers: [["content-encoding", "deflate"]] }],
    [{ ...plan, body: { kind: "gzip_valid" } }],
    [
      {
        ...plan,
        body: {
          kind: "mutated",
          mutations: [{ kind: "set", pick: 0, key: "__proto__", value: { admin: true } }],
        },
      },
    ],
    [{ ...plan, body: { kind: "deep", depth: 8_000, open: "[" } }],
    [{ ...plan, body: { kind: "huge", size: 16 * 1024 + 1, key: "registrationToken" } }],
  ];
}

describe("the API under random input", () => {
  it("should have a line in the fuzz table for every route the app declares, and no other", () => {
    const table = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort();
    expect(declaredRoutes(createApiApp(fakeWorld().deps))).toEqual(table);
  });

  it.each(endpoints.map((endpoint, index) => [`${endpoint.method} ${endpoint.path}`, index]))(
    "should never answer 5xx, refuse in JSON and change nothing when refusing: %s",
    async (_name, index) => {
      await fc.assert(
        fc.asyncProperty(requestPlans(index as number), (plan) => checkOne(target, plan)),
        { numRuns: runsPerEndpoint, examples: regressions(index as number) },
      );
    },
  );

  it("should answer unknown paths and methods with JSON errors", async () => {
    await fc.assert(
      fc.asyncProperty(requestPlans(null), (plan) => checkOne(target, plan)),
      { numRuns: 150 },
    );
  });

  it("should still be up and healthy after all of it", async () => {
    const response = await send(target.server.url, {
      method: "GET",
      path: "/api/health",
      headers: {},
      body: null,
    });
    expect(response.status).toBe(200);
  });
});

// Guards the guard: the same properties must fail against an API that breaks its promises.
describe("the API fuzz checks", () => {
  const conversations = endpoints.findIndex((endpoint) => endpoint.path === "/api/conversations");

  /** Well-framed requests only, so the failure seen is the one planted, not another bug. */
  const plainPlans = requestPlans(conversations).map((plan): RequestPlan => ({
    ...plan,
    headers: [],
    body: plan.body.kind === "gzip_valid" ? { kind: "valid" } : plan.body,
  }));

  async function fuzzFails(world: FakeWorld, expected: RegExp): Promise<void> {
    const broken = await startTarget(world);
    try {
      const run = fc.assert(
        fc.asyncProperty(plainPlans, (plan) => checkOne(broken, plan)),
        { numRuns: 200 },
      );
      await expect(run).rejects.toSatisfy((error: unknown) =>
        expected.test(String((error as { cause?: { message?: unknown } }).cause?.message)),
      );
    } finally {
      await broken.server.close();
    }
  }

  it("should fail when a handler throws", async () => {
    const world = fakeWorld();
    world.deps.homeserver.openIdUserId = () => Promise.reject(new Error("injected"));
    await fuzzFails(world, /expected 500 to be less than 500/);
  });

  it("should fail when a refused request changed something", async () => {
    const world = fakeWorld();
    const { homeserver } = world.deps;
    const realOpenIdUserId = homeserver.openIdUserId.bind(homeserver);
    // Refuses every youth, but only after removing someone from a room: a change behind a 4xx.
    homeserver.openIdUserId = async (token) => {
      if ((await realOpenIdUserId(token)) !== null) await homeserver.kick("!x:localhost", "@y");
      return null;
    };
    await fuzzFails(world, /homeserver\.kick/);
  });

  it("should pair a released claim off, and nothing else", () => {
    expect(netChanges(["issuedTokens.claim", "issuedTokens.release"])).toEqual([]);
    expect(netChanges(["issuedTokens.claim"])).toEqual(["issuedTokens.claim"]);
    expect(netChanges(["homeserver.createRoom", "issuedTokens.release"])).toEqual([
      "homeserver.createRoom",
      "issuedTokens.release",
    ]);
  });
});
