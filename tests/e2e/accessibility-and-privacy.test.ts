import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe.ts";
import { testWeek } from "../support/clock.ts";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { counsellorDesk, counsellorGoesOnDuty, eventually } from "../support/permanence.ts";

// Every screen a youth can reach, in French, Dutch and English, checked by axe-core (zero
// violations), used with the keyboard only and on a small phone; and every request of every path
// recorded: nothing may leave for another origin than the page's own.

type Lang = "fr" | "nl" | "en";

/** What each screen says in each language: proof that the whole path is in that language. */
const texts: Record<Lang, { welcome: string; waiting: string; ended: string; closed: string }> = {
  fr: {
    welcome: "Tu peux en parler ici",
    waiting: "Une intervenante va te répondre",
    ended: "La conversation est terminée",
    closed: `${testWeek.spelled("monday", "fr", "cccc d LLLL")} à 18 h 30`,
  },
  nl: {
    welcome: "Hier kun je erover praten",
    waiting: "Een hulpverlener gaat je antwoorden",
    ended: "Het gesprek is afgelopen",
    closed: `op ${testWeek.spelled("monday", "nl", "cccc d LLLL")} om 18.30 uur`,
  },
  en: {
    welcome: "You can talk about it here",
    waiting: "A counsellor will answer you",
    ended: "The conversation has ended",
    closed: `on ${testWeek.spelled("monday", "en", "cccc d LLLL")} at 6:30 pm`,
  },
};

async function visible(page: Page, testId: string, timeout = 60_000): Promise<void> {
  await expect.poll(() => page.getByTestId(testId).first().isVisible(), { timeout }).toBe(true);
}

