import { describe, expect, it } from "vitest";
import { testWeek } from "../support/clock.ts";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { counsellorDesk, counsellorGoesOnDuty, eventually } from "../support/permanence.ts";

// The permanence as the youth sees it, in Chromium against the real bot and Synapse: a place in
// the queue, someone joining, the end of the conversation, and the closed state.

describe("the youth's page follows the permanence", () => {
  const parties = withStackBrowserAndCounsellor();

  it("should show the place in the queue, then the counsellor, then the end", async () => {
    const { stack, browser, counsellor } = parties;
    const page = await browser.newPage();
    await page.goto(stack.webUrl);
    await page.getByTestId("start-button").click();

    // Nobody is on duty yet: the youth waits, first in line, and may already write.
    await expect
      .poll(() => page.getByTestId("queue-position").textContent(), { timeout: 60_000 })
      .toContain("1");
    await page.getByTestId("composer").fill("Est-ce que quelqu'un est là ?");
    await page.getByTestId("send-button").click();
    await expect.poll(() => page.getByTestId("held-message").count()).toBe(1);

    const invited = counsellor.acceptNextInvite();
    await counsellorGoesOnDuty(stack, counsellor);
    const roomId = await invited;
    await counsellor.waitForMessage(roomId, "Est-ce que quelqu'un est là ?");
    await expect
      .poll(() => page.getByTestId("counsellor-present").count(), { timeout: 30_000 })
      .toBe(1);

    // No pseudonym: the counsellor sees the youth as the conversation's name ("Jeune 4821", as
    // the room is named), never her random account id, and her join itself carried that name,
    // so no "changed their display name" notice shows in Element's timeline either.
    const room = counsellor.client.getRoom(roomId);
    const youth = room
      ?.getMembers()
      .find((m) => m.userId !== counsellor.userId && m.userId !== stack.bot.userId);
    const reference = /^Jeune \d{4}/.exec(room?.name ?? "")?.[0];
    expect(reference).toBeDefined();
    expect(youth?.name).toBe(reference);
    const join = youth?.events.member;
    expect(join?.getContent()).toMatchObject({ membership: "join", displayname: reference });
    expect(join?.getPrevContent()["membership"]).toBe("invite");

    // The youth ends the conversation; the counsellor's slot is free again.
    await page.getByTestId("end-button").click();
    await page.getByTestId("end-confirm").click();
    await expect
      .poll(() => page.getByTestId("ended-screen").isVisible(), { timeout: 30_000 })
      .toBe(true);
    await eventually(
      () => counsellorDesk(stack, counsellor),
      (desk) => desk.load === 0,
      "the counsellor's slot to be free",
    );
    await page.close();
  });

  it("should say when the helpline reopens, and offer no start button, when it is closed", async () => {
    const { stack, browser } = parties;
    // Saturday, 15:00 in Brussels, for the bot and for the browser: the page says "tomorrow" or
    // "Monday 23" from its own clock, so it must not read the real date.
    const saturday = testWeek.iso("saturday", "15:00");
    stack.clock.set(saturday);
    await stack.bot.tick();
    const page = await browser.newPage();
    await page.clock.setFixedTime(new Date(saturday));
    await page.goto(stack.webUrl);
    await expect
      .poll(() => page.getByTestId("closed-screen").isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await page.getByTestId("start-button").count()).toBe(0);
    const reopens = (await page.getByTestId("reopens-at").textContent()) ?? "";
    expect(reopens).toContain(testWeek.spelled("monday", "fr", "cccc d LLLL"));
    expect(reopens).toContain("18 h 30");
    await page.close();
  });
});
