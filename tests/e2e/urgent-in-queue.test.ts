import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { writeOpenAroundTheClock } from "@helpline/scripts/open-around-the-clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationMessages } from "@helpline/web-client/i18n/conversation";
import { fr as consoleFr } from "@helpline/web-client/console/i18n/fr";
import { expectNoAxeViolations } from "../support/axe.ts";
import { launchChromium } from "../support/browser.ts";
import { consoleGoesOnDuty, consoleLogsIn, openConsole } from "../support/console.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// "I am in danger now" (issue 18, item 4), in Chromium against the real bot and Synapse: the
// youth who presses it sees the emergency numbers before the bot has answered, and the counsellor
// going on duty is offered her first, marked urgent in her console.

const texts = conversationMessages.fr.urgent;

async function youthWaits(browser: Browser, url: string, position: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByTestId("start-button").click();
  await expect
    .poll(() => page.getByTestId("queue-position").textContent(), { timeout: 60_000 })
    .toBe(position);
  return page;
}

describe("a youth in danger in the queue", () => {
  let stack: TestStack;
  let browser: Browser;
  let definitionDir: string;

  beforeAll(async () => {
    definitionDir = mkdtempSync(path.join(os.tmpdir(), "helpline-urgent-"));
    const definition = path.join(definitionDir, "helpline.yaml");
    // One conversation at a time, so that who is offered first is who is served first.
    writeOpenAroundTheClock(definition, (helpline) => {
      helpline.conversations.defaultMaxPerCounsellor = 1;
    });
    stack = await startTestStack({ helplineDefinition: definition });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(definitionDir, { recursive: true, force: true });
  });

  it("should show the numbers at once and have the counsellor going on duty take her first", async () => {
    const first = await youthWaits(browser, stack.webUrl, "1");
    const second = await youthWaits(browser, stack.webUrl, "2");
    await expectNoAxeViolations(second, "waiting screen with the urgent button");

    // The bot's answer is held back: the numbers must not wait for it.
    let release = (): void => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    await second.route("**/urgent", async (route) => {
      await answered;
      await route.continue();
    });
    await second.getByTestId("urgent-button").click();
    const emergency = second.locator('[data-testid="urgent"] a[href="tel:112"]');
    await expect.poll(() => emergency.count(), { timeout: 2_000 }).toBe(1);
    expect(await second.getByTestId("urgent-status").textContent()).toBe(texts.sending);
    // Only the emergency numbers, not the other helplines.
    expect(await second.locator('[data-testid="urgent"] a[href="tel:103"]').count()).toBe(0);
    release();
    await expect
      .poll(() => second.getByTestId("urgent-status").textContent(), { timeout: 30_000 })
      .toBe(texts.sent);
    await expectNoAxeViolations(second, "emergency numbers shown");
    await expect
      .poll(() => second.getByTestId("queue-position").textContent(), { timeout: 30_000 })
      .toBe("1");
    await expect
      .poll(() => first.getByTestId("queue-position").textContent(), { timeout: 30_000 })
      .toBe("2");

    const [account] = stack.counsellors;
    if (account === undefined) throw new Error("a counsellor");
    const camille = await openConsole(browser, stack.webUrl);
    await consoleLogsIn(camille.page, account);
    await consoleGoesOnDuty(camille.page);
    const offer = camille.page.getByTestId("offer");
    await expect.poll(() => offer.count(), { timeout: 60_000 }).toBe(1);
    expect(await offer.getByTestId("urgent-mark").textContent()).toBe(consoleFr.desk.urgent);
    // The urgent youth is the one being joined; the one who came first still waits.
    await expect
      .poll(() => second.getByTestId("counsellor-joining").count(), { timeout: 30_000 })
      .toBe(1);
    // (Second in line: an offered youth keeps her place until a counsellor has joined her.)
    expect(await first.getByTestId("queue-position").textContent()).toBe("2");
    expect(await first.getByTestId("counsellor-joining").count()).toBe(0);
    expect(camille.foreignRequests).toEqual([]);
  });
});
