import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { outboxBackoff } from "@helpline/bot/permanence/retry";
import { writeOpenAroundTheClock } from "@helpline/scripts/open-around-the-clock";
import { ManualClock } from "../support/clock.ts";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorGoesOnDuty,
  eventually,
  youthStartsConversation,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth, type ApiYouth } from "../support/youth.ts";

// Synapse goes away for a moment while the bot has something to carry out, and nothing else
// happens meanwhile: no youth arrives, nobody writes, and the bot's clock stands still (its
// ticks change nothing). The bot must catch up by itself, and say it is not ready meanwhile.

const offerTimeoutMs = 90_000; // config/helplines/maintenant-jen-parle.yaml
const outageMs = 2_000;

let stack: TestStack | undefined;
let definitionDir: string | undefined;
const counsellors: ScriptedCounsellor[] = [];

afterEach(async () => {
  for (const counsellor of counsellors.splice(0)) await counsellor.stop();
  await stack?.stop();
  stack = undefined;
  if (definitionDir !== undefined) rmSync(definitionDir, { recursive: true, force: true });
  definitionDir = undefined;
});

/** The counsellor's membership in the youth's room, as the youth (a member) reads it. */
async function membershipOf(
  on: TestStack,
  youth: ApiYouth,
  roomId: string,
  userId: string,
): Promise<string> {
  const response = await fetch(
    `${on.synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`,
    { headers: { Authorization: `Bearer ${youth.accessToken}` } },
  );
  if (response.status === 404) return "none";
  const body = (await response.json()) as { membership?: string };
  return body.membership ?? `HTTP ${response.status}`;
}

interface ReadyAnswer {
  status: number;
  failing: string[];
  oldestPendingSeconds: number;
}

/** /api/ready through the web server, as an uptime checker sees it. */
async function readiness(on: TestStack): Promise<ReadyAnswer> {
  const response = await fetch(`${on.webUrl}/api/ready`);
  const body = (await response.json()) as {
    checks: Record<string, { ok: boolean; oldestPendingSeconds?: number }>;
  };
  return {
    status: response.status,
    failing: Object.entries(body.checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name),
    oldestPendingSeconds: body.checks.outbox?.oldestPendingSeconds ?? -1,
  };
}

async function metric(on: TestStack, name: string): Promise<number> {
  const text = await (await fetch(`${on.bot.privateUrl}/metrics`)).text();
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
  return Number(line?.split(" ")[1]);
}

describe("a Synapse outage with nothing else happening", () => {
  it("should invite the next counsellor within seconds of Synapse's return, and say it is not ready meanwhile", async () => {
    definitionDir = mkdtempSync(path.join(os.tmpdir(), "helpline-outage-"));
    stack = await startTestStack({
      counsellors: ["camille", "alex"].map((localpart) => ({ localpart, maxConversations: 1 })),
      // The real service, open around the clock, and a bot clock that starts now and moves only
      // when the test says: nothing here depends on the day the test runs.
      helplineDefinition: writeOpenAroundTheClock(path.join(definitionDir, "always-open.yaml")),
      clock: new ManualClock(Date.now()),
    });
    const on = stack;
    const team = await teamLogsIn(on);
    counsellors.push(...team);
    const [camille, alex] = team as [ScriptedCounsellor, ScriptedCounsellor];
    await counsellorGoesOnDuty(on, camille);
    const invited = camille.nextInvite();
    const youth = await registerYouth(on);
    const roomId = await youthStartsConversation(on, youth);
    expect(await invited).toBe(roomId);
    // Alex is on duty with a free slot: the youth is his once Camille's offer times out.
    await counsellorGoesOnDuty(on, alex);
    expect((await readiness(on)).status).toBe(200);

    // Synapse goes away; then Camille's offer times out. The bot decides to withdraw it and to
    // invite Alex, and cannot carry either out.
    await on.synapse.stop();
    on.clock.advance(offerTimeoutMs + 1000);
    await on.bot.tick();

    const down = await eventually(
      () => readiness(on),
      (answer) => answer.failing.includes("homeserver"),
      "readiness to name the homeserver",
      10_000,
    );
    expect(down.status).toBe(503);
    // A command waiting more than 30 s (on the bot's clock) fails the outbox check too.
    on.clock.advance(31_000);
    const stuck = await readiness(on);
    expect(stuck.failing).toEqual(["outbox", "homeserver"]);
    expect(stuck.oldestPendingSeconds).toBeGreaterThanOrEqual(31);
    expect(await metric(on, "helpline_ready")).toBe(0);
    expect(await metric(on, "helpline_outbox_oldest_pending_seconds")).toBeGreaterThanOrEqual(31);

    await sleep(outageMs);
    await on.restartSynapse();
    const back = Date.now();

    // Nothing else happens: no event, no tick that changes anything. The invite goes out anyway.
    await eventually(
      () => membershipOf(on, youth, roomId, alex.userId),
      (membership) => membership === "invite",
      "Alex to be invited",
      10_000,
    );
    const inviteAfterMs = Date.now() - back;
    console.info(`Alex was invited ${inviteAfterMs} ms after Synapse answered again`);
    // At most one backoff step at its cap, plus the invite itself on a busy machine.
    expect(inviteAfterMs).toBeLessThan(outboxBackoff.maxMs + 2000);
    // Camille's withdrawal was decided first, and carried out first.
    expect(await membershipOf(on, youth, roomId, camille.userId)).toBe("leave");

    const ready = await eventually(
      () => readiness(on),
      (answer) => answer.status === 200,
      "readiness to recover",
      10_000,
    );
    expect(ready).toEqual({ status: 200, failing: [], oldestPendingSeconds: 0 });
    expect(await metric(on, "helpline_ready")).toBe(1);
    expect(await metric(on, "helpline_outbox_oldest_pending_seconds")).toBe(0);
  });
});
