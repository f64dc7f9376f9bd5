import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamLogsIn, until, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  waitForYouthStatus,
  youthLeaves,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { askForConversation, postJson, registerYouth, type ApiYouth } from "../support/youth.ts";

// What a counsellor sees in Element, against the real Synapse and bot: the scripted counsellor
// uses the standard Matrix calls Element makes, and reads what Element would show (the staff
// room's notices, an invite's reason, her membership once a conversation is over).

const offerTimeoutSeconds = 90; // config/helplines/maintenant-jen-parle.yaml

let stack: TestStack;
let camille: ScriptedCounsellor;
let alex: ScriptedCounsellor;

beforeAll(async () => {
  stack = await startTestStack({
    counsellors: [
      { localpart: "camille", displayName: "Camille", maxConversations: 2 },
      { localpart: "alex", maxConversations: 2 },
    ],
  });
  [camille, alex] = (await teamLogsIn(stack)) as [ScriptedCounsellor, ScriptedCounsellor];
});

afterAll(async () => {
  await camille?.stop();
  await alex?.stop();
  await stack?.stop();
});

function staffNotice(counsellor: ScriptedCounsellor, text: string, after = 0) {
  return eventually(
    async () => counsellor.staffNotices().slice(after),
    (notices) => notices.some((notice) => notice.includes(text)),
    `a staff room notice containing "${text}"`,
  );
}

/** A youth opens a conversation and joins it, as the youth's page does; the bot answers a name. */
async function youthArrives(): Promise<{ youth: ApiYouth; roomId: string; youthName: string }> {
  const youth = await registerYouth(stack);
  const { status, body } = await askForConversation(stack, youth);
  expect(status).toBe(201);
  const roomId = body.roomId as string;
  const youthName = body.youthName as string;
  const joined = await postJson(
    `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
    {},
    { Authorization: `Bearer ${youth.accessToken}` },
  );
  expect(joined.status).toBe(200);
  return { youth, roomId, youthName };
}

/** Her own m.room.member event in a room, as her client has it (an invite's, or her removal's). */
function ownMemberEvent(counsellor: ScriptedCounsellor, roomId: string) {
  return counsellor.client.getRoom(roomId)?.getMember(counsellor.userId)?.events.member;
}

describe("a counsellor in Element", () => {
  it("should be named by her display name in the staff room, her user name without one, and her new name once she changes it", async () => {
    const seen = camille.staffNotices().length;
    await counsellorGoesOnDuty(stack, camille);
    await staffNotice(camille, "Camille est en service.", seen);
    await counsellorGoesOnDuty(stack, alex);
    await staffNotice(camille, "alex est en service.", seen);

    // Element changes the global profile; Synapse updates her member event in the staff room.
    await camille.client.setDisplayName("Camille B.");
    await until(
      () =>
        camille.client.getRoom(stack.bot.staffRoomId)?.getMember(camille.userId)?.name ===
        "Camille B.",
      30_000,
      "the new name in the staff room",
    );
    const later = camille.staffNotices().length;
    await camille.sayInStaffRoom("!pause");
    await staffNotice(camille, "Camille B. est en pause.", later);
    await camille.client.setDisplayName("Camille");
    await counsellorGoesOnDuty(stack, camille);
  });

  it("should be told she is already on duty, paused or off duty, and nothing changes", async () => {
    const seen = camille.staffNotices().length;
    await camille.sayInStaffRoom("!dispo");
    const notices = await staffNotice(camille, "Tu es déjà en service", seen);
    // The answer, not the status list it used to be.
    expect(notices.join("\n")).not.toContain("Intervenantes :");
    expect((await counsellorDesk(stack, camille)).availability).toBe("on_duty");
  });

  let first: { youth: ApiYouth; roomId: string; youthName: string } | undefined;

  it("should read in the invite and in the staff room how long the offer stands", async () => {
    await alex.sayInStaffRoom("!pause");
    await eventually(
      () => counsellorDesk(stack, alex),
      (desk) => desk.availability === "paused",
      "alex paused",
    );
    const seen = camille.staffNotices().length;
    const invited = camille.nextInvite();
    first = await youthArrives();
    const { roomId, youthName } = first;
    expect(await invited).toBe(roomId);
    // Element shows the reason with the invite.
    expect(ownMemberEvent(camille, roomId)?.getContent()).toMatchObject({
      membership: "invite",
      reason: expect.stringContaining(
        `accepte cette invitation dans les ${offerTimeoutSeconds} secondes`,
      ),
    });
    await staffNotice(
      camille,
      `Conversation ${youthName} proposée à Camille : accepte l'invitation dans les ` +
        `${offerTimeoutSeconds} secondes`,
      seen,
    );
    await camille.client.joinRoom(roomId);
    await until(
      () => camille.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join,
      30_000,
      "camille in the conversation",
    );
  });

  it("should be removed from a conversation once it ends, by the youth or by her, with the reason", async () => {
    if (first === undefined) throw new Error("the previous test opens the first conversation");
    // The youth of the previous test leaves: the conversation is over, and Camille is out of it.
    await youthLeaves(stack, first.youth, first.roomId);
    await removedWithReason(first.roomId);

    // A second youth, whom Camille ends herself with !terminer: she is out, the youth stays (her
    // page shows the end; her account and the room are erased after the grace period).
    const invited = camille.acceptNextInvite();
    const second = await youthArrives();
    expect(await invited).toBe(second.roomId);
    const reference = Number(/\d+/.exec(second.youthName)?.[0]);
    await camille.sayInStaffRoom(`!terminer ${reference}`);
    await waitForYouthStatus(
      stack,
      second.youth,
      second.roomId,
      (s) => s?.state === "ended",
      "the conversation ended by the counsellor",
    );
    await removedWithReason(second.roomId);
    expect(await membershipOf(second.roomId, second.youth.userId)).toBe("join");
  });
});

/** Camille's client shows her removed from the room by the bot, saying why. */
async function removedWithReason(roomId: string): Promise<void> {
  await until(
    () => camille.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Leave,
    30_000,
    "camille removed from the conversation",
  );
  const removal = ownMemberEvent(camille, roomId);
  expect(removal?.getSender()).toBe(stack.bot.userId);
  expect(removal?.getContent()).toMatchObject({
    membership: "leave",
    reason: "Conversation terminée.",
  });
}

/** A member's membership, read by the bot's admin rights (neither side's client). */
async function membershipOf(roomId: string, userId: string): Promise<string | undefined> {
  const response = await fetch(
    `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`,
    { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
  );
  const { state } = (await response.json()) as {
    state: { type: string; state_key: string; content: { membership?: string } }[];
  };
  return state.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content
    .membership;
}
