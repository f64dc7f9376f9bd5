import { describe, expect, it } from "vitest";
import { fr as consoleFr } from "@helpline/web-client/console/i18n/fr";
import { expectNoAxeViolations } from "../support/axe.ts";
import { consoleGoesOnDuty } from "../support/console.ts";
import { consoleLoggedIn, withStackBrowserAndConsoles, youthStarts } from "../support/e2e.ts";

// "Danger de mort" in Chromium (issue 18): Camille marks the conversation she is in from her
// console, after confirming; the helpline's guidance shows under the conversation; Lou's console
// (a supervisor) rings, says so in the tab's title and lists the conversation first, with the
// guidance. Small on purpose: the rules are tested in the engine, the route and the staff room.

describe("a conversation marked danger to life", () => {
  const parties = withStackBrowserAndConsoles({
    counsellors: [
      { localpart: "camille", displayName: "Camille" },
      { localpart: "lou", displayName: "Lou", supervisor: true },
    ],
  });

  it("should alert the supervisor's console at once and show both of them the guidance", async () => {
    const { stack, browser } = parties;
    const [camilleAccount, louAccount] = stack.counsellors;
    if (camilleAccount === undefined || louAccount === undefined)
      throw new Error("two counsellors");
    const camille = await consoleLoggedIn(parties, camilleAccount);
    const lou = await consoleLoggedIn(parties, louAccount);
    // Only Camille is on duty: the youth is offered to her.
    await consoleGoesOnDuty(camille.page);
    const youthContext = await browser.newContext();
    const youth = await youthContext.newPage();
    await youthStarts(youth, stack.webUrl);
    const offer = camille.page.getByTestId("offer");
    await expect.poll(() => offer.count(), { timeout: 60_000 }).toBe(1);
    const reference = await offer.getAttribute("data-reference");
    await offer.getByTestId("offer-accept").click();
    const chat = camille.page.locator(`[data-testid="chat"][data-reference="${reference}"]`);
    await expect.poll(() => chat.isVisible(), { timeout: 60_000 }).toBe(true);

    await expect
      .poll(() => lou.page.getByTestId("supervisor-panel").isVisible(), { timeout: 30_000 })
      .toBe(true);
    const chimesBefore = await lou.chimes();
    expect(await lou.page.getByTestId("supervisor-danger").count()).toBe(0);

    // Nothing is sent before she confirms.
    await chat.getByTestId("action-danger").click();
    await expect.poll(() => chat.getByTestId("danger-confirm").isVisible()).toBe(true);
    await expectNoAxeViolations(camille.page, "danger confirmation");
    await chat.getByTestId("danger-confirm").click();
    const marked = chat.getByTestId("danger-marked");
    await expect.poll(() => marked.isVisible(), { timeout: 30_000 }).toBe(true);
    // Maintenant j'en parle's own guidance: the secrecy exception for minors, whom to call.
    expect(await marked.getByTestId("crisis-guidance").textContent()).toMatch(/458bis.*112/s);
    expect(await chat.getByTestId("action-danger").count()).toBe(0);
    await expectNoAxeViolations(camille.page, "danger marked");

    // Lou's console rings, says it in the title, and lists the conversation first.
    const item = lou.page.locator(
      `[data-testid="supervisor-danger-item"][data-reference="${reference}"]`,
    );
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => lou.page.title()).toContain(consoleFr.notify.danger(1));
    expect(await lou.chimes()).toBeGreaterThan(chimesBefore);
    expect(await item.textContent()).toContain(camilleAccount.userId);
    const first = await lou.page.evaluate(
      () =>
        document
          .querySelector('[data-testid="supervisor-panel"] > h2')
          ?.nextElementSibling?.getAttribute("data-testid") ?? null,
    );
    expect(first).toBe("supervisor-danger");
    expect(
      await lou.page.getByTestId("supervisor-danger").getByTestId("crisis-guidance").textContent(),
    ).toContain("458bis");
    await expectNoAxeViolations(lou.page, "supervisor alerted");
    expect([...camille.foreignRequests, ...lou.foreignRequests]).toEqual([]);
    await youthContext.close();
  });
});
