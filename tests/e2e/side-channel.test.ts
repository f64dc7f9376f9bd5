import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { consoleGoesOnDuty, consoleAcceptsOffer } from "../support/console.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";
import { consoleLoggedIn, withStackBrowserAndConsoles } from "../support/e2e.ts";

// A side channel (issue 18) in the console, in Chromium against the real bot and Synapse: Camille
// asks for help from her conversation; Sam's console (a supervisor) shows the side channel and she
// answers; Camille reads the answer. The youth's page shows nothing of it, and Synapse's database
// holds neither message in clear.

function sentence(label: string): string {
  // Plain ASCII, so it would appear byte for byte in the database if it were stored in clear.
  return `${label} ${randomBytes(10).toString("hex")} nobody else wrote this`;
}

async function sideMessages(page: Page): Promise<string[]> {
  return page.locator('[data-testid="side-message"] .body').allTextContents();
}

async function sideSends(page: Page, text: string): Promise<void> {
  const channel = page.getByTestId("side-channel");
  await expect.poll(() => channel.count(), { timeout: 60_000 }).toBe(1);
  await channel.getByTestId("side-composer").fill(text);
  // Enabled once the bot's invite is joined and the room is seen as encrypted.
  await expect
    .poll(() => channel.getByTestId("side-send").isEnabled(), { timeout: 60_000 })
    .toBe(true);
  await channel.getByTestId("side-send").click();
}

describe("asking the supervisors for help in the console", () => {
  const parties = withStackBrowserAndConsoles({
    counsellors: [
      { localpart: "camille", displayName: "Camille" },
      { localpart: "sam", displayName: "Sam", supervisor: true },
    ],
  });

  it("should open a side channel beside the chat, carry both ways, hide it from the youth and store no plaintext", async () => {
    const { stack, browser } = parties;
    const [camilleAccount, samAccount] = stack.counsellors;
    if (camilleAccount === undefined || samAccount === undefined) throw new Error("two accounts");
    const camille = await consoleLoggedIn(parties, camilleAccount);
    const sam = await consoleLoggedIn(parties, samAccount);
    await consoleGoesOnDuty(camille.page);

    // The youth starts; only Camille is on duty, so the conversation is hers.
    const youthContext = await browser.newContext();
    const youth = await youthContext.newPage();
    await youth.goto(stack.webUrl);
    await youth.getByTestId("start-button").click();
    await consoleAcceptsOffer(camille.page);
    await expect
      .poll(() => youth.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    await consoleGoesOnDuty(sam.page);

    // She asks for help from the open conversation: Sam, on duty, is invited.
    await camille.page.getByTestId("action-help").click();
    await expect
      .poll(() => camille.page.getByTestId("help-answer").getAttribute("data-supervisors"), {
        timeout: 30_000,
      })
      .toBe("1");
    await expect
      .poll(() => camille.page.locator('[data-testid="side-channel"][data-mine="true"]').count(), {
        timeout: 60_000,
      })
      .toBe(1);

    const question = sentence("side question");
    await sideSends(camille.page, question);
    // Sam's console lists the side channel (a colleague's), joins it and reads the question.
    await expect
      .poll(() => sam.page.locator('[data-testid="side-channel"][data-mine="false"]').count(), {
        timeout: 60_000,
      })
      .toBe(1);
    await expect.poll(() => sideMessages(sam.page), { timeout: 60_000 }).toContain(question);
    const answer = sentence("side answer");
    await sideSends(sam.page, answer);
    await expect.poll(() => sideMessages(camille.page), { timeout: 60_000 }).toContain(answer);

    // The youth's page knows nothing of it: not a word, not the room.
    const youthText = (await youth.locator("body").textContent()) ?? "";
    for (const hidden of [question, answer, "Soutien", "Aide ·"]) {
      expect(youthText).not.toContain(hidden);
    }
    expect(await youth.getByTestId("side-channel").count()).toBe(0);

    // Neither message sits in clear in Synapse's database; the scan does see it (a user id).
    expect(await findInSynapseDatabase(stack, [question, answer, camilleAccount.userId])).toEqual([
      camilleAccount.userId,
    ]);
    await youthContext.close();
  });
});
