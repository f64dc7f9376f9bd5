import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { explainingYouthPage, withStackBrowserAndCounsellor, youthReads } from "../support/e2e.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";

function uniqueSentence(label: string): string {
  // Plain ASCII, so it would appear byte for byte in any database if it were stored in clear.
  return `${label} ${randomBytes(12).toString("hex")} is a sentence nobody else wrote`;
}

async function youthStartsChat(page: Page, url: string, pseudonym = ""): Promise<number> {
  await page.goto(url);
  await page.getByTestId("pseudonym").fill(pseudonym);
  await page.getByTestId("start-button").click();
  await expect.poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 }).toBe(true);
  return page.evaluate(() => {
    const measure = performance.measure(
      "start-to-type",
      "helpline:start-pressed",
      "helpline:composer-ready",
    );
    return measure.duration;
  });
}

/**
 * Holds the page's join of its room until the returned release is called: she can write from the
 * moment her conversation exists (issue 19), and what she writes before the join must wait.
 */
async function holdJoin(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_matrix/client/v3/join/**", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Whether the page has marked its room joined (MatrixChatSession's "helpline:joined"). */
function joined(page: Page): Promise<boolean> {
  return page.evaluate(() => performance.getEntriesByName("helpline:joined").length > 0);
}

async function youthSends(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer").fill(text);
  await page.getByTestId("send-button").click();
}

describe("a youth and a counsellor talk, end-to-end encrypted", () => {
  const parties = withStackBrowserAndCounsellor({ counsellorOnDuty: true });

  it("should deliver both ways and leave no plaintext in Synapse's database", async () => {
    const { stack, browser, counsellor } = parties;
    const page = await browser.newPage();
    // A pseudonym that could identify the youth is refused with the reason, and nothing starts.
    await page.goto(stack.webUrl);
    await page.getByTestId("pseudonym").fill("0475 12 34 56");
    await page.getByTestId("start-button").click();
    await expect.poll(() => page.getByTestId("pseudonym-problem").isVisible()).toBe(true);
    const releaseJoin = await holdJoin(page);
    const startToType = await youthStartsChat(page, stack.webUrl, "Lou");
    console.log(`start to type: ${Math.round(startToType)} ms (${stack.database.kind})`);

    // The youth writes at once, before her page has even joined its room, while the counsellor
    // is still only invited: the message waits on the page, then must be encrypted for the
    // counsellor too, and readable when she joins.
    const beforeJoin = uniqueSentence("youth before join");
    await youthSends(page, beforeJoin);
    // Shown on her page as waiting, and still not joined (the join is held until released).
    await expect
      .poll(() => page.getByTestId("held-message").allTextContents())
      .toEqual([expect.stringContaining(beforeJoin)]);
    expect(await joined(page)).toBe(false);
    // The counsellor on duty was offered her conversation as she arrived: the bot's answer said
    // so, and her page says it before it has joined the room whose status will say the same.
    expect(await page.getByTestId("counsellor-joining").isVisible()).toBe(true);
    expect(await page.getByTestId("place-coming").count()).toBe(0);
    releaseJoin();
    const roomId = await counsellor.acceptNextInvite();
    // The counsellor sees the youth under the pseudonym chosen.
    await expect
      .poll(() =>
        counsellor.client
          .getRoom(roomId)
          ?.getJoinedMembers()
          .filter((m) => m.userId !== counsellor.userId && m.userId !== stack.bot.userId)
          .map((m) => m.name),
      )
      .toEqual(["Lou"]);
    const received = await explainingYouthPage(page, () =>
      counsellor.waitForMessage(roomId, beforeJoin),
    );
    expect(received.isEncrypted()).toBe(true);

    const fromYouth = uniqueSentence("youth");
    await youthSends(page, fromYouth);
    const receivedLater = await explainingYouthPage(page, () =>
      counsellor.waitForMessage(roomId, fromYouth),
    );
    expect(receivedLater.isEncrypted()).toBe(true);

    const fromCounsellor = uniqueSentence("counsellor");
    await counsellor.send(roomId, fromCounsellor);
    await youthReads(page, fromCounsellor);
    await expect
      .poll(() => page.locator('[data-testid="message"][data-from="me"]').allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining(beforeJoin),
          expect.stringContaining(fromYouth),
        ]),
      );

    // The scan must see the database: the counsellor's id is stored in clear, as it should be.
    const found = await findInSynapseDatabase(stack, [
      beforeJoin,
      fromYouth,
      fromCounsellor,
      stack.counsellor.userId,
    ]);
    expect(found).toEqual([stack.counsellor.userId]);
    await page.close();
  });
});

describe("the no-plaintext check", () => {
  // Test-only switch: the bot and Synapse create rooms without encryption.
  const parties = withStackBrowserAndCounsellor({
    unencryptedRoomsForTest: true,
    counsellorOnDuty: true,
  });

  it("should find a sentence sent in a room created unencrypted, and the youth's page refuses to send", async () => {
    const { stack, browser, counsellor } = parties;
    const page = await browser.newPage();
    const invited = counsellor.acceptNextInvite();
    const releaseJoin = await holdJoin(page);
    await page.goto(stack.webUrl);
    await page.getByTestId("start-button").click();
    const roomId = await invited;
    // She may write once her conversation exists, before the page has seen the room: what she
    // writes waits on the page.
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    const held = uniqueSentence("youth held");
    await youthSends(page, held);
    releaseJoin();
    // The youth's page never falls back to plaintext: it explains and offers no composer.
    await expect
      .poll(() => page.getByTestId("unsafe-room").isVisible(), { timeout: 60_000 })
      .toBe(true);
    expect(await page.getByTestId("composer").count()).toBe(0);

    const inClear = uniqueSentence("plaintext");
    await counsellor.send(roomId, inClear);
    await expect
      .poll(() => findInSynapseDatabase(stack, [inClear]), { timeout: 30_000 })
      .toEqual([inClear]);
    // What she wrote never left her page, in clear or otherwise.
    expect(await findInSynapseDatabase(stack, [held])).toEqual([]);
    await page.close();
  });
});
