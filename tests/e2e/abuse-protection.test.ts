import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { en } from "@helpline/web-client/i18n/en";
import { fr } from "@helpline/web-client/i18n/fr";
import { nl } from "@helpline/web-client/i18n/nl";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { counsellorDesk, eventually } from "../support/permanence.ts";

// The youth's page and abuse protection (issue 5): the proof of work is solved while the welcome
// screen is read, and a device a counsellor barred is told so calmly, in its language. Every
// request here comes from one address, so the bar applies to this whole stack: keep it last.

async function visible(page: Page, testId: string, timeout = 60_000): Promise<void> {
  await expect.poll(() => page.getByTestId(testId).first().isVisible(), { timeout }).toBe(true);
}

describe("abuse protection on the youth's page", () => {
  const parties = withStackBrowserAndCounsellor({ counsellorOnDuty: true });

  it("should solve the proof of work before start is pressed, and tell a barred device calmly in each language", async () => {
    const { stack, browser, counsellor } = parties;
    const page = await browser.newPage();
    const challenge = page.waitForResponse((r) => r.url().endsWith("/api/challenges"));
    await page.goto(stack.webUrl);
    // Fetched (and then solved) while the youth reads, before anything is pressed.
    expect((await challenge).status()).toBe(201);
    const tokenRequest = page.waitForRequest((r) => r.url().endsWith("/api/registration-tokens"));
    const invited = counsellor.acceptNextInvite();
    await page.getByTestId("start-button").click();
    const sent = (await tokenRequest).postDataJSON() as { challenge: string; solution: string };
    expect(sent.challenge).toMatch(/\./);
    expect(sent.solution).toMatch(/^[0-9a-z]+$/);
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    await invited;

    // The counsellor ends and bars the conversation from the staff room.
    const desk = await eventually(
      () => counsellorDesk(stack, counsellor),
      (view) => view.conversations.some((c) => c.state === "active"),
      "the conversation on the counsellor's desk",
    );
    const reference = desk.conversations.find((c) => c.state === "active")?.reference as number;
    await counsellor.sayInStaffRoom(`!bloquer ${reference}`);
    await visible(page, "ended-reason");
    await page.close();

    for (const [lang, messages] of [
      ["fr", fr],
      ["nl", nl],
      ["en", en],
    ] as const) {
      const context = await browser.newContext({ locale: lang });
      const again = await context.newPage();
      await again.goto(stack.webUrl);
      if (lang !== "fr") await again.getByTestId(`language-${lang}`).click();
      await again.getByTestId("start-button").click();
      await visible(again, "error");
      expect(await again.getByTestId("error").textContent()).toContain(messages.errors.barred);
      // Turned away here, the youth still sees where else to find help.
      await again.getByTestId("error").getByTestId("resources").waitFor();
      await context.close();
    }
  });
});
