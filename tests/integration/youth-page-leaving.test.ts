import { beforeAll, describe, expect, it } from "vitest";
import { type ScriptedCounsellor, withStackAndTeam } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthOpensConversation,
  youthPageSays,
  youthSees,
  waitForYouthStatus,
} from "../support/permanence.ts";
import type { TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// A youth's page that goes away without "Terminer la conversation" (issue 13, items 6 and 8): quick
// exit, a closed tab, a page gone silent. Against the real Synapse and bot, through the web server.

const pageSilentMs = 90_000; // config/helplines/maintenant-jen-parle.yaml: the default, as shipped

describe("the youth's page going away", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;

  const parties = withStackAndTeam();
  beforeAll(() => {
    ({ stack } = parties);
    [camille] = parties.team as [ScriptedCounsellor];
  });

  /** The counsellor's view of the youth's page, as her console reads it (room state). */
  async function pageStateSeenBy(counsellor: ScriptedCounsellor, roomId: string) {
    return counsellor.client
      .getStateEvent(roomId, "org.helplinechat.youth_page", "")
      .catch(() => null) as Promise<Record<string, unknown> | null>;
  }

  async function youthWithCamille() {
    const youth = await registerYouth(stack);
    const invited = camille.acceptNextInvite();
    const opened = await youthOpensConversation(stack, youth);
    expect(await invited).toBe(opened.roomId);
    await youthSees(stack, youth, opened.roomId, "counsellor_present");
    return { youth, opened };
  }

  it("should end the conversation at quick exit, tell the counsellor why, and free her place", async () => {
    await counsellorGoesOnDuty(stack, camille);
    const { youth, opened } = await youthWithCamille();
    // A forged word changes nothing.
    expect(
      await youthPageSays(stack, { ...opened, presenceKey: "A".repeat(43) }, "quick_exit"),
    ).toBe(403);
    expect((await counsellorDesk(stack, camille)).load).toBe(1);

    expect(await youthPageSays(stack, opened, "quick_exit")).toBe(204);
    await waitForYouthStatus(
      stack,
      youth,
      opened.roomId,
      (status) => status?.state === "ended" && status.reason === "quick_exit",
      "the conversation to end for quick exit",
    );
    await eventually(
      async () => camille.staffNotices(),
      (notices) => notices.some((n) => n.includes("sortie rapide")),
      "the staff room to say the youth left by quick exit",
    );
    expect((await counsellorDesk(stack, camille)).load).toBe(0);
    // Her page's later words find nothing to say to.
    expect(await youthPageSays(stack, opened, "closed")).toBe(404);
  });

  it("should take a youth whose tab closed while waiting out of the queue, before any counsellor sees her", async () => {
    await camille.sayInStaffRoom("!pause");
    await eventually(
      () => counsellorDesk(stack, camille),
      (desk) => desk.availability === "paused",
      "Camille to pause",
    );
    const youth = await registerYouth(stack);
    const opened = await youthOpensConversation(stack, youth);
    await youthSees(stack, youth, opened.roomId, "waiting");
    expect(await youthPageSays(stack, opened, "visible")).toBe(204);
    expect(await youthPageSays(stack, opened, "closed")).toBe(204);
    await waitForYouthStatus(
      stack,
      youth,
      opened.roomId,
      (status) => status?.state === "ended" && status.reason === "page_closed",
      "the waiting youth to leave the queue",
    );
    const invite = camille.nextInvite(3_000).then(
      (roomId) => roomId,
      () => null,
    );
    await counsellorGoesOnDuty(stack, camille);
    expect(await invite).toBeNull();
    expect((await counsellorDesk(stack, camille)).waiting).toBe(0);
  });

  it("should tell the counsellor when the page goes silent mid-conversation, and take it back when it returns", async () => {
    const { opened } = await youthWithCamille();
    expect(await youthPageSays(stack, opened, "visible")).toBe(204);
    stack.clock.advance(pageSilentMs - 1000);
    await stack.bot.tick();
    await stack.bot.settled();
    expect(await pageStateSeenBy(camille, opened.roomId)).toBeNull();

    stack.clock.advance(2000);
    await stack.bot.tick();
    await stack.bot.settled();
    await eventually(
      () => pageStateSeenBy(camille, opened.roomId),
      (page) => page?.["state"] === "gone" && page["how"] === "silent",
      "the counsellor to see the page gone silent",
    );
    // The room state and the staff room's notice are two commands: either may arrive first.
    await eventually(
      async () => camille.staffNotices(),
      (notices) => notices.some((n) => n.includes("ne répond plus depuis un moment")),
      "the staff room to say the page went silent",
    );
    // The conversation goes on: it is the counsellor's to end.
    expect((await counsellorDesk(stack, camille)).load).toBe(1);

    expect(await youthPageSays(stack, opened, "visible")).toBe(204);
    await eventually(
      () => pageStateSeenBy(camille, opened.roomId),
      (page) => page?.["state"] === "present",
      "the warning to be taken back",
    );
  });
});
