import { EventTimeline, type MatrixClient } from "matrix-js-sdk";
import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { teamLogsIn, until, type ScriptedCounsellor } from "../support/counsellor.ts";
import { textOf, youthClientStarts, type EncryptingYouth } from "../support/encrypting-youth.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  waitForYouthStatus,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { askForConversation, registerYouth, type ApiYouth } from "../support/youth.ts";

// Handing a conversation over, with its history, against a real Synapse and the real bot. Two
// scripted counsellors make the standard Matrix calls Element makes (cross-signed Rust-crypto
// devices), and the youth's client encrypts as the youth's page does. The bot holds no keys: the
// history reaches the colleague only because the counsellor in charge invites her from her own
// client (MSC4268 key bundle).

let stack: TestStack | undefined;
const stops: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await stack?.stop();
  stack = undefined;
});

interface Conversation {
  stack: TestStack;
  camille: ScriptedCounsellor;
  alex: ScriptedCounsellor;
  youth: ApiYouth;
  youthClient: EncryptingYouth;
  roomId: string;
  reference: number;
  /** Every message written before the handover, in order. */
  before: string[];
}

/** Camille talks with a youth, several encrypted messages each way; Alex is on duty, free. */
async function camilleTalksWithAYouth(alexOnDuty = true): Promise<Conversation> {
  stack = await startTestStack({
    counsellors: [
      { localpart: "camille", maxConversations: 1 },
      { localpart: "alex", maxConversations: 1 },
    ],
  });
  const team = await teamLogsIn(stack);
  stops.push(...team.map((counsellor) => () => counsellor.stop()));
  const [camille, alex] = team as [ScriptedCounsellor, ScriptedCounsellor];
  await counsellorGoesOnDuty(stack, camille);

  const youth = await registerYouth(stack);
  const accepted = camille.acceptNextInvite();
  const asked = await askForConversation(stack, youth);
  expect(asked.status).toBe(201);
  const roomId = asked.body.roomId as string;
  expect(await accepted).toBe(roomId);
  const youthClient = await youthClientStarts(stack, youth, roomId);
  stops.push(() => youthClient.stop());
  await youthClient.seesMember(camille.userId, KnownMembership.Join);

  const before: string[] = [];
  const stamp = Date.now().toString(36);
  for (let turn = 1; turn <= 3; turn += 1) {
    const fromYouth = `youth ${turn} before the handover ${stamp}`;
    await youthClient.send(fromYouth);
    await camille.waitForMessage(roomId, fromYouth);
    const fromCamille = `camille ${turn} before the handover ${stamp}`;
    await camille.send(roomId, fromCamille);
    await youthClient.waitForMessage(fromCamille);
    before.push(fromYouth, fromCamille);
  }
  if (alexOnDuty) await counsellorGoesOnDuty(stack, alex);
  const desk = await counsellorDesk(stack, camille);
  const reference = desk.conversations[0]?.reference;
  if (reference === undefined) throw new Error("camille has no conversation");
  return { stack, camille, alex, youth, youthClient, roomId, reference, before };
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
async function loadWholeHistory(client: MatrixClient, roomId: string): Promise<void> {
  const room = client.getRoom(roomId);
  if (!room) throw new Error(`no room ${roomId}`);
  while (room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS) !== null) {
    await client.scrollback(room, 100);
  }
}

function readable(client: MatrixClient, roomId: string): string[] {
  return (
    client
      .getRoom(roomId)
      ?.getLiveTimeline()
      .getEvents()
      .flatMap((event) => textOf(event) ?? []) ?? []
  );
}

/** The colleague joins, then the bot moves the conversation to her and removes Camille. */
async function alexTakesOver(conversation: Conversation): Promise<void> {
  const { stack, camille, alex, youth, youthClient, roomId, reference } = conversation;
  await alex.client.joinRoom(roomId);
  await until(
    () => alex.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join,
    30_000,
    "alex's join to show in sync",
  );
  await staffNotice(alex, new RegExp(`alex a pris le relais de Jeune ${reference}`));
  await youthClient.seesMember(camille.userId, KnownMembership.Leave);
  const status = await waitForYouthStatus(
    stack,
    youth,
    roomId,
    (s) => s?.state === "counsellor_present" && "handedOver" in s && s.handedOver === true,
    "the youth to be told another counsellor took over",
  );
  expect(status).toEqual({ state: "counsellor_present", handedOver: true });
  expect(await counsellorDesk(stack, alex)).toMatchObject({
    load: 1,
    conversations: [{ reference, state: "active" }],
  });
  expect(await counsellorDesk(stack, camille)).toMatchObject({ load: 0, conversations: [] });
}

/** Alex decrypts every message written before the handover, by the youth and by Camille. */
async function alexReadsAllBefore(conversation: Conversation): Promise<void> {
  const { alex, roomId, before } = conversation;
  await loadWholeHistory(alex.client, roomId);
  await eventually(
    async () => readable(alex.client, roomId),
    (texts) => before.every((body) => texts.includes(body)),
    "alex to decrypt every message sent before the handover",
  );
}

/** The youth and the colleague go on talking; Camille, removed, receives none of it. */
async function theyGoOn(conversation: Conversation): Promise<void> {
  const { camille, alex, youthClient, roomId } = conversation;
  const afterward = `youth after the handover ${Date.now().toString(36)}`;
  await youthClient.send(afterward);
  await alex.waitForMessage(roomId, afterward);
  const reply = `alex after the handover ${Date.now().toString(36)}`;
  await alex.send(roomId, reply);
  await youthClient.waitForMessage(reply);
  expect(camille.client.getRoom(roomId)?.getMyMembership()).toBe(KnownMembership.Leave);
  expect(readable(camille.client, roomId)).not.toContain(afterward);
}

