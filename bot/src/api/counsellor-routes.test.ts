// The console's routes over real HTTP, with the real desks on the real engine behind them
// (fuzz/fake-api-deps.ts): what a counsellor and a supervisor see and may do, and every refusal.

import { describe, expect, it } from "vitest";
import { colleagueId, counsellorId, youthId } from "./fuzz/fake-api-deps.ts";
import { errorCode, serveFakeApiPerTest } from "./testing/fake-api-server.ts";

const api = serveFakeApiPerTest();
const { as } = api;

describe("the counsellor's own routes", () => {
  it("should list her conversation with its room and name, the queue and the canned replies", async () => {
    const reference = api.world.activeReference();
    const waiting = api.world.waitingReference();
    const me = await as(counsellorId, "GET", "/api/counsellor/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      userId: counsellorId,
      supervisor: true,
      conversations: [{ reference, state: "active", name: `Jeune ${reference} · 21:00` }],
      queue: [{ reference: waiting, position: 1, state: "offered" }],
      colleagues: [{ userId: colleagueId, availability: "on_duty" }],
      pendingHandovers: [],
      cannedReplies: [{ id: "emergency" }],
    });
    const [conversation] = me.body.conversations as { roomId: string }[];
    expect(conversation?.roomId).toMatch(/^!conversation-\d+:localhost$/);
    // The queue carries no room ids.
    expect(JSON.stringify(me.body.queue)).not.toContain("!conversation");
  });

  it("should end her conversation, and only hers", async () => {
    const mine = api.world.activeReference();
    const theirs = api.world.activeReference(colleagueId);
    const refused = await as(counsellorId, "POST", `/api/counsellor/conversations/${theirs}/end`);
    expect([refused.status, errorCode(refused.body)]).toEqual([404, "conversation_not_found"]);
    const ended = await as(counsellorId, "POST", `/api/counsellor/conversations/${mine}/end`, {});
    expect([ended.status, ended.body]).toEqual([200, { reference: mine, ended: true }]);
    expect(Object.values(api.world.state.conversations).map((c) => c.reference)).toEqual([theirs]);
    const again = await as(counsellorId, "POST", `/api/counsellor/conversations/${mine}/end`);
    expect(again.status).toBe(404);
  });

  it("should take one case form for her ended conversation, and list it as due until then", async () => {
    const reference = api.world.endedReference();
    const theirs = api.world.endedReference(colleagueId);
    const me = await as(counsellorId, "GET", "/api/counsellor/me");
    expect(me.body.caseFormsDue).toEqual([{ reference, until: expect.any(String) as string }]);
    expect(me.body.caseCategories).toContainEqual({
      id: "rape",
      label: { fr: "Viol", nl: "Verkrachting", en: "Rape" },
    });
    const form = { categories: ["rape"], ageBand: "15-17", offered: ["referral-cpvs"] };
    const path = (r: number) => `/api/counsellor/conversations/${r}/case-form`;
    const refused = await as(counsellorId, "POST", path(theirs), form);
    expect([refused.status, errorCode(refused.body)]).toEqual([404, "conversation_not_found"]);
    expect(api.world.changes).not.toContain("operations.caseForm");
    const filed = await as(counsellorId, "POST", path(reference), form);
    expect(filed.status).toBe(204);
    expect(api.world.changes.filter((c) => c === "operations.caseForm")).toHaveLength(1);
    const again = await as(counsellorId, "POST", path(reference), form);
    expect([again.status, errorCode(again.body)]).toEqual([404, "conversation_not_found"]);
    expect((await as(counsellorId, "GET", "/api/counsellor/me")).body.caseFormsDue).toEqual([]);
    expect(api.world.changes.filter((c) => c === "operations.caseForm")).toHaveLength(1);
  });

  it("should refuse a case form with a wrong answer, naming the field, and count nothing", async () => {
    const reference = api.world.endedReference();
    const path = `/api/counsellor/conversations/${reference}/case-form`;
    for (const [body, field] of [
      [{ categories: ["grooming"] }, "categories"],
      [{ writer: "mother" }, "writer"],
      [{ offered: ["listening"], note: "free text" }, ""],
    ] as const) {
      const refused = await as(counsellorId, "POST", path, body);
      expect([refused.status, errorCode(refused.body)]).toEqual([400, "invalid_request"]);
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    expect(api.world.changes).not.toContain("operations.caseForm");
    // Still hers to file.
    expect((await as(counsellorId, "POST", path, {})).status).toBe(204);
  });

  it("should bar only a conversation in her charge: nobody else read it", async () => {
    const mine = api.world.activeReference();
    const theirs = api.world.activeReference(colleagueId);
    const before = JSON.stringify(api.world.state);
    const refused = await as(counsellorId, "POST", "/api/counsellor/bars", { reference: theirs });
    expect([refused.status, errorCode(refused.body)]).toEqual([404, "conversation_not_found"]);
    expect(JSON.stringify(api.world.state)).toBe(before);
    const barred = await as(counsellorId, "POST", "/api/counsellor/bars", { reference: mine });
    expect(barred.status).toBe(201);
    expect(Object.values(api.world.state.conversations).map((c) => c.reference)).toEqual([theirs]);
  });

  it("should send a conversation back to the queue, then list the invite to send", async () => {
    await api.world.deps.counsellorDesk.setAvailability(counsellorId, "on_duty");
    const reference = api.world.activeReference();
    const requeued = await as(
      counsellorId,
      "POST",
      `/api/counsellor/conversations/${reference}/requeue`,
    );
    expect([requeued.status, requeued.body]).toEqual([202, { reference }]);
    // The colleague is on duty and free: chosen at once.
    const me = await as(counsellorId, "GET", "/api/counsellor/me");
    const [conversation] = me.body.conversations as { roomId: string; requeued?: boolean }[];
    expect(conversation?.requeued).toBe(true);
    expect(me.body.pendingHandovers).toEqual([
      { reference, roomId: conversation?.roomId, to: colleagueId },
    ]);
    const twice = await as(
      counsellorId,
      "POST",
      `/api/counsellor/conversations/${reference}/requeue`,
    );
    expect([twice.status, errorCode(twice.body)]).toEqual([409, "already_requeued"]);
  });

  it("should let the bot invite the colleague itself when she is off duty", async () => {
    const reference = api.world.activeReference();
    await as(counsellorId, "POST", `/api/counsellor/conversations/${reference}/requeue`);
    const me = await as(counsellorId, "GET", "/api/counsellor/me");
    expect(me.body.pendingHandovers).toEqual([]);
    expect(me.body.conversations).toMatchObject([
      { reference, handoverTo: colleagueId, requeued: true },
    ]);
    expect(api.world.changes).toContain("permanence.requeue_requested");
  });

  it("should refuse to requeue someone else's conversation, changing nothing", async () => {
    const reference = api.world.activeReference();
    const before = api.world.state;
    const path = `/api/counsellor/conversations/${reference}/requeue`;
    const response = await as(colleagueId, "POST", path);
    expect([response.status, errorCode(response.body)]).toEqual([404, "conversation_not_found"]);
    expect(api.world.state).toBe(before);
  });

  it("should refuse malformed references and bodies with a clear 400, before anything else", async () => {
    for (const bad of ["0", "-1", "1000000", "04821", "4821.5", "abc", "1e3", "%20"]) {
      const response = await as(null, "POST", `/api/counsellor/conversations/${bad}/end`);
      expect([bad, response.status, errorCode(response.body)]).toEqual([
        bad,
        400,
        "invalid_request",
      ]);
      expect(String((response.body.error as { message: string }).message)).toContain(
        "from 1 to 999999",
      );
    }
    const withBody = await as(counsellorId, "POST", "/api/counsellor/conversations/4821/end", {
      force: true,
    });
    expect([withBody.status, errorCode(withBody.body)]).toEqual([400, "invalid_request"]);
  });

  it("should want a counsellor's token", async () => {
    const reference = api.world.activeReference();
    const anonymous = await as(null, "POST", `/api/counsellor/conversations/${reference}/end`);
    expect([anonymous.status, errorCode(anonymous.body)]).toEqual([401, "unauthenticated"]);
    const youth = await as(youthId, "POST", `/api/counsellor/conversations/${reference}/requeue`);
    expect([youth.status, errorCode(youth.body)]).toEqual([403, "not_a_counsellor"]);
    expect(Object.values(api.world.state.conversations).map((c) => c.phase.kind)).toEqual([
      "active",
    ]);
  });
});

