import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
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
    const startToType = await youthStartsChat(page, stack.webUrl, "Lou");
    console.log(`start to type: ${Math.round(startToType)} ms (${stack.database.kind})`);

    // The youth writes at once, while the counsellor is still only invited: the message must be
    // encrypted for her too, and readable when she joins.
    const beforeJoin = uniqueSentence("youth before join");
    await youthSends(page, beforeJoin);
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
    const received = await counsellor.waitForMessage(roomId, beforeJoin);
    expect(received.isEncrypted()).toBe(true);

    const fromYouth = uniqueSentence("youth");
    await youthSends(page, fromYouth);
    expect((await counsellor.waitForMessage(roomId, fromYouth)).isEncrypted()).toBe(true);

    const fromCounsellor = uniqueSentence("counsellor");
    await counsellor.send(roomId, fromCounsellor);
    await expect
      .poll(
        () => page.locator('[data-testid="message"][data-from="counsellor"]').allTextContents(),
        { timeout: 60_000 },
      )
      .toEqual(expect.arrayContaining([expect.stringContaining(fromCounsellor)]));
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
    await page.goto(stack.webUrl);
    await page.getByTestId("start-button").click();
    const roomId = await invited;
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
    await page.close();
  });
});