describe("handing a conversation over with its history", () => {
  it("should let the colleague decrypt every earlier message when the counsellor in charge invites her", async () => {
    const conversation = await camilleTalksWithAYouth();
    const { camille, alex, roomId, reference, before } = conversation;

    // Camille announces it in the staff room; the bot tells her the exact invite to send. Asked
    // for the next free colleague instead, it names Alex too, the only one.
    await camille.sayInStaffRoom(`!passer ${reference} alex`);
    const instructions = await staffNotice(camille, /\/invite /);
    expect(instructions).toContain(
      `Invite ${alex.userId} dans « Jeune ${reference} » : /invite ${alex.userId}`,
    );
    const noticesSoFar = camille.staffNotices().length;
    await camille.sayInStaffRoom(`!relais ${reference}`);
    await until(
      () => camille.staffNotices().length > noticesSoFar,
      30_000,
      "the answer to !relais",
    );
    expect(camille.staffNotices().at(-1)).toContain(`/invite ${alex.userId}`);

    // She invites Alex from her own client, as Element's /invite does: the SDK sends Alex the
    // room's key history (MSC4268) before the invite itself.
    const invited = alex.nextInvite();
    await camille.client.invite(roomId, alex.userId);
    expect(await invited).toBe(roomId);
    await staffNotice(
      camille,
      new RegExp(`Passation de Jeune ${reference} : camille a invité alex`),
    );
    await alexTakesOver(conversation);

    // Every message written before the handover, by the youth and by Camille, reads in clear.
    await alexReadsAllBefore(conversation);
    for (const body of before) expect(readable(alex.client, roomId)).toContain(body);

    await theyGoOn(conversation);
  });

  it("should take back an invite to a colleague off duty, say why, and leave the conversation as it was", async () => {
    const conversation = await camilleTalksWithAYouth(false);
    const { camille, alex, youth, roomId, reference } = conversation;
    const invited = alex.nextInvite();
    await camille.client.invite(roomId, alex.userId);
    expect(await invited).toBe(roomId);
    expect(await staffNotice(camille, /Invitation dans Jeune/)).toBe(
      `Invitation dans Jeune ${reference} annulée : alex est hors service (elle peut taper !dispo ou !pause).`,
    );
    await until(
      () =>
        conversation.youthClient.client.getRoom(roomId)?.getMember(alex.userId)?.membership ===
        KnownMembership.Leave,
      30_000,
      "alex's invite to be taken back",
    );
    await expect(alex.client.joinRoom(roomId)).rejects.toThrow();
    expect(await counsellorDesk(conversation.stack, camille)).toMatchObject({
      load: 1,
      conversations: [{ reference, state: "active" }],
    });
    const status = await waitForYouthStatus(
      conversation.stack,
      youth,
      roomId,
      (s) => s !== null,
      "a status",
    );
    expect(status).toEqual({ state: "counsellor_present" });
  });

  it("should keep the youth for the colleague when the counsellor leaves right after inviting her", async () => {
    const conversation = await camilleTalksWithAYouth();
    const { stack, camille, alex, youth, roomId, reference } = conversation;
    const invited = alex.nextInvite();
    await camille.client.invite(roomId, alex.userId);
    expect(await invited).toBe(roomId);
    await staffNotice(
      camille,
      new RegExp(`Passation de Jeune ${reference} : camille a invité alex`),
    );
    await camille.client.leave(roomId);
    // Nobody is with the youth for a moment: she is told someone is coming, not that it ended.
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (s) => s?.state === "counsellor_joining",
      "the youth to wait for the colleague",
    );
    await alexTakesOver(conversation);
    await alexReadsAllBefore(conversation);
  });

  it("should finish a handover begun before a bot restart", async () => {
    const conversation = await camilleTalksWithAYouth();
    const { stack, camille, alex, roomId, reference } = conversation;
    const invited = alex.nextInvite();
    await camille.client.invite(roomId, alex.userId);
    expect(await invited).toBe(roomId);
    await staffNotice(
      camille,
      new RegExp(`Passation de Jeune ${reference} : camille a invité alex`),
    );

    // The pending handover (and the slot it holds) comes back from the journal.
    await stack.restartBot();
    await alexTakesOver(conversation);
    await alexReadsAllBefore(conversation);
  });

  it("should leave the history unreadable when the invite does not come from the counsellor's client", async () => {
    // What the bot's invite would give (it has no keys): the same handover, with an invite that
    // carries no key bundle. This is why the invite must come from the counsellor in charge.
    const conversation = await camilleTalksWithAYouth();
    const { stack, camille, alex, roomId, before } = conversation;
    const invited = alex.nextInvite();
    const response = await fetch(
      `${stack.synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${camille.client.getAccessToken() ?? ""}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ user_id: alex.userId }),
      },
    );
    expect(response.status).toBe(200);
    expect(await invited).toBe(roomId);
    await alexTakesOver(conversation);
    // New messages reach her, so her client is caught up; the earlier ones stay encrypted.
    await theyGoOn(conversation);
    await loadWholeHistory(alex.client, roomId);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const texts = readable(alex.client, roomId);
    for (const body of before) expect(texts).not.toContain(body);
    const undecryptable = alex.client
      .getRoom(roomId)
      ?.getLiveTimeline()
      .getEvents()
      .filter((event) => event.isDecryptionFailure());
    expect(undecryptable?.length).toBeGreaterThanOrEqual(before.length);
  });
});
