import { beforeAll, describe, expect, it } from "vitest";
import {
  until,
  type ScriptedCounsellor,
  withStackAndTeam,
  twoCounsellorsAndASupervisor,
} from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthSees,
  youthStartsConversation,
} from "../support/permanence.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";
import type { TestStack } from "../support/test-stack.ts";
import { registerYouth, type ApiYouth } from "../support/youth.ts";

// A side channel (issue 18) against a real Synapse and the real bot: Camille, in charge of a
// conversation, asks for help; Sam, a supervisor on duty, is invited with her into an encrypted
// room the youth is not in; Alex (no supervisor) is not. Ended, its members are removed; erased,
// the room is purged and blocked like the conversation's, and nothing either wrote is left.

const graceMs = 5 * 60_000; // config/helplines/maintenant-jen-parle.yaml

describe("a side channel with the supervisors", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;
  let alex: ScriptedCounsellor;
  let sam: ScriptedCounsellor;
  let youth: ApiYouth;
  let roomId: string;
  let reference: number;
  let sideRoomId: string;
  /** The alias that makes its creation idempotent (keyed by the conversation). */
  let sideAlias: string;
  const admin = async (
    path: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${stack.synapseUrl}${path}`, {
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const askForHelp = async (counsellor: ScriptedCounsellor, asked: number) => {
    const response = await fetch(`${stack.webUrl}/api/counsellor/conversations/${asked}/help`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await counsellor.openIdToken()}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const members = async (room: string): Promise<string[]> => {
    const { body } = await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(room)}/members`);
    return ((body.members as string[] | undefined) ?? []).slice().sort();
  };
  const roomCount = async (): Promise<number> =>
    (await admin("/_synapse/admin/v1/rooms?limit=500")).body.total_rooms as number;

  const parties = withStackAndTeam({ counsellors: twoCounsellorsAndASupervisor });
  beforeAll(async () => {
    ({ stack } = parties);
    [camille, alex, sam] = parties.team as [
      ScriptedCounsellor,
      ScriptedCounsellor,
      ScriptedCounsellor,
    ];
    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.acceptNextInvite();
    youth = await registerYouth(stack);
    roomId = await youthStartsConversation(stack, youth);
    expect(await invited).toBe(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
    const desk = await counsellorDesk(stack, camille);
    reference = desk.conversations[0]?.reference ?? 0;
    // Sam comes on duty once the youth is Camille's, so that the queue offers her nothing.
    await counsellorGoesOnDuty(stack, sam);
  }, 180_000);

  it("should refuse anyone but the counsellor in charge, creating no room", async () => {
    const before = await roomCount();
    const byAlex = await askForHelp(alex, reference);
    expect(byAlex.status).toBe(404);
    const bySam = await askForHelp(sam, reference);
    expect(bySam.status).toBe(404);
    expect(await roomCount()).toBe(before);
  });

  it("should open an encrypted room with exactly her and the supervisor on duty, never the youth", async () => {
    const camilleInvited = camille.acceptNextInvite();
    const samInvited = sam.acceptNextInvite();
    const asked = await askForHelp(camille, reference);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ reference, supervisors: [sam.userId], created: true });
    sideRoomId = asked.body.roomId as string;
    expect(await camilleInvited).toBe(sideRoomId);
    expect(await samInvited).toBe(sideRoomId);

    const details = (await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(sideRoomId)}`))
      .body;
    expect(details).toMatchObject({
      name: `Soutien · Jeune ${reference}`,
      encryption: "m.megolm.v1.aes-sha2",
      federatable: false,
      public: false,
      join_rules: "invite",
      guest_access: "forbidden",
    });
    sideAlias = details.canonical_alias as string;
    expect(sideAlias).toMatch(/^#helpline-side-[0-9a-f]{40}:localhost$/);
    await eventually(
      () => members(sideRoomId),
      (list) => list.length === 3,
      "both to have joined the side channel",
    );
    expect(await members(sideRoomId)).toEqual(
      [stack.bot.userId, camille.userId, sam.userId].sort(),
    );
    expect(await members(sideRoomId)).not.toContain(youth.userId);

    // The staff room is told, Sam named with her id (a mention), nothing else.
    await until(
      () =>
        camille
          .staffNotices()
          .some((n) => n.includes(`Jeune ${reference}`) && n.includes(`(${sam.userId})`)),
      30_000,
      "the staff notice naming Sam",
    );
    // The console's feed gives the room to both.
    const hers = (await counsellorDesk(stack, camille)) as unknown as {
      sideChannels: unknown[];
    };
    expect(hers.sideChannels).toEqual([{ reference, roomId: sideRoomId, mine: true }]);
    const his = (await counsellorDesk(stack, sam)) as unknown as { sideChannels: unknown[] };
    expect(his.sideChannels).toEqual([{ reference, roomId: sideRoomId, mine: false }]);
  });

  it("should carry their words end to end, readable by them and not by the server", async () => {
    const question = `side question ${sideRoomId.slice(1, 9)} what now`;
    const answer = `side answer ${sideRoomId.slice(1, 9)} call the centre`;
    await camille.send(sideRoomId, question);
    await sam.waitForMessage(sideRoomId, question);
    await sam.send(sideRoomId, answer);
    await camille.waitForMessage(sideRoomId, answer);
    expect(await findInSynapseDatabase(stack, [question, answer])).toEqual([]);
  });

  it("should reuse the room when asked again, from the staff room too", async () => {
    const before = await roomCount();
    const again = await askForHelp(camille, reference);
    expect([again.status, again.body.roomId, again.body.created]).toEqual([200, sideRoomId, false]);
    const notices = camille.staffNotices().length;
    await camille.sayInStaffRoom(`!aide ${reference}`);
    await until(
      () =>
        camille
          .staffNotices()
          .slice(notices)
          .some((n) => n.includes("demande à nouveau du soutien")),
      30_000,
      "the notice of the second request",
    );
    expect(await roomCount()).toBe(before);
  });

  it("should remove its members when the conversation ends and purge it with the conversation", async () => {
    const ended = await fetch(`${stack.webUrl}/api/counsellor/conversations/${reference}/end`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await camille.openIdToken()}` },
    });
    expect(ended.status).toBe(200);
    await eventually(
      () => members(sideRoomId),
      (list) => list.length === 1,
      "the side channel's members to be removed",
    );
    expect(await members(sideRoomId)).toEqual([stack.bot.userId]);

    // Erased after the grace period, across a restart: the erasure carries the side room.
    await stack.restartBot();
    stack.clock.advance(graceMs + 1000);
    await stack.bot.tick();
    await stack.bot.settled();
    for (const room of [roomId, sideRoomId]) {
      await eventually(
        async () => (await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(room)}`)).status,
        (status) => status === 404,
        `${room} to be purged`,
      );
    }
    // Its alias went with it: nothing points to it any more.
    const alias = await admin(`/_matrix/client/v3/directory/room/${encodeURIComponent(sideAlias)}`);
    expect(alias.status).toBe(404);
    const blocked = await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(sideRoomId)}/block`);
    expect(blocked.body).toMatchObject({ block: true });
  });
});
