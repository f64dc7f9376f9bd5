// POST /api/counsellor/conversations/:reference/danger over real HTTP, with the real desks on the
// real engine behind it (fuzz/fake-api-deps.ts): who may mark, and every refusal changes nothing.

import { describe, expect, it } from "vitest";
import { colleagueId, counsellorId, youthId } from "./fuzz/fake-api-deps.ts";
import { errorCode, serveFakeApiPerTest } from "./testing/fake-api-server.ts";

const api = serveFakeApiPerTest();
const { as } = api;

const danger = (reference: number | string) => `/api/counsellor/conversations/${reference}/danger`;

describe("marking a conversation danger to life", () => {
  it("should mark the counsellor's own conversation once, show it, and list it first for supervisors", async () => {
    const mine = api.world.activeReference(colleagueId);
    const other = api.world.activeReference(colleagueId);
    const marked = await as(colleagueId, "POST", danger(mine), {});
    expect([marked.status, marked.body]).toEqual([200, { reference: mine, danger: true }]);
    expect(api.world.changes).toContain("permanence.danger_marked");
    const me = await as(colleagueId, "GET", "/api/counsellor/me");
    const conversations = me.body.conversations as { reference: number; dangerAt?: string }[];
    expect(conversations.find((c) => c.reference === mine)?.dangerAt).toEqual(expect.any(String));
    expect(conversations.find((c) => c.reference === other)).not.toHaveProperty("dangerAt");

    const twice = await as(colleagueId, "POST", danger(mine));
    expect([twice.status, errorCode(twice.body)]).toEqual([409, "already_marked"]);
    expect(api.world.changes.filter((c) => c === "permanence.danger_marked")).toHaveLength(1);

    const overview = await as(counsellorId, "GET", "/api/supervisor/overview");
    expect(overview.body.danger).toEqual([
      { reference: mine, counsellorId: colleagueId, by: colleagueId, markedAt: expect.any(String) },
    ]);
  });

  it("should let a supervisor mark a colleague's conversation, and refuse a counsellor who is not in charge", async () => {
    const supervisors = api.world.activeReference(counsellorId);
    const before = api.world.state;
    const refused = await as(colleagueId, "POST", danger(supervisors));
    expect([refused.status, errorCode(refused.body)]).toEqual([403, "not_in_charge"]);
    expect(api.world.state).toBe(before);

    const colleagues = api.world.activeReference(colleagueId);
    const bySupervisor = await as(counsellorId, "POST", danger(colleagues));
    expect(bySupervisor.status).toBe(200);
    expect(api.world.state.conversations).not.toBe(before.conversations);
  });

  it("should refuse bad input, a waiting youth, an unknown reference and anyone but a counsellor, changing nothing", async () => {
    const waiting = api.world.waitingReference();
    const active = api.world.activeReference(colleagueId);
    const before = api.world.state;
    const changes = api.world.changes.length;
    for (const bad of ["0", "04821", "abc", "1e3"]) {
      const response = await as(colleagueId, "POST", danger(bad));
      expect([bad, response.status, errorCode(response.body)]).toEqual([
        bad,
        400,
        "invalid_request",
      ]);
    }
    const withBody = await as(colleagueId, "POST", danger(active), { reason: "free text" });
    expect([withBody.status, errorCode(withBody.body)]).toEqual([400, "invalid_request"]);
    const notJson = await as(colleagueId, "POST", danger(active), "{");
    expect(notJson.status).toBe(400);
    const queued = await as(counsellorId, "POST", danger(waiting));
    expect([queued.status, errorCode(queued.body)]).toEqual([409, "not_in_progress"]);
    const unknown = await as(colleagueId, "POST", danger(999_998));
    expect([unknown.status, errorCode(unknown.body)]).toEqual([404, "conversation_not_found"]);
    const anonymous = await as(null, "POST", danger(active));
    expect([anonymous.status, errorCode(anonymous.body)]).toEqual([401, "unauthenticated"]);
    const youth = await as(youthId, "POST", danger(active));
    expect([youth.status, errorCode(youth.body)]).toEqual([403, "not_a_counsellor"]);
    const get = await as(colleagueId, "GET", danger(active));
    expect([get.status, errorCode(get.body)]).toEqual([405, "method_not_allowed"]);
    expect(api.world.state).toBe(before);
    expect(api.world.changes).toHaveLength(changes);
  });
});
