import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.ts";
import { counsellorLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { counsellorGoesOnDuty } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// One conversation, followed through typing, reading, a network cut and a Synapse restart.
// The steps build on each other, in order.

function sentence(label: string): string {
  return `${label} ${randomBytes(6).toString("hex")}`;
}

async function youthSends(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer").fill(text);
  await page.getByTestId("send-button").click();
}

/** The youth's own bubble with this text: its delivery state, or null if not shown. */
function myDelivery(page: Page, text: string): Promise<string | null> {
  return page
    .locator('[data-from="me"]', { hasText: text })
    .first()
    .getAttribute("data-delivery", { timeout: 1_000 })
    .catch(() => null);
}

function counsellorTexts(page: Page): Promise<string[]> {
  return page.locator('[data-testid="message"][data-from="counsellor"]').allTextContents();
}

describe("the chat screen when things go wrong", () => {
  const parties = {} as {
    stack: TestStack;
    browser: Browser;
    context: BrowserContext;
    page: Page;
    counsellor: ScriptedCounsellor;
    roomId: string;
  };

  beforeAll(async () => {
    parties.stack = await startTestStack();
    parties.browser = await launchChromium();
    parties.counsellor = await counsellorLogsIn({
      homeserverUrl: parties.stack.synapseUrl,
      userId: parties.stack.counsellor.userId,
      password: parties.stack.counsellor.password,
      staffRoomId: parties.stack.bot.staffRoomId,
    });
    await counsellorGoesOnDuty(parties.stack, parties.counsellor);

    parties.context = await parties.browser.newContext();
    const page = await parties.context.newPage();
    parties.page = page;
    const invited = parties.counsellor.acceptNextInvite();
    // Her conversation request is held until her page says it takes longer than usual: the wait
    // of a busy night, when the bot answers once a busy Synapse has made her room (and her page
    // asks again), which an idle test Synapse never makes her wait. Then it goes through.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/conversations", async (route) => {
      await released;
      await route.continue();
    });
    // Her place too (POST /api/places): answered, it shows the chat with her place instead
    // (tests/e2e/place-before-room.test.ts). Held, this is the page of a bot that holds no place,
    // or one whose answer is lost, for which the starting screen still explains the wait.
    await page.route("**/places", async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(parties.stack.webUrl);
    await page.getByTestId("start-button").click();
    const starting = page.locator(".starting [role=status]");
    // Attached, not visible: empty, it has no height.
    await starting.waitFor({ state: "attached", timeout: 10_000 });
    expect(await starting.textContent()).toBe("");
    // Once it takes longer than usual (expect.poll is for tests only).
    await page
      .locator(".starting [role=status]", { hasText: "garde cette page ouverte." })
      .waitFor({ timeout: 20_000 });
    expect(await starting.textContent()).toBe(
      "Beaucoup de monde en ce moment : garde cette page ouverte.",
    );
    release();
    await page.waitForSelector('[data-testid="composer"]:not([disabled])', { timeout: 60_000 });
    parties.roomId = await invited;
    const hello = sentence("bonjour");
    await youthSends(page, hello);
    await parties.counsellor.waitForMessage(parties.roomId, hello);
  });

  afterAll(async () => {
    await parties.counsellor?.stop();
    await parties.browser?.close();
    await parties.stack?.stop();
  });

  it("should show the counsellor typing, and stop showing it", async () => {
    const { page, counsellor, roomId } = parties;
    await counsellor.typing(roomId, true);
    await expect
      .poll(() => page.getByTestId("counsellor-typing").textContent(), { timeout: 30_000 })
      .toBe("L’intervenante écrit…");
    await counsellor.typing(roomId, false);
    await expect
      .poll(() => page.getByTestId("counsellor-typing").count(), { timeout: 30_000 })
      .toBe(0);
  });

  it("should go from sent to read when the counsellor reads", async () => {
    const { page, counsellor, roomId } = parties;
    const text = sentence("tu me lis ?");
    await youthSends(page, text);
    await counsellor.waitForMessage(roomId, text);
    await expect.poll(() => myDelivery(page, text), { timeout: 30_000 }).toBe("sent");
    await counsellor.readUpTo(roomId);
    await expect.poll(() => myDelivery(page, text), { timeout: 30_000 }).toBe("read");
    // The state is there for screen readers too, in words.
    expect(await page.locator('[data-from="me"]', { hasText: text }).getByText("Lu").count()).toBe(
      1,
    );
  });

  it("should say the connection is lost, keep what is written offline, and send it once back", async () => {
    const { page, context, counsellor, roomId } = parties;
    await context.setOffline(true);
    const offline = sentence("hors ligne");
    await youthSends(page, offline);
    await expect.poll(() => myDelivery(page, offline), { timeout: 30_000 }).toBe("failed");
    await expect
      .poll(() => page.getByTestId("connection-lost").isVisible(), { timeout: 90_000 })
      .toBe(true);
    expect(await page.getByTestId("connection-lost").textContent()).toContain(
      "Connexion perdue, on réessaie…",
    );

    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId("connection-lost").count(), { timeout: 60_000 })
      .toBe(0);
    const received = await counsellor.waitForMessage(roomId, offline, 60_000);
    expect(received.isEncrypted()).toBe(true);
    await expect
      .poll(() => myDelivery(page, offline), { timeout: 30_000 })
      .toMatch(/^(sent|read)$/);
  });

  it("should lose nothing across a Synapse restart, both ways", async () => {
    const { page, stack, counsellor, roomId } = parties;
    await stack.synapse.stop();
    const duringRestart = sentence("pendant le redémarrage");
    await youthSends(page, duringRestart);
    await expect
      .poll(() => page.getByTestId("connection-lost").isVisible(), { timeout: 90_000 })
      .toBe(true);
    await stack.restartSynapse();

    await counsellor.waitForMessage(roomId, duringRestart, 90_000);
    await expect
      .poll(() => page.getByTestId("connection-lost").count(), { timeout: 60_000 })
      .toBe(0);
    await expect
      .poll(() => myDelivery(page, duringRestart), { timeout: 30_000 })
      .toMatch(/^(sent|read)$/);

    const reply = sentence("je suis toujours là");
    await counsellor.send(roomId, reply);
    await expect
      .poll(() => counsellorTexts(page), { timeout: 60_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining(reply)]));
    const after = sentence("merci");
    await youthSends(page, after);
    await counsellor.waitForMessage(roomId, after, 60_000);
    // Exactly once each: a resend after the restart is not a duplicate.
    expect(await page.locator('[data-from="me"]', { hasText: duringRestart }).count()).toBe(1);
  });
});
