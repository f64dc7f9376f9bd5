import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

/**
 * The counsellor console in its own browser context (its own tab on its own computer), driven like
 * a counsellor would: log in, keep or type the recovery key, go on duty, answer offers.
 */
export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Origins other than the stack's that the page tried to reach (must stay empty). */
  foreignRequests: string[];
  /** How many offer chimes the page played (counted by wrapping AudioContext before load). */
  chimes(): Promise<number>;
}

export async function openConsole(browser: Browser, webUrl: string): Promise<ConsolePage> {
  const context = await browser.newContext();
  const foreignRequests: string[] = [];
  const origin = new URL(webUrl).origin;
  context.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) foreignRequests.push(new URL(url).origin);
  });
  // Counts each sound the console starts; runs before any of the page's own scripts.
  await context.addInitScript(() => {
    const scope = window as unknown as { __chimes: number; AudioContext: typeof AudioContext };
    scope.__chimes = 0;
    const Original = scope.AudioContext;
    scope.AudioContext = class extends Original {
      override createOscillator(): OscillatorNode {
        const oscillator = super.createOscillator();
        const start = oscillator.start.bind(oscillator);
        oscillator.start = (when?: number) => {
          scope.__chimes += 1;
          start(when);
        };
        return oscillator;
      }
    };
  });
  const page = await context.newPage();
  // The console logs only the SDK's warnings and errors: worth seeing when a step times out.
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      console.warn(`[console page] ${message.text()}`);
  });
  page.on("pageerror", (error) => console.warn(`[console page] ${error.message}`));
  page.on("response", (response) => {
    // A key backup without keys yet answers 404: expected, not worth a line.
    const { pathname } = new URL(response.url());
    if (response.status() >= 400 && !pathname.includes("/room_keys/")) {
      console.warn(
        `[console page] ${response.request().method()} ${pathname} → ${response.status()}`,
      );
    }
  });
  await page.goto(`${webUrl}/console`);
  return {
    context,
    page,
    foreignRequests,
    chimes: () => page.evaluate(() => (window as unknown as { __chimes: number }).__chimes),
  };
}

/**
 * Logs in. On the very first login the console shows a new recovery key, which is returned (and
 * confirmed as written down); later logins ask for it and get `recoveryKey`.
 */
export async function consoleLogsIn(
  page: Page,
  account: { userId: string; password: string },
  recoveryKey?: string,
): Promise<string | null> {
  await page.getByTestId("login-user").fill(account.userId);
  await page.getByTestId("login-password").fill(account.password);
  await page.getByTestId("login-submit").click();
  const shown = page.getByTestId("new-recovery-key");
  const asked = page.getByTestId("recovery-key-input");
  await expect
    .poll(async () => (await shown.isVisible()) || (await asked.isVisible()), { timeout: 60_000 })
    .toBe(true);
  let newKey: string | null = null;
  if (await shown.isVisible()) {
    newKey = (await shown.textContent())?.trim() ?? null;
    await page.getByTestId("recovery-key-saved").click();
  } else {
    if (recoveryKey === undefined) throw new Error(`${account.userId} needs her recovery key`);
    await asked.fill(recoveryKey);
    await page.getByTestId("recovery-unlock").click();
  }
  await expect
    .poll(() => page.getByTestId("availability-on_duty").isVisible(), { timeout: 60_000 })
    .toBe(true);
  return newKey;
}

export async function consoleGoesOnDuty(page: Page): Promise<void> {
  await page.getByTestId("availability-on_duty").click();
  await expect
    .poll(() => page.getByTestId("availability-on_duty").getAttribute("aria-pressed"))
    .toBe("true");
}

/** The texts of the open conversation's messages, and how many could not be decrypted. */
export async function consoleMessages(
  page: Page,
): Promise<{ texts: string[]; unreadable: number }> {
  const messages = page.getByTestId("console-message");
  const texts = await messages.locator(".body").allTextContents();
  const unreadable = await page.locator('[data-testid="console-message"][data-trouble]').count();
  return { texts, unreadable };
}

export async function consoleSends(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.getByTestId("console-send").isVisible()).toBe(true);
  await page.getByTestId("console-composer").fill(text);
  await expect
    .poll(() => page.getByTestId("console-send").isEnabled(), { timeout: 30_000 })
    .toBe(true);
  await page.getByTestId("console-send").click();
}

/**
 * Accepts the one offer in `state` (a new youth, or a colleague's handover) and waits until that
 * conversation is the open one (another one may have been open until now).
 */
export async function consoleAcceptsOffer(
  page: Page,
  state: "offered" | "handover_offered" = "offered",
): Promise<void> {
  const offer = page.locator(`[data-testid="offer"][data-state="${state}"]`);
  await expect.poll(() => offer.count(), { timeout: 60_000 }).toBe(1);
  const reference = await offer.getAttribute("data-reference");
  await offer.getByTestId("offer-accept").click();
  await expect
    .poll(() => page.locator(`[data-testid="chat"][data-reference="${reference}"]`).isVisible(), {
      timeout: 60_000,
    })
    .toBe(true);
}
