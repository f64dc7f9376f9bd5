import { describe, expect, it } from "vitest";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { askForConversation, registerYouth } from "../support/youth.ts";

// Her place before her room exists, in Chromium against the real bot and Synapse: on a busy night
// Synapse makes her room after the bot stopped waiting for it (bot/src/conversations/late-rooms.ts),
// and her page shows the place the bot holds for her (POST /api/places, then each room_not_ready
// answer) with her composer still closed, until her conversation exists.

describe("her place while her room is made", () => {
  const parties = withStackBrowserAndCounsellor({
    botOptions: {
      // Production waits 15 s for her room before answering room_not_ready, which only a
      // saturated Synapse needs. This one makes a room in a fraction of a second, so the bot does
      // not wait at all: her first conversation request is always answered room_not_ready, and
      // her page asks again a second later (web-client botApi.ts), which is what this test
      // watches. The production times are tested as shipped in tests/integration/late-rooms.test.ts
      // and bot/src/conversations/open-conversation-late.test.ts.
      testOnly: { lateRooms: { answerWithinMs: 0, claimWindowMs: 60_000 } },
    },
  });

  it("should show her place with the composer closed, then open it at the same place", async () => {
    const { stack, browser } = parties;
    // Someone already waits: her place is the second.
    const before = await registerYouth(stack);
    for (let attempt = 1; ; attempt += 1) {
      const answer = await askForConversation(stack, before);
      if (answer.status === 201) break;
      if (attempt > 10) throw new Error(`the first youth was not admitted: ${answer.status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const page = await browser.newPage();
    // What the page showed, each time it changed: her place, and whether she could type.
    await page.addInitScript(() => {
      const seen: { position: string | null; composerOpen: boolean | null }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const position = document.querySelector('[data-testid="queue-position"]');
        const composer = document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]');
        const now = {
          position: position?.textContent ?? null,
          composerOpen: composer === null ? null : !composer.disabled,
        };
        const last = seen[seen.length - 1];
        if (last?.position !== now.position || last?.composerOpen !== now.composerOpen) {
          seen.push(now);
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(stack.webUrl);
    await page.getByTestId("start-button").click();
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);

    const seen = await page.evaluate(
      () =>
        (window as unknown as { seen: { position: string | null; composerOpen: boolean | null }[] })
          .seen,
    );
    const shown = seen.filter((step) => step.position !== null);
    // Her place came first, while she could not type yet; then the composer opened, and her
    // place never changed: the place held at her press is the one her room says.
    expect(shown[0]).toEqual({ position: "2", composerOpen: false });
    expect(shown.at(-1)).toEqual({ position: "2", composerOpen: true });
    expect(shown.every((step) => step.position === "2")).toBe(true);
    await expect
      .poll(() => page.getByTestId("queue-position").textContent(), { timeout: 30_000 })
      .toBe("2");
    await page.close();
  });
});
