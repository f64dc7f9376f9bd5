import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchChromium } from "./browser.ts";
import { consoleLogsIn, openConsole, type ConsolePage } from "./console.ts";
import { counsellorLogsIn, type ScriptedCounsellor } from "./counsellor.ts";
import { counsellorGoesOnDuty } from "./permanence.ts";
import { startTestStack, type TestStack } from "./test-stack.ts";

/**
 * A real stack, a Chromium and a logged-in scripted counsellor for the tests of one `describe`
 * block, started before them and stopped after. The counsellor goes on duty when asked to.
 */
export function withStackBrowserAndCounsellor(
  options: Parameters<typeof startTestStack>[0] & { counsellorOnDuty?: boolean } = {},
) {
  const { counsellorOnDuty = false, ...stackOptions } = options;
  const parties = {} as { stack: TestStack; browser: Browser; counsellor: ScriptedCounsellor };
  beforeAll(async () => {
    parties.stack = await startTestStack(stackOptions);
    parties.browser = await launchChromium();
    parties.counsellor = await counsellorLogsIn({
      homeserverUrl: parties.stack.synapseUrl,
      userId: parties.stack.counsellor.userId,
      password: parties.stack.counsellor.password,
      staffRoomId: parties.stack.bot.staffRoomId,
    });
    if (counsellorOnDuty) await counsellorGoesOnDuty(parties.stack, parties.counsellor);
  });
  afterAll(async () => {
    await parties.counsellor?.stop();
    await parties.browser?.close();
    await parties.stack?.stop();
  });
  return parties;
}

/**
 * A real stack and a Chromium for the tests of one `describe` block, with the consoles they open
 * (each in its own context), all closed after them. For tests where counsellors use the console.
 */
export function withStackBrowserAndConsoles(options: Parameters<typeof startTestStack>[0] = {}) {
  const parties = { consoles: [] } as unknown as {
    stack: TestStack;
    browser: Browser;
    /** Every console opened through `consoleLoggedIn`, closed after the tests. */
    consoles: ConsolePage[];
  };
  beforeAll(async () => {
    parties.stack = await startTestStack(options);
    parties.browser = await launchChromium();
  });
  afterAll(async () => {
    for (const open of parties.consoles) await open.context.close().catch(() => undefined);
    await parties.browser?.close();
    await parties.stack?.stop();
  });
  return parties;
}

/** Opens a console for `account` (a first login: it keeps the new recovery key) and logs in. */
export async function consoleLoggedIn(
  parties: { stack: TestStack; browser: Browser; consoles: ConsolePage[] },
  account: { userId: string; password: string },
): Promise<ConsolePage> {
  const open = await openConsole(parties.browser, parties.stack.webUrl);
  parties.consoles.push(open);
  await consoleLogsIn(open.page, account);
  return open;
}

/** The youth opens the page and starts a chat; returns once she can type. */
export async function youthStarts(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId("start-button").click();
  await expect.poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 }).toBe(true);
}

/**
 * What the youth's page shows of its messages, for a failure to say where a message stopped: who
 * wrote it, its delivery, whether its words show, and any notice withheld in their place.
 */
export async function youthPageMessages(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="message"], [data-testid="held-message"]')
    .evaluateAll((elements) =>
      elements.map((element) => {
        const from = element.getAttribute("data-from") ?? "?";
        const delivery = element.getAttribute("data-delivery") ?? "-";
        const words = (element.textContent ?? "").trim().slice(0, 40);
        return `${from} ${delivery}: ${words}`;
      }),
    )
    .catch((error: unknown) => [`(page unreadable: ${String(error)})`]);
}

/**
 * Which status the youth's page shows (its test ids): what her held messages wait for, and any
 * failure or lost connection that would keep them on the page.
 */
async function youthStatusPanel(page: Page): Promise<string> {
  const panels = [
    "waiting-screen",
    "counsellor-joining",
    "place-coming",
    "counsellor-present",
    "connection-lost",
    "error",
  ];
  const shown: string[] = [];
  for (const id of panels) {
    const panel = page.getByTestId(id).first();
    if (!(await panel.isVisible().catch(() => false))) continue;
    // An error says which (its words are the page's own, in the page's language).
    const words = id === "error" ? await panel.innerText({ timeout: 1_000 }).catch(() => "") : "";
    shown.push(words === "" ? id : `${id}: ${words.trim().slice(0, 200)}`);
  }
  return shown.length === 0 ? "no status" : shown.join(", ");
}

/** Runs `wait`; if it fails, its error also tells what the youth's page showed then. */
export async function explainingYouthPage<T>(page: Page, wait: () => Promise<T>): Promise<T> {
  try {
    return await wait();
  } catch (error: unknown) {
    const shown = await youthPageMessages(page);
    const panel = await youthStatusPanel(page);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; the youth's page shows: ${JSON.stringify(shown)}, under "${panel}"`,
      { cause: error },
    );
  }
}

/** Waits up to a minute for the youth's page to show a counsellor's message containing `text`. */
export async function youthReads(page: Page, text: string): Promise<void> {
  await explainingYouthPage(page, () =>
    expect
      .poll(
        () => page.locator('[data-testid="message"][data-from="counsellor"]').allTextContents(),
        { timeout: 60_000 },
      )
      .toEqual(expect.arrayContaining([expect.stringContaining(text)])),
  );
}
