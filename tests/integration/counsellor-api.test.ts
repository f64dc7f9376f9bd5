import { EventTimeline } from "matrix-js-sdk";
import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  until,
  type ScriptedCounsellor,
  withStackAndTeam,
  twoCounsellorsAndASupervisor,
} from "../support/counsellor.ts";
import {
  counsellorGoesOnDuty,
  eventually,
  waitForYouthStatus,
  youthStartsConversation,
} from "../support/permanence.ts";
import type { TestStack } from "../support/test-stack.ts";
import { textOf, youthClientStarts } from "../support/encrypting-youth.ts";
import { askForConversation, registerYouth, type ApiYouth } from "../support/youth.ts";

// The counsellor console's API (docs/counsellor-api.md) against a real Synapse and the real bot,
// driven by scripted counsellors that make the Matrix calls the console makes: joining to accept,
// inviting a colleague from their own cross-signed device. One stack for the whole story, which
// goes on from test to test: Camille and Alex hold one conversation each at most, Sam is a
// supervisor (`supervisor: true` in the bot config).

let stack: TestStack;
let camille: ScriptedCounsellor;
let alex: ScriptedCounsellor;
let sam: ScriptedCounsellor;
/** Other clients started along the way (the youth's), stopped at the end. */
const stops: (() => void)[] = [];

interface Me {
  availability: string;
  load: number;
  supervisor: boolean;
  waiting: number;
  conversations: {
    reference: number;
    roomId: string;
    name: string;
    state: string;
    arrivedAt: string;
    offerExpiresAt?: string;
    handoverTo?: string;
    handoverFrom?: string;
    requeued?: boolean;
  }[];
  queue: { reference: number; position: number; state: string }[];
  colleagues: { userId: string; availability: string }[];
  pendingHandovers: { reference: number; roomId: string; to: string }[];
  cannedReplies: { id: string; label: Record<string, string>; text: Record<string, string> }[];
}

async function api(
  counsellor: ScriptedCounsellor,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.webUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await counsellor.openIdToken()}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function me(counsellor: ScriptedCounsellor): Promise<Me> {
  const response = await api(counsellor, "GET", "/api/counsellor/me");
  expect(response.status).toBe(200);
  return response.body as unknown as Me;
}

function errorCode(body: Record<string, unknown>): unknown {
  return (body.error as { code?: unknown } | undefined)?.code;
}

async function staffNotice(counsellor: ScriptedCounsellor, pattern: RegExp): Promise<string> {
  let found: string | undefined;
  await until(
    () => (found = counsellor.staffNotices().find((notice) => pattern.test(notice))) !== undefined,
    30_000,
    `a staff notice matching ${pattern}`,
  );
  return found as string;
}

/** Pages back to the room's creation, so every earlier event is in the client's timeline. */
async function loadWholeHistory(counsellor: ScriptedCounsellor, roomId: string): Promise<void> {
  const room = counsellor.client.getRoom(roomId);
  if (!room) throw new Error(`no room ${roomId}`);
  while (room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS) !== null) {
    await counsellor.client.scrollback(room, 100);
  }
}

function readable(counsellor: ScriptedCounsellor, roomId: string): string[] {
  return (
    counsellor.client
      .getRoom(roomId)
      ?.getLiveTimeline()
      .getEvents()
      .flatMap((event) => textOf(event) ?? []) ?? []
  );
}

function membershipIn(observer: ScriptedCounsellor, roomId: string, userId: string) {
  return observer.client.getRoom(roomId)?.getMember(userId)?.membership;
}

const parties = withStackAndTeam({ counsellors: twoCounsellorsAndASupervisor });
beforeAll(() => {
  ({ stack } = parties);
  [camille, alex, sam] = parties.team as [
    ScriptedCounsellor,
    ScriptedCounsellor,
    ScriptedCounsellor,
  ];
});

// Registered after the stack's hooks, so run before them: the youths' clients stop first.
afterAll(() => {
  for (const stop of stops) stop();
});

