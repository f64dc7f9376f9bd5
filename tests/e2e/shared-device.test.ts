import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { writeOpenAroundTheClock } from "@helpline/scripts/open-around-the-clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe.ts";
import { launchChromium } from "../support/browser.ts";
import { counsellorLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { explainingYouthPage } from "../support/e2e.ts";
import { counsellorGoesOnDuty } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// Safety on a shared device, in Chromium against the real bot and Synapse: quick exit (button and
// Shift×3) leaves for the helpline's neutral site, Back does not bring the chat back and nothing
// of the session stays on the device; a second tab is refused.

/** The default helpline, open around the clock, with quick exit going to `quickExitUrl`. */
function writeDefinition(file: string, quickExitUrl: string): void {
  writeOpenAroundTheClock(file, (definition) => {
    // Each test leaves its conversation open (quick exit does not say goodbye).
    definition.conversations.defaultMaxPerCounsellor = 10;
    definition.quickExitUrl = quickExitUrl;
  });
}

function uniqueSentence(label: string): string {
  return `${label} ${randomBytes(8).toString("hex")}`;
}

async function youthStartsChat(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId("start-button").click();
  await expect.poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 }).toBe(true);
}

async function youthSends(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer").fill(text);
  await page.getByTestId("send-button").click();
}

/** What the app's origin still holds: web storage keys and IndexedDB databases. */
async function storedOnDevice(
  page: Page,
): Promise<{ local: number; session: number; dbs: string[] }> {
  return page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    dbs: (await indexedDB.databases()).map((db) => db.name ?? ""),
  }));
}

/**
 * Every storage a page of the origin can read: web storage keys (their names, which is where an
 * account id would show), IndexedDB databases, Cache Storage, the origin-private file system and
 * service workers.
 */
async function everythingStoredOnDevice(page: Page): Promise<{
  local: string[];
  session: string[];
  dbs: string[];
  caches: string[];
  files: string[];
  workers: number;
}> {
  return page.evaluate(async () => {
    const keys = (storage: Storage): string[] =>
      Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? "");
    const files: string[] = [];
    const root = await navigator.storage.getDirectory();
    for await (const name of root.keys()) files.push(name);
    return {
      local: keys(localStorage),
      session: keys(sessionStorage),
      dbs: (await indexedDB.databases()).map((db) => db.name ?? ""),
      caches: await caches.keys(),
      files,
      workers: (await navigator.serviceWorker.getRegistrations()).length,
    };
  });
}

