import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { counsellorDesk, eventually } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// The bot is away long enough for Synapse to give up pushing to it for a while: each failed
// delivery doubles Synapse's wait before the next try, up to 8.5 minutes. Back, the bot must hear
// at once what happened meanwhile, not when Synapse's wait ends by itself: until then it would
// hear of no youth arriving and no counsellor joining.

/** The wait Synapse's log says it took before trying the bot again, once it reached `atLeastS`. */
function scheduledRetry(logFile: string, atLeastS: number): number | null {
  const waits = [
    ...readFileSync(logFile, "utf8").matchAll(/Scheduling retries on \S+ in ([\d.]+)s/g),
  ];
  const seconds = Number(waits.at(-1)?.[1] ?? 0);
  return seconds >= atLeastS ? seconds * 1000 : null;
}

/** Runs `wait`; if it fails, its error also tells what Synapse's appservice scheduler did. */
async function explainingScheduler<T>(logFile: string, wait: () => Promise<T>): Promise<T> {
  try {
    return await wait();
  } catch (error: unknown) {
    const lines = readFileSync(logFile, "utf8")
      .split("\n")
      .filter((line) => line.includes("synapse.appservice") || line.includes("ping"))
      .slice(-15);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; Synapse's scheduler:\n${lines.join("\n")}`,
      { cause: error },
    );
  }
}

describe("the bot back after Synapse stopped trying to reach it", () => {
  let stack: TestStack;
  let team: ScriptedCounsellor[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ counsellors: [{ localpart: "camille" }] });
    team = await teamLogsIn(stack);
  });

  afterAll(async () => {
    for (const counsellor of team) await counsellor.stop();
    await stack?.stop();
  });

  it(
    "should hear what was said meanwhile at once, not after Synapse's backoff",
    {
      timeout: 240_000,
    },
    async () => {
      const [camille] = team as [ScriptedCounsellor];
      await stack.bot.stop();
      // Said while nobody listens: Synapse keeps it, fails to deliver it, and waits longer each time.
      await camille.sayInStaffRoom("!dispo");
      const backoffMs = await eventually(
        async () => scheduledRetry(stack.rendered.logFile, 32),
        (found) => found !== null,
        "Synapse to wait 32 s or more before its next try (2, 4, 8, 16, then 32)",
        120_000,
      );
      const retryDueAt = Date.now() + (backoffMs ?? 0);

      await stack.restartBot();
      // Its answer in the staff room: heard, and acted on.
      await explainingScheduler(stack.rendered.logFile, () =>
        eventually(
          async () => camille.staffNotices(),
          (notices) => notices.some((notice) => notice.includes("est en service")),
          "the bot to answer the command given while it was away",
          60_000,
        ),
      );
      const heardAt = Date.now();
      expect((await counsellorDesk(stack, camille)).availability).toBe("on_duty");
      // Well before Synapse would have tried again by itself.
      expect(retryDueAt - heardAt).toBeGreaterThan(10_000);
    },
  );
});
