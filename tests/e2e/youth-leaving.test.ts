import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.ts";
import {
  consoleGoesOnDuty,
  consoleLogsIn,
  openConsole,
  type ConsolePage,
} from "../support/console.ts";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { counsellorDesk, counsellorGoesOnDuty, eventually } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// A youth whose page goes away without "Terminer la conversation" (issue 13, items 6 and 8), in
// Chromium against the real bot and Synapse: quick exit, a tab closed while waiting, a tab closed
// mid-conversation as the counsellor's console shows it.

/** The neutral site quick exit goes to, answered here: no request leaves the machine. */
const neutralSite = "https://www.google.com/"; // config/helplines/maintenant-jen-parle.yaml

async function youthStarts(page: Page, url: string): Promise<void> {
  await page.route(`${neutralSite}**`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>neutral</title>" }),
  );
  await page.goto(url);
  await page.getByTestId("start-button").click();
  await expect.poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 }).toBe(true);
}

describe("the youth's page leaving, with a scripted counsellor", () => {
  const parties = withStackBrowserAndCounsellor();

  it("should end the conversation at quick exit and tell the counsellor at once, the page already gone", async () => {
    const { stack, browser, counsellor } = parties;
    await counsellorGoesOnDuty(stack, counsellor);
    const context = await browser.newContext();
    const page = await context.newPage();
    const invited = counsellor.acceptNextInvite();
    await youthStarts(page, stack.webUrl);
    const roomId = await invited;
    await expect
      .poll(() => page.getByTestId("counsellor-present").count(), { timeout: 30_000 })
      .toBe(1);
    expect((await counsellorDesk(stack, counsellor)).load).toBe(1);

    await page.getByTestId("quick-exit").click();
    await page.waitForURL(neutralSite, { timeout: 10_000 });
    // The page is gone; its last word reached the bot, which ended the conversation.
    await eventually(
      () => counsellorDesk(stack, counsellor),
      (desk) => desk.load === 0,
      "the counsellor's place to be free",
    );
    await eventually(
      async () => counsellor.staffNotices(),
      (notices) => notices.some((n) => n.includes("sortie rapide")),
      "the staff room to say the youth left by quick exit",
    );
    // And she is out of the room, as for any conversation that is over.
    await eventually(
      async () => counsellor.client.getRoom(roomId)?.getMyMembership(),
      (membership) => membership === "leave",
      "the counsellor to be out of the room",
    );
    await context.close();
  });

  it("should take a youth whose tab closed while she waited out of the queue", async () => {
    const { stack, browser, counsellor } = parties;
    await counsellor.sayInStaffRoom("!pause");
    await eventually(
      () => counsellorDesk(stack, counsellor),
      (desk) => desk.availability === "paused",
      "the counsellor to pause",
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    await youthStarts(page, stack.webUrl);
    await expect
      .poll(() => page.getByTestId("queue-position").textContent(), { timeout: 60_000 })
      .toContain("1");
    await eventually(
      () => counsellorDesk(stack, counsellor),
      (desk) => desk.waiting === 1,
      "the youth to wait",
    );
    // The tab closes as a youth closes it: the page's last word outlives it.
    await page.close({ runBeforeUnload: true });
    await eventually(
      () => counsellorDesk(stack, counsellor),
      (desk) => desk.waiting === 0,
      "the closed page to leave the queue",
    );
    const invite = counsellor.nextInvite(3_000).then(
      (roomId) => roomId,
      () => null,
    );
    await counsellorGoesOnDuty(stack, counsellor);
    expect(await invite).toBeNull();
    await context.close();
  });
});

describe("the youth's page leaving, as the counsellor's console shows it", () => {
  let stack: TestStack;
  let browser: Browser;
  let console_: ConsolePage | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await console_?.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  it("should tell the counsellor in plain words that the youth closed the page, the conversation still hers", async () => {
    console_ = await openConsole(browser, stack.webUrl);
    const { page: counsellorPage } = console_;
    await consoleLogsIn(counsellorPage, stack.counsellor);
    await consoleGoesOnDuty(counsellorPage);

    const youthContext = await browser.newContext();
    const youth = await youthContext.newPage();
    await youthStarts(youth, stack.webUrl);
    const offer = counsellorPage.locator('[data-testid="offer"][data-state="offered"]');
    await expect.poll(() => offer.count(), { timeout: 60_000 }).toBe(1);
    await offer.getByTestId("offer-accept").click();
    await expect
      .poll(() => youth.getByTestId("counsellor-present").count(), { timeout: 60_000 })
      .toBe(1);
    const banner = counsellorPage.getByTestId("youth-page-gone");
    expect(await banner.count()).toBe(0);

    await youth.close({ runBeforeUnload: true });
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    expect(await banner.textContent()).toContain("a fermé la page");
    // Still hers to end: the conversation stays open in her console.
    expect(await counsellorPage.getByTestId("chat").isVisible()).toBe(true);
    await youthContext.close();
  });
});