/** After quick exit: the neutral page, and Back shows nothing of the chat. */
async function expectChatGone(page: Page, neutralUrl: string, secrets: string[]): Promise<void> {
  await page.waitForURL(neutralUrl, { timeout: 10_000 });
  expect(page.url()).toBe(neutralUrl);
  // The neutral page here is on the app's origin, so its storage can be inspected.
  await page.waitForLoadState("load");
  expect(await storedOnDevice(page)).toEqual({ local: 0, session: 0, dbs: [] });
  await page.goBack().catch(() => null);
  await page.waitForTimeout(500);
  expect(await page.getByTestId("composer").count()).toBe(0);
  expect(await page.getByTestId("message").count()).toBe(0);
  const text = await page.evaluate(() => document.body?.innerText ?? "");
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("safety on a shared device", () => {
  let stack: TestStack;
  let browser: Browser;
  let counsellor: ScriptedCounsellor;
  let neutralUrl: string;
  let definitionDir: string;

  beforeAll(async () => {
    definitionDir = mkdtempSync(path.join(os.tmpdir(), "helpline-shared-device-"));
    const definitionFile = path.join(definitionDir, "helpline.yaml");
    writeDefinition(definitionFile, "https://www.google.com/");
    stack = await startTestStack({ helplineDefinition: definitionFile });
    // The neutral site is a path of the app's own origin: no request leaves the machine.
    neutralUrl = `${stack.webUrl}/neutral-test`;
    writeDefinition(definitionFile, neutralUrl);
    await stack.restartBot();
    browser = await launchChromium();
    counsellor = await counsellorLogsIn({
      homeserverUrl: stack.synapseUrl,
      userId: stack.counsellor.userId,
      password: stack.counsellor.password,
      staffRoomId: stack.bot.staffRoomId,
    });
    await counsellorGoesOnDuty(stack, counsellor);
  });

  afterAll(async () => {
    await counsellor?.stop();
    await browser?.close();
    await stack?.stop();
    if (definitionDir) rmSync(definitionDir, { recursive: true, force: true });
  });

  it("should leave for the neutral site with the quick exit button, and Back shows nothing", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { said } = await chatOneMessageEachWay(page);

    await page.getByTestId("quick-exit").click();
    await expectChatGone(page, neutralUrl, said);
    await context.close();
  });

  it("should leave for the neutral site when Shift is pressed three times", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await youthStartsChat(page, stack.webUrl);
    // Each test takes its own conversation, so the next test's invite is the next one.
    await counsellor.acceptNextInvite();
    const draft = uniqueSentence("draft");
    await page.getByTestId("composer").fill(draft);
    // Focus stays in the composer: the shortcut works while typing.
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await expectChatGone(page, neutralUrl, [draft]);
    await context.close();
  });

  it("should refuse a second tab while the chat runs in the first", async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await youthStartsChat(first, stack.webUrl);
    await counsellor.acceptNextInvite();

    const second = await context.newPage();
    await second.goto(stack.webUrl);
    await second.getByTestId("start-button").click();
    await expect
      .poll(() => second.getByTestId("error").textContent(), { timeout: 30_000 })
      .toContain("déjà ouvert dans un autre onglet");
    expect(await second.getByTestId("composer").count()).toBe(0);
    // The first tab is unharmed.
    expect(await first.getByTestId("composer").isEnabled()).toBe(true);
    await context.close();
  });

  it("should leave nothing on the device once the tab is closed without quick exit", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { said } = await chatOneMessageEachWay(page);
    // Closed as a youth closes a tab: no quick exit, no "Terminer", unload handlers run.
    await page.close({ runBeforeUnload: true });

    // A new tab of the same browser profile, on the same origin, at an address that is not the
    // page: the page itself wipes what an earlier tab left as it loads, which would hide it.
    const later = await context.newPage();
    await later.goto(`${stack.webUrl}/_matrix/storage-probe`);
    await later.waitForLoadState("load");
    await expect
      .poll(() => everythingStoredOnDevice(later), { timeout: 10_000 })
      .toEqual({ local: [], session: [], dbs: [], caches: [], files: [], workers: 0 });
    expect(await context.cookies(stack.webUrl)).toEqual([]);
    const text = await later.evaluate(() => document.body?.innerText ?? "");
    for (const secret of said) expect(text).not.toContain(secret);
    await context.close();
  });

  /** The youth starts a chat and the counsellor joins; one message goes each way. */
  async function chatOneMessageEachWay(page: Page): Promise<{ roomId: string; said: string[] }> {
    await youthStartsChat(page, stack.webUrl);
    const fromYouth = uniqueSentence("youth");
    await youthSends(page, fromYouth);
    const roomId = await counsellor.acceptNextInvite();
    await explainingYouthPage(page, () => counsellor.waitForMessage(roomId, fromYouth));
    const fromCounsellor = uniqueSentence("counsellor");
    await counsellor.send(roomId, fromCounsellor);
    await expect
      .poll(() => page.getByTestId("message").filter({ hasText: fromCounsellor }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    return { roomId, said: [fromYouth, fromCounsellor] };
  }

  /** A chat with one message each way, then "Continuer plus tard" with this PIN. */
  async function chatThenKeep(
    page: Page,
    pin: string,
  ): Promise<{ roomId: string; said: string[] }> {
    const { roomId, said } = await chatOneMessageEachWay(page);
    await page.getByTestId("keep-button").click();
    await expectNoAxeViolations(page, "keep on this device");
    await page.getByTestId("keep-pin").fill(pin);
    await page.getByTestId("keep-pin-confirm").fill(pin);
    await page.getByTestId("keep-confirm").click();
    await expect.poll(() => page.getByTestId("keep-saved").count(), { timeout: 30_000 }).toBe(1);
    return { roomId, said };
  }

  async function tryPin(page: Page, pin: string): Promise<void> {
    await page.getByTestId("unlock-pin").fill(pin);
    await page.getByTestId("unlock-button").click();
  }

  it("should continue later on this device with the right PIN, after a wrong one", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { roomId, said } = await chatThenKeep(page, "tournesol7");
    await page.close();

    const later = await context.newPage();
    await later.goto(stack.webUrl);
    await expect
      .poll(() => later.getByTestId("unlock-screen").isVisible(), { timeout: 30_000 })
      .toBe(true);
    // The PIN screen shows nothing of the conversation.
    const locked = await later.evaluate(() => document.body.innerText);
    for (const text of said) expect(locked).not.toContain(text);
    expect(await later.getByTestId("message").count()).toBe(0);
    await expectNoAxeViolations(later, "PIN");

    await tryPin(later, "pas-le-bon");
    await expect
      .poll(() => later.getByTestId("unlock-error").textContent(), { timeout: 30_000 })
      .toContain("4");
    await expectNoAxeViolations(later, "wrong PIN");

    await tryPin(later, "tournesol7");
    for (const text of said) {
      await explainingYouthPage(later, () =>
        expect
          .poll(() => later.getByTestId("message").filter({ hasText: text }).count(), {
            timeout: 60_000,
          })
          .toBe(1),
      );
    }
    // And the conversation goes on, both ways.
    await expect
      .poll(() => later.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    const again = uniqueSentence("youth again");
    await youthSends(later, again);
    await explainingYouthPage(later, () => counsellor.waitForMessage(roomId, again));
    const reply = uniqueSentence("counsellor again");
    await counsellor.send(roomId, reply);
    await expect
      .poll(() => later.getByTestId("message").filter({ hasText: reply }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await context.close();
  });

  it("should erase the kept conversation after five wrong PINs", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await chatThenKeep(page, "123456");
    await page.close();

    const later = await context.newPage();
    await later.goto(stack.webUrl);
    await expect
      .poll(() => later.getByTestId("unlock-screen").isVisible(), { timeout: 30_000 })
      .toBe(true);
    for (const left of ["4", "3", "2", "1"]) {
      await tryPin(later, "654321");
      await expect
        .poll(() => later.getByTestId("unlock-error").textContent(), { timeout: 30_000 })
        .toContain(left);
    }
    await tryPin(later, "654321");
    await expect
      .poll(() => later.getByTestId("vault-wiped").isVisible(), { timeout: 30_000 })
      .toBe(true);
    await expect.poll(() => later.getByTestId("start-button").isVisible()).toBe(true);
    await expectNoAxeViolations(later, "erased after wrong PINs");
    await expect
      .poll(() => storedOnDevice(later), { timeout: 10_000 })
      .toEqual({ local: 0, session: 0, dbs: [] });

    // Reloading does not bring the PIN screen back.
    await later.reload();
    await expect.poll(() => later.getByTestId("start-button").isVisible()).toBe(true);
    expect(await later.getByTestId("unlock-screen").count()).toBe(0);
    await context.close();
  });
});