describe("the counsellor console's API", () => {
  let youth: ApiYouth;
  let roomId: string;
  let reference: number;

  it("should show an offer, then the active conversation with its room and name, and the canned replies", async () => {
    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.nextInvite();
    youth = await registerYouth(stack);
    roomId = await youthStartsConversation(stack, youth);
    expect(await invited).toBe(roomId);

    // Its expiry shows once the bot has recorded that Synapse made her invite (her time to answer
    // starts then), a moment after her client sees the invite.
    const offered = await eventually(
      () => me(camille),
      (view) =>
        view.conversations.length === 1 && view.conversations[0]?.offerExpiresAt !== undefined,
      "the offer and its expiry in camille's /me",
    );
    const [offer] = offered.conversations;
    reference = offer?.reference ?? 0;
    expect(offer).toMatchObject({ roomId, state: "offered" });
    expect(offer?.name).toMatch(new RegExp(`^Jeune ${reference} · \\d\\d:\\d\\d$`));
    expect(Date.parse(offer?.offerExpiresAt ?? "") - Date.parse(offer?.arrivedAt ?? "")).toBe(
      90_000,
    );
    expect(offered.supervisor).toBe(false);
    expect(offered.colleagues.map((c) => c.userId)).toEqual([alex.userId, sam.userId]);
    // Maintenant j'en parle's replies, in French at least.
    expect(offered.cannedReplies.map((reply) => reply.id)).toEqual([
      "emergency",
      "take-your-time",
      "hours",
      "care-centre",
    ]);
    expect(offered.cannedReplies[0]?.text.fr).toContain("112");

    // Accepting is joining, with her own client.
    await camille.client.joinRoom(roomId);
    const active = await eventually(
      () => me(camille),
      (view) => view.conversations[0]?.state === "active",
      "the conversation active in camille's /me",
    );
    expect(active.conversations).toEqual([
      {
        reference,
        roomId,
        name: offer?.name,
        state: "active",
        arrivedAt: offer?.arrivedAt,
      },
    ]);
    expect(active.load).toBe(1);
  });

  it("should end a conversation through the API, for the youth too", async () => {
    const byAlex = await api(alex, "POST", `/api/counsellor/conversations/${reference}/end`);
    expect([byAlex.status, errorCode(byAlex.body)]).toEqual([404, "conversation_not_found"]);
    const malformed = await api(camille, "POST", "/api/counsellor/conversations/J-1/end");
    expect(malformed.status).toBe(400);

    const ended = await api(camille, "POST", `/api/counsellor/conversations/${reference}/end`, {});
    expect([ended.status, ended.body]).toEqual([200, { reference, ended: true }]);
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (status) => status?.state === "ended" && status.reason === "counsellor_ended",
      "the youth to see the conversation ended by the counsellor",
    );
    expect((await me(camille)).conversations).toEqual([]);
    await staffNotice(camille, new RegExp(`Conversation Jeune ${reference} terminée par`));
  });

  it("should send a conversation back to the queue, then have the first counsellor invite the colleague found, with the history", async () => {
    const invited = camille.nextInvite();
    youth = await registerYouth(stack);
    const asked = await askForConversation(stack, youth);
    expect(asked.status).toBe(201);
    roomId = asked.body.roomId as string;
    expect(await invited).toBe(roomId);
    await camille.client.joinRoom(roomId);
    // The youth's page encrypts, and they talk before the conversation is sent back.
    const youthClient = await youthClientStarts(stack, youth, roomId);
    stops.push(() => youthClient.stop());
    await youthClient.seesMember(camille.userId, KnownMembership.Join);
    const stamp = Date.now().toString(36);
    const before = [`youth before the requeue ${stamp}`, `camille before the requeue ${stamp}`];
    await youthClient.send(before[0] as string);
    await camille.waitForMessage(roomId, before[0] as string);
    await camille.send(roomId, before[1] as string);
    await youthClient.waitForMessage(before[1] as string);
    reference = (
      await eventually(
        () => me(camille),
        (view) => view.conversations[0]?.state === "active",
        "camille's second conversation active",
      )
    ).conversations[0]?.reference as number;

    const requeued = await api(
      camille,
      "POST",
      `/api/counsellor/conversations/${reference}/requeue`,
    );
    expect([requeued.status, requeued.body]).toEqual([202, { reference }]);
    const again = await api(camille, "POST", `/api/counsellor/conversations/${reference}/requeue`);
    expect([again.status, errorCode(again.body)]).toEqual([409, "already_requeued"]);
    // Nobody else is on duty: it stays hers, marked.
    expect(await me(camille)).toMatchObject({
      conversations: [{ reference, state: "active", requeued: true }],
      pendingHandovers: [],
    });

    await counsellorGoesOnDuty(stack, alex);
    const pending = await eventually(
      () => me(camille),
      (view) => view.pendingHandovers.length === 1,
      "the pending handover in camille's /me",
    );
    expect(pending.pendingHandovers).toEqual([{ reference, roomId, to: alex.userId }]);
    await staffNotice(camille, new RegExp(`/invite ${alex.userId}`));
    // Not invited yet: Alex is not offered anything, but her slot is held.
    expect(await me(alex)).toMatchObject({ load: 1, conversations: [] });

    // What the console does at once: invite from Camille's own device (the history follows).
    const alexInvited = alex.nextInvite();
    await camille.client.invite(roomId, alex.userId);
    expect(await alexInvited).toBe(roomId);
    const offeredToAlex = await eventually(
      () => me(alex),
      (view) => view.conversations[0]?.state === "handover_offered",
      "the handover offered in alex's /me",
    );
    expect(offeredToAlex.conversations[0]).toMatchObject({
      reference,
      roomId,
      handoverFrom: camille.userId,
    });
    expect(typeof offeredToAlex.conversations[0]?.offerExpiresAt).toBe("string");
    expect((await me(camille)).pendingHandovers).toEqual([]);

    await alex.client.joinRoom(roomId);
    await eventually(
      () => me(alex),
      (view) => view.conversations[0]?.state === "active",
      "alex to hold the conversation",
    );
    await staffNotice(alex, new RegExp(`alex a pris le relais de Jeune ${reference}`));
    expect(await me(camille)).toMatchObject({ load: 0, conversations: [] });
    await until(
      () => membershipIn(alex, roomId, camille.userId) === KnownMembership.Leave,
      30_000,
      "camille to be removed from the room",
    );
    // Camille's own invite carried the room's key history: Alex reads what was said before.
    await loadWholeHistory(alex, roomId);
    await eventually(
      async () => readable(alex, roomId),
      (texts) => before.every((body) => texts.includes(body)),
      "alex to decrypt the messages written before the requeue",
    );
  });

  it("should cancel a pending handover the colleague does not join in time, revoking her invite", async () => {
    // Alex holds the conversation; Camille is on duty and free again.
    const camilleInvited = camille.nextInvite();
    await alex.client.invite(roomId, camille.userId);
    expect(await camilleInvited).toBe(roomId);
    await eventually(
      () => me(camille),
      (view) => view.conversations[0]?.state === "handover_offered",
      "the handover offered in camille's /me",
    );
    expect((await me(alex)).conversations[0]?.handoverTo).toBe(camille.userId);

    // Nothing else is offered to anyone now, so moving past the timeout expires only this.
    stack.clock.advance(91_000);
    await stack.bot.tick();
    await staffNotice(alex, new RegExp(`camille n'a pas rejoint la conversation à temps`));
    await until(
      () => membershipIn(alex, roomId, camille.userId) === KnownMembership.Leave,
      30_000,
      "camille's invite to be revoked",
    );
    await expect(camille.client.joinRoom(roomId)).rejects.toThrow();
    expect(await me(alex)).toMatchObject({
      conversations: [{ reference, roomId, state: "active" }],
    });
    expect((await me(alex)).conversations[0]).not.toHaveProperty("handoverTo");
    expect(await me(camille)).toMatchObject({ load: 0, conversations: [] });
  });

  it("should give a supervisor the overview and let her offer a waiting youth to someone else", async () => {
    const forbidden = await api(camille, "GET", "/api/supervisor/overview");
    expect([forbidden.status, errorCode(forbidden.body)]).toEqual([403, "not_a_supervisor"]);

    const invited = camille.nextInvite();
    const next = await registerYouth(stack);
    const waitingRoom = await youthStartsConversation(stack, next);
    expect(await invited).toBe(waitingRoom);
    const overview = await api(sam, "GET", "/api/supervisor/overview");
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      counsellors: [
        { userId: camille.userId, availability: "on_duty", load: 1 },
        { userId: alex.userId, availability: "on_duty", load: 1 },
        { userId: sam.userId, availability: "off_duty", load: 0 },
      ],
      queue: [{ position: 1, state: "offered", offeredTo: camille.userId }],
      active: 1,
    });
    // Metadata only: the supervisor is in no conversation, so no room id at all.
    expect(JSON.stringify(overview.body)).not.toContain("!");
    const waiting = (overview.body.queue as { reference: number }[])[0]?.reference as number;
    expect((await me(sam)).supervisor).toBe(true);

    const path = `/api/supervisor/queue/${waiting}/assign`;
    const byCamille = await api(camille, "POST", path, { counsellorId: alex.userId });
    expect([byCamille.status, errorCode(byCamille.body)]).toEqual([403, "not_a_supervisor"]);
    const full = await api(sam, "POST", path, { counsellorId: alex.userId });
    expect([full.status, errorCode(full.body)]).toEqual([409, "counsellor_unavailable"]);

    const samOnDuty = await api(sam, "PUT", "/api/counsellor/availability", {
      availability: "on_duty",
    });
    expect(samOnDuty.status).toBe(200);
    const samInvited = sam.nextInvite();
    const assigned = await api(sam, "POST", path, { counsellorId: sam.userId });
    expect([assigned.status, assigned.body]).toEqual([
      200,
      { reference: waiting, offeredTo: sam.userId },
    ]);
    expect(await samInvited).toBe(waitingRoom);
    await staffNotice(
      camille,
      new RegExp(`sam retire Jeune ${waiting} à camille et la propose à sam`),
    );
    // Camille's invite was withdrawn; she is not paused for it.
    await eventually(
      () => me(camille),
      (view) => view.conversations.length === 0,
      "the offer to leave camille's /me",
    );
    expect((await me(camille)).availability).toBe("on_duty");
    await sam.client.joinRoom(waitingRoom);
    await eventually(
      () => me(sam),
      (view) => view.conversations[0]?.state === "active",
      "sam to hold the conversation",
    );
  });

  it("should let the bot invite the colleague itself, without the history, when the counsellor left before inviting", async () => {
    // Alex still holds the conversation from before; Camille is on duty and free.
    const requeued = await api(alex, "POST", `/api/counsellor/conversations/${reference}/requeue`);
    expect(requeued.status).toBe(202);
    await eventually(
      () => me(alex),
      (view) => view.pendingHandovers[0]?.to === camille.userId,
      "camille chosen for alex's conversation",
    );
    // Alex's console never sends the invite: she leaves the conversation.
    const camilleInvited = camille.nextInvite();
    await alex.client.leave(roomId);
    expect(await camilleInvited).toBe(roomId);
    expect(
      await staffNotice(
        camille,
        new RegExp(
          `Jeune ${reference} \\(remise dans la file\\) : camille est libre et la permanence l'a invitée`,
        ),
      ),
    ).toContain("ne verra PAS les messages déjà écrits");
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (status) => status?.state === "counsellor_joining",
      "the youth to wait for the colleague",
    );
    await camille.client.joinRoom(roomId);
    await eventually(
      () => me(camille),
      (view) =>
        view.conversations[0]?.state === "active" && view.conversations[0]?.roomId === roomId,
      "camille to hold the conversation",
    );
    expect(await me(alex)).toMatchObject({ load: 0, conversations: [] });
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (status) => status?.state === "counsellor_present",
      "the youth to see a counsellor again",
    );
  });
});

describe("the console's OpenID token", () => {
  /** How many times Synapse was asked to confirm an OpenID token (its own request counter). */
  async function openIdChecksBySynapse(): Promise<number> {
    const text = await (await fetch(`${stack.rendered.metricsUrl}/_synapse/metrics`)).text();
    return text
      .split("\n")
      .filter((line) => line.startsWith("synapse_http_server_requests_received_total{"))
      .filter((line) => line.includes('servlet="OpenIdUserInfo"'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
  }

  it("should cost Synapse one check however often the console polls with it", async () => {
    const token = (await camille.client.getOpenIdToken()).access_token;
    const before = await openIdChecksBySynapse();
    for (let poll = 0; poll < 10; poll += 1) {
      const response = await fetch(`${stack.webUrl}/api/counsellor/me`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
    expect(await openIdChecksBySynapse()).toBe(before + 1);
  });
});