describe("the supervisor's routes", () => {
  it("should show the overview to a supervisor only", async () => {
    api.world.activeReference();
    const waiting = api.world.waitingReference();
    const overview = await as(counsellorId, "GET", "/api/supervisor/overview");
    expect(overview.status).toBe(200);
    expect(overview.body).toEqual({
      counsellors: [
        { userId: counsellorId, availability: "off_duty", load: 1, capacity: 2 },
        { userId: colleagueId, availability: "on_duty", load: 1, capacity: 1_000_000 },
      ],
      queue: [
        {
          reference: waiting,
          position: 1,
          waitingSince: "2026-11-21T20:00:00.000Z",
          state: "offered",
          offeredTo: colleagueId,
        },
      ],
      active: 1,
      danger: [],
      inProgress: [
        {
          reference: expect.any(Number),
          counsellorId,
          arrivedAt: "2026-11-21T20:00:00.000Z",
          observers: [],
        },
      ],
    });
    const colleague = await as(colleagueId, "GET", "/api/supervisor/overview");
    expect([colleague.status, errorCode(colleague.body)]).toEqual([403, "not_a_supervisor"]);
    const youth = await as(youthId, "GET", "/api/supervisor/overview");
    expect([youth.status, errorCode(youth.body)]).toEqual([403, "not_a_counsellor"]);
  });

  it("should offer a waiting youth to a named counsellor, or say why not", async () => {
    const waiting = api.world.waitingReference();
    const path = `/api/supervisor/queue/${waiting}/assign`;
    const offDuty = await as(counsellorId, "POST", path, { counsellorId });
    expect([offDuty.status, errorCode(offDuty.body)]).toEqual([409, "counsellor_unavailable"]);
    await api.world.deps.counsellorDesk.setAvailability(counsellorId, "on_duty");
    // The colleague has the offer; the supervisor moves it to herself.
    const assigned = await as(counsellorId, "POST", path, { counsellorId });
    expect([assigned.status, assigned.body]).toEqual([
      200,
      { reference: waiting, offeredTo: counsellorId },
    ]);
    const phase = Object.values(api.world.state.conversations).find(
      (c) => c.reference === waiting,
    )?.phase;
    expect(phase).toMatchObject({ kind: "offered", counsellorId });

    const notWaiting = await as(counsellorId, "POST", "/api/supervisor/queue/999999/assign", {
      counsellorId,
    });
    expect([notWaiting.status, errorCode(notWaiting.body)]).toEqual([
      404,
      "conversation_not_found",
    ]);
    const stranger = await as(counsellorId, "POST", path, { counsellorId: "@zoe:localhost" });
    expect([stranger.status, errorCode(stranger.body)]).toEqual([400, "invalid_request"]);
    const malformed = await as(counsellorId, "POST", path, { counsellorId: "zoe" });
    expect([malformed.status, errorCode(malformed.body)]).toEqual([400, "invalid_request"]);
    const byColleague = await as(colleagueId, "POST", path, { counsellorId: colleagueId });
    expect([byColleague.status, errorCode(byColleague.body)]).toEqual([403, "not_a_supervisor"]);
  });
});

