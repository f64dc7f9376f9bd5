import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import { counsellorLogsIn, type ScriptedCounsellor } from "./counsellor.ts";
import { counsellorGoesOnDuty } from "./permanence.ts";
import { startTestStack, type TestStack } from "./test-stack.ts";

/**
 * A real stack, a Chromium and a logged-in scripted counsellor for the tests of one `describe`
 * block, started before them and stopped after. The counsellor goes on duty when asked to.
 */
export function withStackBrowserAndCounsellor(
  options: Parameters<typeof startTestStack>[0] & { counsellorOnDuty?: boolean } = {},
) {
  const { counsellorOnDuty = false, ...stackOptions } = options;
  const parties = {} as { stack: TestStack; browser: Browser; counsellor: ScriptedCounsellor };
  beforeAll(async () => {
    parties.stack = await startTestStack(stackOptions);
    parties.browser = await launchChromium();
    parties.counsellor = await counsellorLogsIn({
      homeserverUrl: parties.stack.synapseUrl,
      userId: parties.stack.counsellor.userId,
      password: parties.stack.counsellor.password,
      staffRoomId: parties.stack.bot.staffRoomId,
    });
    if (counsellorOnDuty) await counsellorGoesOnDuty(parties.stack, parties.counsellor);
  });
  afterAll(async () => {
    await parties.counsellor?.stop();
    await parties.browser?.close();
    await parties.stack?.stop();
  });
  return parties;
}
