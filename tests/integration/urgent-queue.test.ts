import { beforeAll, describe, expect, it } from "vitest";
import { type ScriptedCounsellor, withStackAndTeam } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  waitForYouthStatus,
  youthOpensConversation,
  youthSees,
} from "../support/permanence.ts";
import type { TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth } from "../support/youth.ts";

// "I am in danger now" (issue 18, item 4): a waiting youth who says it is offered before the youths
// who came before her and did not, and the counsellor is told why. Against the real Synapse and
// bot, through the web server.

describe("an urgent youth in the queue", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;

  const parties = withStackAndTeam();
  beforeAll(() => {
    ({ stack } = parties);
    [camille] = parties.team as [ScriptedCounsellor];
  });

  const declare = async (body: unknown) =>
    (await postJson(`${stack.webUrl}/api/urgent`, body)).status;

  it("should offer her before earlier youths, and tell the counsellor why", async () => {
    // Nobody on duty: both youths wait, the first one first.
    const first = await registerYouth(stack);
    const firstRoom = await youthOpensConversation(stack, first);
    await youthSees(stack, first, firstRoom.roomId, "waiting");
    const second = await registerYouth(stack);
    const secondRoom = await youthOpensConversation(stack, second);
    await waitForYouthStatus(
      stack,
      second,
      secondRoom.roomId,
      (status) => status?.state === "waiting" && status.position === 2,
      "the second youth to wait second",
    );

    // A forged key and a malformed body change nothing.
    expect(
      await declare({ conversationId: secondRoom.roomId, presenceKey: firstRoom.presenceKey }),
    ).toBe(403);
    expect(await declare({ conversationId: secondRoom.roomId })).toBe(400);
    expect(
      await declare({ conversationId: secondRoom.roomId, presenceKey: secondRoom.presenceKey }),
    ).toBe(204);
    await waitForYouthStatus(
      stack,
      second,
      secondRoom.roomId,
      (status) => status?.state === "waiting" && status.position === 1,
      "the urgent youth to move first",
    );
    await waitForYouthStatus(
      stack,
      first,
      firstRoom.roomId,
      (status) => status?.state === "waiting" && status.position === 2,
      "the earlier youth to wait second",
    );
    await eventually(
      async () => camille.staffNotices(),
      (notices) => notices.some((n) => n.startsWith("Urgence signalée par le/la jeune (Jeune")),
      "the staff room to be told of the urgency",
    );

    await counsellorGoesOnDuty(stack, camille);
    const offered = await camille.nextInvite();
    expect(offered).toBe(secondRoom.roomId);
    // The invite says it, and so do her console and the staff room.
    const reason = await eventually(
      async () =>
        camille.client.getRoom(offered)?.getMember(camille.userId)?.events.member?.getContent()
          .reason as string | undefined,
      (text) => text !== undefined,
      "the invite's reason",
    );
    expect(reason).toMatch(/^Urgence signalée par le\/la jeune\./);
    // She may take both (her capacity): only the urgent one is marked.
    const desk = (await counsellorDesk(stack, camille)) as unknown as {
      conversations: { roomId: string; state: string; urgent?: boolean }[];
    };
    const marked = desk.conversations.filter((conversation) => conversation.urgent === true);
    expect(marked).toEqual([
      expect.objectContaining({ roomId: secondRoom.roomId, state: "offered" }),
    ]);
    expect(desk.conversations.filter((conversation) => conversation.urgent !== true)).toHaveLength(
      desk.conversations.length - 1,
    );
    await eventually(
      async () => camille.staffNotices(),
      (notices) =>
        notices.some((n) => n.startsWith("Urgence signalée par le/la jeune : conversation Jeune")),
      "the staff room to mark the offer urgent",
    );
  });
});
