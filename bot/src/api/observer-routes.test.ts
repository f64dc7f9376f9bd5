// A colleague reads a conversation beside its counsellor, asked through the console's routes: over
// real HTTP, with the real desks on the real engine behind them (fuzz/fake-api-deps.ts).

import { describe, expect, it } from "vitest";
import { colleagueId, counsellorId } from "./fuzz/fake-api-deps.ts";
import { errorCode, serveFakeApiPerTest } from "./testing/fake-api-server.ts";

const api = serveFakeApiPerTest();
const { as } = api;

describe("a supervisor joining a conversation", () => {
  it("should be asked for, and listed for the counsellor in charge's console to invite", async () => {
    // The colleague is in charge; the counsellor of the fake world is a supervisor.
    const reference = api.world.activeReference(colleagueId);
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
    expect([again.status, errorCode(again.body)]).toEqual([409, "observer_refused"]);
  });

  it("should refuse anyone who is not a supervisor, and an unknown conversation", async () => {
    const reference = api.world.activeReference();
    const refused = await as(
      colleagueId,
      "POST",
      `/api/supervisor/conversations/${reference}/join`,
    );
    expect([refused.status, errorCode(refused.body)]).toEqual([403, "not_a_supervisor"]);
    const unknown = await as(counsellorId, "POST", "/api/supervisor/conversations/999999/join");
    expect([unknown.status, errorCode(unknown.body)]).toEqual([404, "conversation_not_found"]);
    // Her own conversation: she is in charge already.
    const own = await as(counsellorId, "POST", `/api/supervisor/conversations/${reference}/join`);
    expect([own.status, errorCode(own.body)]).toEqual([409, "observer_refused"]);
    const waiting = api.world.waitingReference();
    const queued = await as(counsellorId, "POST", `/api/supervisor/conversations/${waiting}/join`);
    expect([queued.status, errorCode(queued.body)]).toEqual([409, "observer_refused"]);
    expect(Object.values(api.world.state.conversations).some((c) => c.observers)).toBe(false);
  });
});

describe("the counsellor in charge asking for a colleague", () => {
  it("should ask for a colleague in training to read beside her, and refuse anyone else asking", async () => {
    const reference = api.world.activeReference();
    const path = `/api/counsellor/conversations/${reference}/observers`;
    const invalid = await as(counsellorId, "POST", path, { colleagueId: "camille" });
    expect([invalid.status, errorCode(invalid.body)]).toEqual([400, "invalid_request"]);
    const notHers = await as(colleagueId, "POST", path, { colleagueId: "@tom:localhost" });
    expect([notHers.status, errorCode(notHers.body)]).toEqual([409, "observer_refused"]);
    expect(Object.values(api.world.state.conversations).some((c) => c.observers)).toBe(false);
    const asked = await as(counsellorId, "POST", path, { colleagueId });
    expect([asked.status, asked.body]).toEqual([202, { reference, invitedBy: counsellorId }]);
    const desk = await as(counsellorId, "GET", "/api/counsellor/me");
    expect(desk.body.pendingObservers).toEqual([
      expect.objectContaining({ reference, observerId: colleagueId }),
    ]);
  });
});
