import { readFileSync } from "node:fs";
import path from "node:path";
import { helplineDir } from "@helpline/bot/helplines/state-dirs";
import { dayOf } from "@helpline/bot/operations/statistics-store";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe.ts";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { counsellorDesk, counsellorGoesOnDuty, eventually } from "../support/permanence.ts";

// Issue 17, items 2 and 5, in Chromium against the real bot and Synapse: a queued youth reads
// the helpline's texts without losing her turn, and answers the feedback once it is over.

describe("waiting texts and the youth's feedback", () => {
  const parties = withStackBrowserAndCounsellor();

  it("should let a queued youth read, still announce her turn, and take her feedback at the end", async () => {
    const { stack, browser, counsellor } = parties;
    const page = await browser.newPage();
    await page.goto(stack.webUrl);
    await page.getByTestId("start-button").click();

    // Nobody on duty: she waits, and the helpline's texts are there, folded.
    await expect
      .poll(() => page.getByTestId("queue-position").textContent(), { timeout: 60_000 })
      .toContain("1");
    const secrecy = page.getByTestId("waiting-text-secrecy");
    await expect.poll(() => secrecy.isVisible()).toBe(true);
    const body = secrecy.locator("p");
    expect(await body.isVisible()).toBe(false);
    await secrecy.locator("summary").click();
    await expect.poll(() => body.isVisible()).toBe(true);
    expect(await body.textContent()).toContain("si ta vie est en danger grave");
    await expectNoAxeViolations(page, "waiting, a text open");

    // Reading costs her nothing: the counsellor comes, and her arrival is announced.
    const invited = counsellor.acceptNextInvite();
    await counsellorGoesOnDuty(stack, counsellor);
    await invited;
    const present = page.getByTestId("counsellor-present");
    await expect.poll(() => present.count(), { timeout: 30_000 }).toBe(1);
    expect(await present.getAttribute("role")).toBe("status");
    expect(await page.getByTestId("waiting-texts").count()).toBe(0);

    await page.getByTestId("end-button").click();
    await page.getByTestId("end-confirm").click();
    await expect
      .poll(() => page.getByTestId("ended-screen").isVisible(), { timeout: 30_000 })
      .toBe(true);
    await eventually(
      () => counsellorDesk(stack, counsellor),
      (desk) => desk.load === 0,
      "the conversation to end",
    );

    // Optional, closed answers, one send, a thank-you.
    const send = page.getByTestId("feedback-send");
    expect(await send.isDisabled()).toBe(true);
    await page.getByTestId("feedback-helped-yes").click();
    await page.getByTestId("feedback-write-again-maybe").click();
    await expectNoAxeViolations(page, "ended, feedback answered");
    await send.click();
    const outcome = page.getByTestId("feedback-outcome");
    await expect.poll(() => outcome.getAttribute("data-step"), { timeout: 15_000 }).toBe("sent");
    expect(await outcome.textContent()).toBe("Merci pour tes réponses.");
    expect(await page.getByTestId("feedback-send").count()).toBe(0);
    await expectNoAxeViolations(page, "ended, feedback sent");

    // Counted for the day, in the helpline's statistics, and nothing else of it.
    const file = path.join(
      helplineDir(path.join(stack.dir, "bot-state"), "maintenant-jen-parle"),
      "statistics",
      "statistics.json",
    );
    const days = JSON.parse(readFileSync(file, "utf8")) as Record<string, { feedback?: unknown }>;
    expect(days[dayOf(stack.clock.now(), "Europe/Brussels")]?.feedback).toEqual({
      given: 1,
      helped: { yes: 1 },
      wouldWriteAgain: { maybe: 1 },
    });

    // And erasure is still hers to press.
    await page.getByTestId("erase-button").click();
    await expect.poll(() => page.getByTestId("start-button").isVisible()).toBe(true);
    await page.close();
  });
});
