import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorOf } from "@helpline/contract";
import { repoRoot } from "@helpline/scripts/paths";
import { fr as consoleFr } from "@helpline/web-client/console/i18n/fr";
import {
  conversationMessages,
  formalConversationMessages,
} from "@helpline/web-client/i18n/conversation";
import { en } from "@helpline/web-client/i18n/en";
import { fr } from "@helpline/web-client/i18n/fr";
import { frFormal } from "@helpline/web-client/i18n/fr-formal";
import { nl } from "@helpline/web-client/i18n/nl";
import { expectNoAxeViolations } from "../support/axe.ts";
import { launchChromium } from "../support/browser.ts";
import { testWeek } from "../support/clock.ts";
import {
  consoleGoesOnDuty,
  consoleLogsIn,
  openConsole,
  type ConsolePage,
} from "../support/console.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// Several helplines side by side in one deployment (issue 16), seen from the browser: each page
// at /<id>/ speaks to its own audience and calls its own API (/api/h/<id>/), the console at
// /<id>/console serves that helpline, and an ended service admits no one.
//
// Harness: the test stack runs the four seed definitions of config/helplines/ (the default,
// Maintenant j'en parle, first) through its `helplines` option (tests/support/test-stack.ts: each
// a definition file and its team's account names), Camille in every active team. The bot's clock
// is moved to a Thursday evening, when both Maintenant j'en parle and SOS Viol are open.

/** The four seeds, the default first; Camille serves every active one, the ended pilot has no team. */
const seeds = [
  { id: "maintenant-jen-parle", counsellors: ["camille"] },
  { id: "nu-praat-ik-er-over", counsellors: ["camille"] },
  { id: "sos-viol", counsellors: ["camille"] },
  { id: "chat-violences-sexuelles", counsellors: [] },
].map(({ id, counsellors }) => ({
  definition: path.join(repoRoot, "config", "helplines", `${id}.yaml`),
  counsellors,
}));

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The test week is only known to keep Maintenant j'en parle's Monday and Tuesday hours
 * (tests/support/clock.ts): from its Monday, the first Thursday at 19:00 on which the bot says both
 * Maintenant j'en parle (Tue–Thu 18:00–21:00) and SOS Viol (Thu 18:00–21:00) admit youths.
 */
async function moveToAThursdayEveningWhenBothAreOpen(stack: TestStack): Promise<void> {
  const admitting = async (id: string) => {
    const response = await fetch(`${stack.webUrl}/api/h/${id}/status`);
    if (!response.ok) throw new Error(`/api/h/${id}/status answered ${response.status}`);
    return ((await response.json()) as { admitting?: unknown }).admitting === true;
  };
  const thursday = testWeek.at("monday", "19:00") + 3 * DAY_MS;
  for (let week = 0; week < 8; week += 1) {
    stack.clock.set(thursday + week * 7 * DAY_MS);
    if ((await admitting("sos-viol")) && (await admitting("maintenant-jen-parle"))) return;
  }
  throw new Error(
    "no Thursday evening in eight weeks when both SOS Viol and Maintenant j'en parle admit",
  );
}

/** A youth's page, with the path of every call it made to the bot. */
async function openPage(
  browser: Browser,
  url: string,
): Promise<{ page: Page; apiCalls: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const apiCalls: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith("/api/")) apiCalls.push(pathname);
  });
  await page.goto(url);
  return { page, apiCalls };
}

async function heading(page: Page): Promise<string | null> {
  await expect.poll(() => page.locator("h1").count(), { timeout: 30_000 }).toBe(1);
  return page.locator("h1").textContent();
}