describe("a path express cannot decode", () => {
  it("should be a 400 about the path, not about a body", async () => {
    const response = await as(counsellorId, "POST", "/api/counsellor/conversations/%zz/end");
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: {
        code: "invalid_request",
        message: "The request path is not valid percent-encoding.",
      },
    });
  });
});

describe("asking the supervisors for help (side channel)", () => {
  const help = (reference: number) => `/api/counsellor/conversations/${reference}/help`;

  it("should open a side channel with the supervisors on duty, reuse it, and list it in both desks", async () => {
    // The colleague is in charge; the counsellor of the fake world is a supervisor, on duty.
    await api.world.deps.counsellorDesk.setAvailability(counsellorId, "on_duty");
    const reference = api.world.activeReference(colleagueId);
    const first = await as(colleagueId, "POST", help(reference));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reference, supervisors: [counsellorId], created: true });
    const roomId = first.body.roomId as string;
    expect(api.world.homeserver.createdRooms.at(-1)?.invite).toEqual([colleagueId, counsellorId]);
    const again = await as(colleagueId, "POST", help(reference), {});
    expect([again.status, again.body.roomId, again.body.created]).toEqual([200, roomId, false]);
    expect(api.world.homeserver.createdRooms).toHaveLength(1);

    const hers = await as(colleagueId, "GET", "/api/counsellor/me");
    expect(hers.body.conversations).toMatchObject([{ reference, sideChannelRoomId: roomId }]);
    expect(hers.body.sideChannels).toEqual([{ reference, roomId, mine: true }]);
    const supervisor = await as(counsellorId, "GET", "/api/counsellor/me");
    expect(supervisor.body.sideChannels).toEqual([{ reference, roomId, mine: false }]);
  });

  it("should answer 500 and record nothing when Synapse cannot create the room", async () => {
    const reference = api.world.activeReference(colleagueId);
    const before = api.world.state;
    api.world.homeserver.failCreateRoom = true;
    const response = await as(colleagueId, "POST", help(reference));
    expect(response.status).toBe(500);
    expect(api.world.state).toBe(before);
  });

  it("should say that no supervisor is on duty", async () => {
    const reference = api.world.activeReference(colleagueId);
    const response = await as(colleagueId, "POST", help(reference));
    expect([response.status, response.body.supervisors]).toEqual([201, []]);
  });

  it("should refuse anyone but the counsellor in charge, changing nothing", async () => {
    const reference = api.world.activeReference(colleagueId);
    const waiting = api.world.waitingReference();
    const before = api.world.state;
    const changes = api.world.changes.length;
    for (const [userId, asked] of [
      [counsellorId, reference],
      [colleagueId, waiting],
      [colleagueId, 999_999],
    ] as const) {
      const response = await as(userId, "POST", help(asked));
      expect([response.status, errorCode(response.body)]).toEqual([404, "conversation_not_found"]);
    }
    const withBody = await as(colleagueId, "POST", help(reference), { urgent: true });
    expect([withBody.status, errorCode(withBody.body)]).toEqual([400, "invalid_request"]);
    const youth = await as(youthId, "POST", help(reference));
    expect([youth.status, errorCode(youth.body)]).toEqual([403, "not_a_counsellor"]);
    const get = await as(colleagueId, "GET", help(reference));
    expect(get.status).toBe(405);
    expect(api.world.state).toBe(before);
    expect(api.world.changes.slice(changes)).toEqual([]);
    expect(api.world.homeserver.createdRooms).toEqual([]);
  });
});