/** Presses Tab until the element with this test id has the focus. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 25; i += 1) {
    const focused = await page.evaluate(
      () => (document.activeElement as HTMLElement | null)?.dataset["testid"] ?? null,
    );
    if (focused === testId) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${testId}`);
}

async function switchLanguage(page: Page, lang: Lang): Promise<void> {
  if (lang !== "fr") {
    // With the keyboard too: Tab to the button, then Enter.
    await tabTo(page, `language-${lang}`);
    await page.keyboard.press("Enter");
  }
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
  await expect
    .poll(() => page.getByTestId(`language-${lang}`).getAttribute("aria-pressed"))
    .toBe("true");
}

/** The composer and its button lie wholly inside the visible area. */
async function expectComposerInView(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error("no viewport");
  for (const testId of ["composer", "send-button"]) {
    const box = await page.getByTestId(testId).boundingBox();
    expect(box, testId).not.toBeNull();
    if (box === null) return;
    expect(box.y, `${testId} top`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${testId} bottom`).toBeLessThanOrEqual(viewport.height);
    expect(box.x + box.width, `${testId} right`).toBeLessThanOrEqual(viewport.width);
  }
}

describe("the youth's page: accessible in three languages, and talking to no one else", () => {
  const parties = withStackBrowserAndCounsellor();
  /** Every URL any page, worker or socket asked for, across all the paths below. */
  const requested = new Set<string>();
  /** The headers of every crypto WASM response, read as it arrives. */
  const wasmHeaders: Promise<Record<string, string>>[] = [];

  async function openPage(viewport = { width: 360, height: 640 }): Promise<{
    context: BrowserContext;
    page: Page;
  }> {
    const context = await parties.browser.newContext({ viewport });
    context.on("request", (request) => requested.add(request.url()));
    context.on("serviceworker", (worker) => requested.add(worker.url()));
    const page = await context.newPage();
    page.on("request", (request) => requested.add(request.url()));
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    page.on("websocket", (socket) => requested.add(socket.url()));
    page.on("worker", (worker) => requested.add(worker.url()));
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.endsWith(".wasm")) {
        wasmHeaders.push(response.allHeaders());
      }
    });
    return { context, page };
  }

  async function counsellorPauses(): Promise<void> {
    await parties.counsellor.sayInStaffRoom("!pause");
    await eventually(
      () => counsellorDesk(parties.stack, parties.counsellor),
      (desk) => desk.availability !== "on_duty" && desk.load === 0,
      "the counsellor to be off duty and free",
    );
  }

  /**
   * The whole path in one language, keyboard only up to the first message: welcome → waiting
   * (nobody on duty) → chat both ways → ended, with axe on every screen.
   */
  async function chatIn(lang: Lang): Promise<void> {
    const { context, page } = await openPage();
    const response = await page.goto(parties.stack.webUrl);
    if (lang === "fr") {
      // The page's own headers: a strict CSP that allows WASM and nothing inline, no referrer.
      const headers = (await response?.allHeaders()) ?? {};
      const csp = headers["content-security-policy"] ?? "";
      expect(csp).toContain("'wasm-unsafe-eval'");
      expect(csp).not.toContain("'unsafe-inline'");
      expect(csp).not.toContain("'unsafe-eval'");
      expect(headers["referrer-policy"]).toBe("no-referrer");
    }
    await visible(page, "start-button");
    await switchLanguage(page, lang);
    await expect.poll(() => page.locator("h1").textContent()).toBe(texts[lang].welcome);
    // The language choice is kept nowhere on the device.
    expect(
      await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]),
    ).toEqual([0, 0, ""]);
    await expectNoAxeViolations(page, `welcome (${lang})`);

    // Keyboard only: Tab to the start button, which shows it has the focus, then Enter.
    await tabTo(page, "start-button");
    expect(
      await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement ?? document.body);
        return [style.outlineStyle, parseFloat(style.outlineWidth) >= 2];
      }),
    ).toEqual(["solid", true]);
    if (lang === "fr") {
      // Someone who asked for less motion gets none.
      await page.emulateMedia({ reducedMotion: "reduce" });
      const seconds = await page
        .getByTestId("start-button")
        .evaluate((button) => parseFloat(getComputedStyle(button).transitionDuration));
      expect(seconds).toBeLessThan(0.001);
    }
    await page.keyboard.press("Enter");

    // Nobody on duty: the youth waits, told so in her language.
    await visible(page, "queue-position");
    await expect
      .poll(() => page.getByTestId("waiting-screen").locator("h2").textContent())
      .toBe(texts[lang].waiting);
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    await expectNoAxeViolations(page, `waiting (${lang})`);
    await expectComposerInView(page);

    // The composer has the focus; type and send with Enter.
    await expect
      .poll(() =>
        page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset["testid"]),
      )
      .toBe("composer");
    const fromYouth = `hello in ${lang} ${Date.now()}`;
    await page.keyboard.type(fromYouth);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("held-message").count()).toBe(1);

    const invited = parties.counsellor.acceptNextInvite();
    await counsellorGoesOnDuty(parties.stack, parties.counsellor);
    const roomId = await invited;
    await parties.counsellor.waitForMessage(roomId, fromYouth);
    const fromCounsellor = `answer in ${lang} ${Date.now()}`;
    await parties.counsellor.send(roomId, fromCounsellor);
    const theirs = page.locator('[data-testid="message"][data-from="counsellor"]');
    await expect
      .poll(() => theirs.allTextContents(), { timeout: 60_000 })
      .toEqual([expect.stringContaining(fromCounsellor)]);
    // New messages are announced: they arrive inside a polite live region.
    expect(
      await theirs.evaluate((li) => li.closest("[aria-live]")?.getAttribute("aria-live")),
    ).toBe("polite");
    await expectNoAxeViolations(page, `chat (${lang})`);
    await expectComposerInView(page);
    // The on-screen keyboard takes half the height: the composer stays above it.
    await page.getByTestId("composer").focus();
    await page.setViewportSize({ width: 360, height: 330 });
    await expectComposerInView(page);
    // …and the latest message is scrolled into view above it.
    await expect
      .poll(async () => {
        const message = await theirs.last().boundingBox();
        const composer = await page.getByTestId("composer").boundingBox();
        return (
          message !== null &&
          composer !== null &&
          message.y >= 0 &&
          message.y + message.height <= composer.y
        );
      })
      .toBe(true);
    await page.setViewportSize({ width: 360, height: 640 });

    await page.getByTestId("end-button").click();
    await visible(page, "end-confirm");
    await expectNoAxeViolations(page, `end confirmation (${lang})`);
    await page.getByTestId("end-confirm").click();
    await visible(page, "ended-screen", 30_000);
    await expect.poll(() => page.locator("h1").textContent()).toBe(texts[lang].ended);
    await expectNoAxeViolations(page, `ended (${lang})`);

    // No service worker, so nothing can cache a conversation.
    expect(
      await page.evaluate(async () =>
        "serviceWorker" in navigator
          ? (await navigator.serviceWorker.getRegistrations()).length
          : 0,
      ),
    ).toBe(0);
    await context.close();
    await counsellorPauses();
  }

  it("should go from welcome to the end in French, keyboard only, on a 360×640 phone", async () => {
    await chatIn("fr");
  });

  it("should go from welcome to the end in Dutch", async () => {
    await chatIn("nl");
  });

  it("should go from welcome to the end in English", async () => {
    await chatIn("en");
  });

  it("should explain a failure in plain words, in each language", async () => {
    for (const lang of ["fr", "nl", "en"] as const) {
      const { context, page } = await openPage();
      // The bot refuses the registration token: the youth sees the error screen, no jargon.
      await page.route("**/api/registration-tokens", (route) =>
        route.fulfill({ status: 400, contentType: "application/json", body: "{}" }),
      );
      await page.goto(parties.stack.webUrl);
      await visible(page, "start-button");
      await switchLanguage(page, lang);
      await page.getByTestId("start-button").click();
      await visible(page, "error", 30_000);
      expect(await page.getByTestId("error").textContent()).not.toMatch(/matrix|token|400/i);
      await expectNoAxeViolations(page, `error (${lang})`);
      await context.close();
    }
  });

  it("should serve the crypto WASM compressed, as application/wasm", async () => {
    expect(wasmHeaders.length).toBeGreaterThan(0);
    for (const headers of await Promise.all(wasmHeaders)) {
      expect(headers["content-type"]).toBe("application/wasm");
      expect(["br", "gzip"]).toContain(headers["content-encoding"]);
    }
  });

  it("should say when it reopens, in each language, when the tchat is closed", async () => {
    // Saturday, 15:00 in Brussels, for the bot and for the parties.browser.
    const saturday = testWeek.iso("saturday", "15:00");
    parties.stack.clock.set(saturday);
    await parties.stack.bot.tick();
    for (const lang of ["fr", "nl", "en"] as const) {
      // At 200% zoom on a laptop screen, the page is 640 CSS pixels wide.
      const { context, page } = await openPage({ width: 640, height: 400 });
      await page.clock.setFixedTime(new Date(saturday));
      await page.goto(parties.stack.webUrl);
      await visible(page, "closed-screen", 30_000);
      await switchLanguage(page, lang);
      await expect
        .poll(() => page.getByTestId("reopens-at").textContent())
        .toContain(texts[lang].closed);
      expect(await page.getByTestId("start-button").count()).toBe(0);
      // Resources only written in French are marked as French on a Dutch page (WCAG 3.1.2).
      const frenchParts = await page.getByTestId("resources").locator('[lang="fr"]').count();
      if (lang === "nl") expect(frenchParts).toBeGreaterThan(0);
      if (lang === "fr") expect(frenchParts).toBe(0);
      await expectNoAxeViolations(page, `closed (${lang})`);
      // Reflow: nothing wider than the page.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
      await context.close();
    }
  });

  it("should have asked nothing of any other origin on any of these paths", () => {
    const own = new URL(parties.stack.webUrl).origin;
    expect(requested.size).toBeGreaterThan(0);
    const elsewhere = [...requested].filter((url) => {
      const parsed = new URL(url);
      // data: and blob: URLs never leave the parties.browser.
      if (parsed.protocol === "data:" || parsed.protocol === "blob:") return false;
      const origin =
        parsed.protocol === "ws:" || parsed.protocol === "wss:"
          ? `${parsed.protocol === "ws:" ? "http:" : "https:"}//${parsed.host}`
          : parsed.origin;
      return origin !== own;
    });
    expect(elsewhere).toEqual([]);
  });
});
