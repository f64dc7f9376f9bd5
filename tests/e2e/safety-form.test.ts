import { randomBytes, randomInt } from "node:crypto";
import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "../support/axe.ts";
import { consoleAcceptsOffer, consoleGoesOnDuty } from "../support/console.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";
import { consoleLoggedIn, withStackBrowserAndConsoles, youthStarts } from "../support/e2e.ts";

// The youth's consented safety form (issue 18), in Chromium against the real bot and Synapse: the
// counsellor proposes it, the youth agrees and answers, the answers reach the counsellor's console
// alone (an Olm to-device message addressed to her user only), and Synapse's database never holds
// them in clear.

/** The users a to-device request addresses (`messages` is keyed by user id). */
function addressees(request: Request): string[] {
  const body = request.postDataJSON() as { messages?: Record<string, unknown> } | null;
  return Object.keys(body?.messages ?? {});
}

describe("the youth's safety form", () => {
  const parties = withStackBrowserAndConsoles({
    counsellors: [{ localpart: "camille", displayName: "Camille" }],
  });

  it("should reach the counsellor alone, with the youth's consent, and never in clear on the server", async () => {
    const { stack, browser } = parties;
    const [account] = stack.counsellors;
    if (account === undefined) throw new Error("one counsellor");
    const camille = await consoleLoggedIn(parties, account);
    await consoleGoesOnDuty(camille.page);

    const youthContext = await browser.newContext();
    const youth = await youthContext.newPage();
    const youthRequests: Request[] = [];
    youth.on("request", (request) => youthRequests.push(request));
    await youthStarts(youth, stack.webUrl);
    await consoleAcceptsOffer(camille.page);
    await expect
      .poll(() => youth.getByTestId("counsellor-present").count(), { timeout: 60_000 })
      .toBe(1);

    // The counsellor proposes it; the youth is asked first. "Non merci" reaches the console.
    const control = camille.page.getByTestId("safety-form");
    const card = youth.getByTestId("safety-form");
    await expect.poll(() => control.getAttribute("data-status"), { timeout: 30_000 }).toBe("none");
    await camille.page.getByTestId("safety-form-propose").click();
    await expect
      .poll(() => control.getAttribute("data-status"), { timeout: 30_000 })
      .toBe("proposed");
    await expect.poll(() => card.getAttribute("data-step"), { timeout: 60_000 }).toBe("consent");
    await youth.getByTestId("safety-form-no").click();
    await expect.poll(() => card.getAttribute("data-step"), { timeout: 30_000 }).toBe("declined");
    await expect
      .poll(() => control.getAttribute("data-status"), { timeout: 60_000 })
      .toBe("declined");

    // Proposed again later: she agrees this time, and sees no form before she does.
    await camille.page.getByTestId("safety-form-propose").click();
    await expect
      .poll(() => control.getAttribute("data-status"), { timeout: 30_000 })
      .toBe("proposed");
    await expect.poll(() => card.getAttribute("data-step"), { timeout: 60_000 }).toBe("consent");
    expect(await youth.getByTestId("safety-form-place").count()).toBe(0);
    await expectNoAxeViolations(youth, "safety form: the question");
    await youth.getByTestId("safety-form-yes").click();
    await expectNoAxeViolations(youth, "safety form: the form");

    const place = `Rue ${randomBytes(6).toString("hex")} 12, Namur`;
    const phone = `+32 470 ${randomInt(100_000, 999_999)}`;
    await youth.getByTestId("safety-form-place").fill(place);
    await youth.getByTestId("safety-form-phone").fill(phone);
    const before = youthRequests.length;
    await youth.getByTestId("safety-form-send").click();
    await expect.poll(() => card.getAttribute("data-step"), { timeout: 30_000 }).toBe("sent");

    // The counsellor's console shows them, in that conversation.
    await expect
      .poll(() => control.getAttribute("data-status"), { timeout: 60_000 })
      .toBe("answered");
    expect(await camille.page.getByTestId("safety-form-place").textContent()).toBe(place);
    expect(await camille.page.getByTestId("safety-form-phone").textContent()).toBe(phone);
    await expectNoAxeViolations(camille.page, "console: the safety form's answers");

    // What left the youth's page for it: to-device messages, Olm-encrypted, to Camille alone.
    const toDevice = youthRequests
      .slice(before)
      .filter((r) => r.method() === "PUT" && r.url().includes("/sendToDevice/"));
    expect(toDevice.length).toBeGreaterThan(0);
    for (const request of toDevice) {
      expect(request.url()).toContain("/sendToDevice/m.room.encrypted/");
      expect(addressees(request)).toEqual([account.userId]);
    }
    // Nothing the page sent anywhere (room events, the bot's API) carried the answers in clear,
    // and the page kept nothing of them in its storage.
    const bodies = youthRequests.map((r) => r.postData() ?? "");
    expect(bodies.filter((b) => b.includes(place) || b.includes(phone))).toEqual([]);
    const stored = await youth.evaluate(() =>
      JSON.stringify([{ ...localStorage }, { ...sessionStorage }]),
    );
    expect(stored.includes(place) || stored.includes(phone)).toBe(false);

    // Synapse's database holds neither the place nor the phone number in clear.
    expect(await findInSynapseDatabase(stack, [place, phone])).toEqual([]);
    await youthContext.close();
  });
});
