// A colleague reads a conversation beside its counsellor, asked through the console's routes: over
// real HTTP, with the real desks on the real engine behind them (fuzz/fake-api-deps.ts).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "./app.ts";
import { colleagueId, counsellorId, fakeWorld, type FakeWorld } from "./fuzz/fake-api-deps.ts";
import { listen, type ListeningServer } from "./listen.ts";

let world: FakeWorld;
let server: ListeningServer;

beforeEach(async () => {
  world = fakeWorld();
  server = await listen(createApiApp(world.deps), "127.0.0.1", 0);
});

afterEach(async () => {
  await server.close();
});

async function as(
  userId: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${world.openIdToken(userId)}`,
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>,
  };
}

const code = (body: Record<string, unknown>): unknown =>
  (body.error as { code?: unknown } | undefined)?.code;

describe("a supervisor joining a conversation", () => {
  it("should be asked for, and listed for the counsellor in charge's console to invite", async () => {
    // The colleague is in charge; the counsellor of the fake world is a supervisor.
    const reference = world.activeReference(colleagueId);
    const overview = await as(counsellorId, "GET", "/api/supervisor/overview");
    expect(overview.body.inProgress).toEqual([
      { reference, counsellorId: colleagueId, arrivedAt: expect.any(String), observers: [] },
    ]);
    const joined = await as(
      counsellorId,
      "POST",
      `/api/supervisor/conversations/${reference}/join`,
    );
    expect([joined.status, joined.body]).toEqual([202, { reference, invitedBy: colleagueId }]);
    const desk = await as(colleagueId, "GET", "/api/counsellor/me");
    const [conversation] = desk.body.conversations as { roomId: string; observers: string[] }[];
    expect(desk.body.pendingObservers).toEqual([
      { reference, roomId: conversation?.roomId, observerId: counsellorId },
    ]);
    expect(conversation?.observers).toEqual([counsellorId]);
    // Asked twice: refused, nothing changes.
    const again = await as(counsellorId, "POST", `/api/supervisor/conversations/${reference}/join`);
    expect([again.status, code(again.body)]).toEqual([409, "observer_refused"]);
  });

  it("should refuse anyone who is not a supervisor, and an unknown conversation", async () => {
    const reference = world.activeReference();
    const refused = await as(
      colleagueId,
      "POST",
      `/api/supervisor/conversations/${reference}/join`,
    );
    expect([refused.status, code(refused.body)]).toEqual([403, "not_a_supervisor"]);
    const unknown = await as(counsellorId, "POST", "/api/supervisor/conversations/999999/join");
    expect([unknown.status, code(unknown.body)]).toEqual([404, "conversation_not_found"]);
    // Her own conversation: she is in charge already.
    const own = await as(counsellorId, "POST", `/api/supervisor/conversations/${reference}/join`);
    expect([own.status, code(own.body)]).toEqual([409, "observer_refused"]);
    const waiting = world.waitingReference();
    const queued = await as(counsellorId, "POST", `/api/supervisor/conversations/${waiting}/join`);
    expect([queued.status, code(queued.body)]).toEqual([409, "observer_refused"]);
    expect(Object.values(world.state.conversations).some((c) => c.observers)).toBe(false);
  });
});

describe("the counsellor in charge asking for a colleague", () => {
  it("should ask for a colleague in training to read beside her, and refuse anyone else asking", async () => {
    const reference = world.activeReference();
    const path = `/api/counsellor/conversations/${reference}/observers`;
    const invalid = await as(counsellorId, "POST", path, { colleagueId: "camille" });
    expect([invalid.status, code(invalid.body)]).toEqual([400, "invalid_request"]);
    const notHers = await as(colleagueId, "POST", path, { colleagueId: "@tom:localhost" });
    expect([notHers.status, code(notHers.body)]).toEqual([409, "observer_refused"]);
    expect(Object.values(world.state.conversations).some((c) => c.observers)).toBe(false);
    const asked = await as(counsellorId, "POST", path, { colleagueId });
    expect([asked.status, asked.body]).toEqual([202, { reference, invitedBy: counsellorId }]);
    const desk = await as(counsellorId, "GET", "/api/counsellor/me");
    expect(desk.body.pendingObservers).toEqual([
      expect.objectContaining({ reference, observerId: colleagueId }),
    ]);
  });
});
