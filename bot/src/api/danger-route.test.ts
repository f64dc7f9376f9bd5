// POST /api/counsellor/conversations/:reference/danger over real HTTP, with the real desks on the
// real engine behind it (fuzz/fake-api-deps.ts): who may mark, and every refusal changes nothing.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "./app.ts";
import {
  colleagueId,
  counsellorId,
  fakeWorld,
  youthId,
  type FakeWorld,
} from "./fuzz/fake-api-deps.ts";
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
  userId: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
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
}

const code = (body: Record<string, unknown>): unknown =>
  (body.error as { code?: unknown } | undefined)?.code;
const danger = (reference: number | string) => `/api/counsellor/conversations/${reference}/danger`;

describe("marking a conversation danger to life", () => {
  it("should mark the counsellor's own conversation once, show it, and list it first for supervisors", async () => {
    const mine = world.activeReference(colleagueId);
    const other = world.activeReference(colleagueId);
    const marked = await as(colleagueId, "POST", danger(mine), {});
    expect([marked.status, marked.body]).toEqual([200, { reference: mine, danger: true }]);
    expect(world.changes).toContain("permanence.danger_marked");
    const me = await as(colleagueId, "GET", "/api/counsellor/me");
    const conversations = me.body.conversations as { reference: number; dangerAt?: string }[];
    expect(conversations.find((c) => c.reference === mine)?.dangerAt).toEqual(expect.any(String));
    expect(conversations.find((c) => c.reference === other)).not.toHaveProperty("dangerAt");

    const twice = await as(colleagueId, "POST", danger(mine));
    expect([twice.status, code(twice.body)]).toEqual([409, "already_marked"]);
    expect(world.changes.filter((c) => c === "permanence.danger_marked")).toHaveLength(1);

    const overview = await as(counsellorId, "GET", "/api/supervisor/overview");
    expect(overview.body.danger).toEqual([
      { reference: mine, counsellorId: colleagueId, by: colleagueId, markedAt: expect.any(String) },
    ]);
  });

  it("should let a supervisor mark a colleague's conversation, and refuse a counsellor who is not in charge", async () => {
    const supervisors = world.activeReference(counsellorId);
    const before = world.state;
    const refused = await as(colleagueId, "POST", danger(supervisors));
    expect([refused.status, code(refused.body)]).toEqual([403, "not_in_charge"]);
    expect(world.state).toBe(before);

    const colleagues = world.activeReference(colleagueId);
    const bySupervisor = await as(counsellorId, "POST", danger(colleagues));
    expect(bySupervisor.status).toBe(200);
    expect(world.state.conversations).not.toBe(before.conversations);
  });

  it("should refuse bad input, a waiting youth, an unknown reference and anyone but a counsellor, changing nothing", async () => {
    const waiting = world.waitingReference();
    const active = world.activeReference(colleagueId);
    const before = world.state;
    const changes = world.changes.length;
    for (const bad of ["0", "04821", "abc", "1e3"]) {
      const response = await as(colleagueId, "POST", danger(bad));
      expect([bad, response.status, code(response.body)]).toEqual([bad, 400, "invalid_request"]);
    }
    const withBody = await as(colleagueId, "POST", danger(active), { reason: "free text" });
    expect([withBody.status, code(withBody.body)]).toEqual([400, "invalid_request"]);
    const notJson = await as(colleagueId, "POST", danger(active), "{");
    expect(notJson.status).toBe(400);
    const queued = await as(counsellorId, "POST", danger(waiting));
    expect([queued.status, code(queued.body)]).toEqual([409, "not_in_progress"]);
    const unknown = await as(colleagueId, "POST", danger(999_998));
    expect([unknown.status, code(unknown.body)]).toEqual([404, "conversation_not_found"]);
    const anonymous = await as(null, "POST", danger(active));
    expect([anonymous.status, code(anonymous.body)]).toEqual([401, "unauthenticated"]);
    const youth = await as(youthId, "POST", danger(active));
    expect([youth.status, code(youth.body)]).toEqual([403, "not_a_counsellor"]);
    const get = await as(colleagueId, "GET", danger(active));
    expect([get.status, code(get.body)]).toEqual([405, "method_not_allowed"]);
    expect(world.state).toBe(before);
    expect(world.changes).toHaveLength(changes);
  });
});