describe("several helplines side by side", () => {
  let stack: TestStack;
  let browser: Browser;
  const consoles: ConsolePage[] = [];

  beforeAll(async () => {
    // `helplines` is the test stack's option for several helplines on one bot (A1's
    // tests/support/test-stack.ts, TestHelpline); the assertion lets this file compile before it.
    stack = await startTestStack({
      counsellors: [{ localpart: "camille", displayName: "Camille" }],
      helplines: seeds,
    } as Parameters<typeof startTestStack>[0]);
    await moveToAThursdayEveningWhenBothAreOpen(stack);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const open of consoles) await open.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  it("should serve each seed helpline's public API under its own prefix", async () => {
    const audiences: Record<string, unknown> = {};
    for (const id of ["maintenant-jen-parle", "nu-praat-ik-er-over", "sos-viol"]) {
      const response = await fetch(`${stack.webUrl}/api/h/${id}/helpline`);
      expect(response.status, id).toBe(200);
      audiences[id] = ((await response.json()) as { audience?: unknown }).audience;
    }
    expect(audiences).toEqual({
      "maintenant-jen-parle": "minors",
      "nu-praat-ik-er-over": "minors",
      "sos-viol": "adults",
    });
  });

  it("should address an adult of SOS Viol with 'vous', offer the optional question, and show the answer with the offer", async () => {
    const camille = await openConsole(browser, `${stack.webUrl}/sos-viol`);
    consoles.push(camille);
    await consoleLogsIn(camille.page, stack.counsellor);
    await consoleGoesOnDuty(camille.page);

    const { page, apiCalls } = await openPage(browser, `${stack.webUrl}/sos-viol/`);
    expect(await heading(page)).toBe(frFormal.welcome.title);
    await expect
      .poll(() => page.locator("legend").textContent())
      .toBe(frFormal.welcome.writingAbout.legend);
    expect(await page.textContent("body")).not.toContain(fr.welcome.title);
    const closeOne = page.getByTestId("writing-about-close-one");
    expect(await closeOne.getAttribute("aria-pressed")).toBe("false");
    await expectNoAxeViolations(page, "SOS Viol welcome");

    // Changeable, and never required: choose one, then the other.
    await page.getByTestId("writing-about-self").click();
    await closeOne.click();
    expect(await closeOne.getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("writing-about-self").getAttribute("aria-pressed")).toBe("false");
    await page.getByTestId("start-button").click();
    await expect
      .poll(() => page.getByText(formalConversationMessages.fr.waiting.title).isVisible(), {
        timeout: 60_000,
      })
      .toBe(true);
    expect(await page.textContent("body")).not.toContain(conversationMessages.fr.waiting.title);
    await expectNoAxeViolations(page, "SOS Viol waiting");
    // Every call went to SOS Viol's own API, none to the default helpline's.
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((call) => !call.startsWith("/api/h/sos-viol/"))).toEqual([]);

    // Camille sees the answer with the offer, then in the open conversation's header.
    const offer = camille.page.getByTestId("offer");
    await expect.poll(() => offer.count(), { timeout: 60_000 }).toBe(1);
    expect(await offer.textContent()).toContain(consoleFr.desk.writingAbout["close-one"]);
    await expectNoAxeViolations(camille.page, "SOS Viol console with an offer");
    await offer.getByTestId("offer-accept").click();
    await expect
      .poll(() => camille.page.getByTestId("chat-writing-about").textContent(), {
        timeout: 60_000,
      })
      .toBe(consoleFr.desk.writingAbout["close-one"]);
    await page.context().close();
  });

  it("should leave Maintenant j'en parle as it was, at / and at its own address", async () => {
    for (const [address, base] of [
      ["/", "/api/"],
      ["/maintenant-jen-parle/", "/api/h/maintenant-jen-parle/"],
    ] as const) {
      const { page, apiCalls } = await openPage(browser, `${stack.webUrl}${address}`);
      expect(await heading(page)).toBe(fr.welcome.title);
      expect(await page.getByTestId("start-button").isVisible()).toBe(true);
      expect(await page.locator("fieldset").count()).toBe(0);
      await expectNoAxeViolations(page, `Maintenant j'en parle welcome at ${address}`);
      // The default's page calls /api/ only; its own address, its own prefix only.
      const elsewhere = (call: string) =>
        !call.startsWith(base) || (base === "/api/" && call.startsWith("/api/h/"));
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.filter(elsewhere)).toEqual([]);
      await page.context().close();
    }
  });

  it("should admit no one at the ended pilot's address, and point to its successors", async () => {
    const { page } = await openPage(browser, `${stack.webUrl}/chat-violences-sexuelles/`);
    await expect
      .poll(() => page.getByTestId("service-ended-screen").isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await heading(page)).toBe(frFormal.serviceEnded.title);
    expect(await page.getByTestId("service-ended-on").textContent()).toBe(
      frFormal.serviceEnded.endedOn("1 juillet 2021"),
    );
    const successors = page.getByTestId("successor").locator("a");
    expect(
      await successors.evaluateAll((links) => links.map((a) => a.getAttribute("href"))),
    ).toEqual(["https://www.sosviol.be/", "https://www.maintenantjenparle.be/"]);
    expect(await page.locator('a[href^="https://www.violencessexuelles.be"]').count()).toBe(1);
    expect(await page.getByTestId("start-button").count()).toBe(0);
    expect(await page.getByTestId("quick-exit").isVisible()).toBe(true);
    await expectNoAxeViolations(page, "ended pilot");

    // Nor does its API let anyone in.
    const refused = await fetch(`${stack.webUrl}/api/h/chat-violences-sexuelles/challenges`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(apiErrorOf(await refused.json(), ["helpline_ended"])?.code).toBe("helpline_ended");
    await page.context().close();
  });

  it("should say that a mistyped address leads to no chat, and offer no start", async () => {
    const { page } = await openPage(browser, `${stack.webUrl}/sos-violl/`);
    await expect.poll(() => page.getByTestId("error").isVisible(), { timeout: 30_000 }).toBe(true);
    // No helpline answered, so the page speaks the browser's language.
    expect([fr, nl, en].map((catalog) => catalog.errors.unknownHelpline)).toContain(
      await page.getByRole("alert").textContent(),
    );
    expect(await page.getByTestId("start-button").count()).toBe(0);
    expect(await page.getByRole("button", { name: fr.errors.retry }).count()).toBe(0);
    expect(await page.getByRole("button", { name: en.errors.retry }).count()).toBe(0);
    expect(await page.getByTestId("quick-exit").isVisible()).toBe(true);
    await expectNoAxeViolations(page, "unknown helpline");
    await page.context().close();
  });
});
