// A supervisor joins a conversation to read it beside its counsellor (issue 18), in real Chromium
// against a real Synapse: she asks from her console, the counsellor's console invites her with the
// history (only it can: the bot has no keys), the youth's page tells the youth before anything she
// writes is encrypted for the supervisor, the supervisor reads the earlier messages and the new
// one, then leaves, and the youth is told that too.

import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { conversationMessages } from "@helpline/web-client/i18n/conversation";
import {
  consoleGoesOnDuty,
  consoleMessages,
  consoleSends,
  consoleAcceptsOffer,
} from "../support/console.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";
import { consoleLoggedIn, withStackBrowserAndConsoles, youthStarts } from "../support/e2e.ts";

const sentence = (label: string): string => `${label} ${randomBytes(8).toString("hex")}`;

async function consoleReadsAll(page: Page, texts: string[]): Promise<void> {
  await expect
    .poll(async () => (await consoleMessages(page)).texts, { timeout: 60_000 })
    .toEqual(expect.arrayContaining(texts));
}

/** The team notices on the youth's page, in order, by kind. */
async function teamNotices(youth: Page): Promise<(string | null)[]> {
  return youth
    .locator('[data-testid="team-notice"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-notice")));
}

describe("a supervisor who joins a conversation", () => {
  const parties = withStackBrowserAndConsoles({
    counsellors: [
      { localpart: "camille", displayName: "Camille" },
      { localpart: "sara", displayName: "Sara", supervisor: true },
    ],
  });

  it("should be announced to the youth before she writes, read the history, and be announced leaving", async () => {
    const { stack, browser } = parties;
    const [camilleAccount, saraAccount] = stack.counsellors;
    if (camilleAccount === undefined || saraAccount === undefined) {
      throw new Error("two counsellors");
    }
    const camille = await consoleLoggedIn(parties, camilleAccount);
    const sara = await consoleLoggedIn(parties, saraAccount);
    // Only Camille takes conversations: Sara supervises, off duty.
    await consoleGoesOnDuty(camille.page);

    const youthContext = await browser.newContext();
    const youth = await youthContext.newPage();
    await youthStarts(youth, stack.webUrl);
    const before = sentence("youth before");
    await youth.getByTestId("composer").fill(before);
    await youth.getByTestId("send-button").click();

    await consoleAcceptsOffer(camille.page);
    await consoleReadsAll(camille.page, [before]);
    const reply = sentence("camille reply");
    await consoleSends(camille.page, reply);

    // Record, in the youth's page, when the notice first shows.
    await youth.evaluate(() => {
      const page = window as unknown as { noticeShownAt?: number };
      const seen = () => {
        if (
          page.noticeShownAt === undefined &&
          document.querySelector('[data-notice="observer_joined"]')
        ) {
          page.noticeShownAt = Date.now();
        }
      };
      new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
      seen();
    });
    expect(await teamNotices(youth)).toEqual([]);

    // Sara joins from her supervisor panel; Camille's console invites her, with the history.
    const row = sara.page.locator('[data-testid="supervisor-in-progress"]');
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await row.getByTestId("supervisor-join").click();
    const observed = sara.page.locator('[data-testid="conversation"]');
    await expect.poll(() => observed.count(), { timeout: 60_000 }).toBe(1);
    await observed.locator("button").first().click();
    await expect
      .poll(() => sara.page.getByTestId("observing").isVisible(), { timeout: 60_000 })
      .toBe(true);
    // Earlier messages, written before she was there: the invite carried their keys.
    await consoleReadsAll(sara.page, [before, reply]);
    expect((await consoleMessages(sara.page)).unreadable).toBe(0);

    // The youth was told, in plain words, before she writes again.
    await expect.poll(() => teamNotices(youth), { timeout: 60_000 }).toEqual(["observer_joined"]);
    expect(await youth.getByTestId("team-notice").textContent()).toBe(
      conversationMessages.fr.chat.team.observer_joined,
    );
    const sentAt = await youth.evaluate(() => Date.now());
    const after = sentence("youth after");
    await youth.getByTestId("composer").fill(after);
    await youth.getByTestId("send-button").click();
    const shownAt = await youth.evaluate(
      () => (window as unknown as { noticeShownAt?: number }).noticeShownAt,
    );
    expect(shownAt).toBeDefined();
    expect(shownAt ?? Infinity).toBeLessThan(sentAt);
    await consoleReadsAll(sara.page, [before, reply, after]);
    await consoleReadsAll(camille.page, [before, reply, after]);

    // Sara leaves: the youth is told; the conversation stays with Camille.
    await sara.page.getByTestId("observing-leave").click();
    await expect
      .poll(() => teamNotices(youth), { timeout: 60_000 })
      .toEqual(["observer_joined", "observer_left"]);
    await expect
      .poll(() => sara.page.getByTestId("conversation").count(), { timeout: 60_000 })
      .toBe(0);
    expect(await camille.page.getByTestId("conversation").count()).toBe(1);
    await youthContext.close();
    expect([...camille.foreignRequests, ...sara.foreignRequests]).toEqual([]);
    // Three readers, and still nothing in clear on the server (the scan sees the database: the
    // supervisor's id is stored in clear, as it should be).
    expect(await findInSynapseDatabase(stack, [before, reply, after, saraAccount.userId])).toEqual([
      saraAccount.userId,
    ]);
  });
});
