// The API app served over real HTTP on a free port, with a fresh fake world (../fuzz/
// fake-api-deps.ts) for every test: the set-up the route tests share, so that each test file
// says only what its routes do.

import { afterEach, beforeEach } from "vitest";
import type { ApiDeps } from "../deps.ts";
import { createApiApp } from "../app.ts";
import { fakeWorld, type FakeWorld } from "../fuzz/fake-api-deps.ts";
import { listen, type ListeningServer } from "../listen.ts";

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface FakeApiServer {
  /** This test's world; a new one for every test. */
  readonly world: FakeWorld;
  /** The base URL of this test's server, without a trailing slash. */
  readonly url: string;
  /**
   * Calls the API as `userId` (null: without a token). A string body is sent as it is, so that a
   * test can send what is not JSON; any other body is sent as JSON.
   */
  readonly as: (
    userId: string | null,
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<ApiAnswer>;
}

/**
 * Registers, in the calling test file, a server started before each test and closed after it.
 * `helplines` chooses what the app serves (by default the world's one helpline).
 */
export function serveFakeApiPerTest(
  helplines: (world: FakeWorld) => ApiDeps | readonly ApiDeps[] = (world) => world.deps,
): FakeApiServer {
  let current: { world: FakeWorld; server: ListeningServer } | null = null;

  beforeEach(async () => {
    const world = fakeWorld();
    current = { world, server: await listen(createApiApp(helplines(world)), "127.0.0.1", 0) };
  });

  afterEach(async () => {
    const server = current?.server;
    current = null;
    await server?.close();
  });

  const running = (): { world: FakeWorld; server: ListeningServer } => {
    if (current === null) throw new Error("the fake API server runs only inside a test");
    return current;
  };

  return {
    get world() {
      return running().world;
    },
    get url() {
      return running().server.url;
    },
    as: async (userId, method, path, body) => {
      const { world, server } = running();
      const headers: Record<string, string> = {};
      if (userId !== null) headers.authorization = `Bearer ${world.openIdToken(userId)}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(server.url + path, {
        method,
        headers,
        body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>,
      };
    },
  };
}

/** The `error.code` of an API error answer. */
export function errorCode(body: Record<string, unknown>): unknown {
  return (body.error as { code?: unknown } | undefined)?.code;
}
