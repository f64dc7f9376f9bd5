import { readFileSync } from "node:fs";
import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { youthClientStarts, type EncryptingYouth } from "../support/encrypting-youth.ts";
import { counsellorGoesOnDuty } from "../support/permanence.ts";
import {
  eventsPersisted,
  metricSum,
  requestsReceived,
  scrapeSynapse,
  type Scrape,
} from "../support/synapse-metrics.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { askForConversation, registerYouth } from "../support/youth.ts";

// Synapse with workers as docs/scaling.md ships it (synapse/workers/): the main process, the
// event persister and the sync worker, on PostgreSQL, over a Redis of the test's own, with Caddy
// running the shipped client routes in front. A whole conversation goes through it unchanged (the
// bot's admin API calls, a youth's registration, an encrypted exchange), and each process's own
// metrics show that the work went where the shipped files send it. Needs `redis-server` and
// `caddy` (.ci/run installs both).

let stack: TestStack;
let team: ScriptedCounsellor[] = [];
let youthClient: EncryptingYouth | undefined;

beforeAll(async () => {
  stack = await startTestStack({ workers: true });
});

afterAll(async () => {
  youthClient?.stop();
  for (const counsellor of team) await counsellor.stop();
  await stack?.stop();
});

async function metricsOf(name: string): Promise<Scrape> {
  const url = stack.synapseWorkers?.metricsUrls[name];
  if (url === undefined) throw new Error(`no metrics listener for ${name}`);
  return scrapeSynapse(url);
}

describe("Synapse with workers, as shipped", () => {
  it("should run the main process, each shipped worker, Redis and the router", () => {
    expect(stack.synapseWorkers?.processes().map((p) => p.name)).toEqual([
      "redis",
      "main",
      "synapse-persister1",
      "synapse-sync1",
      "router",
    ]);
    expect(stack.synapseUrl).not.toBe(stack.synapse.baseUrl);
  });

  it("should carry a conversation: registration, the bot's room, an encrypted exchange", async () => {
    team = await teamLogsIn(stack);
    const [camille] = team as [ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);

    // The bot's admin API (a registration token), then the youth's account through the router,
    // which leaves the youth-accounts module's route on the main process.
    const youth = await registerYouth(stack);
    const accepted = camille.acceptNextInvite();
    const asked = await askForConversation(stack, youth);
    expect(asked.status).toBe(201);
    const roomId = asked.body.roomId as string;
    expect(await accepted).toBe(roomId);
    youthClient = await youthClientStarts(stack, youth, roomId);
    await youthClient.seesMember(camille.userId, KnownMembership.Join);

    const fromYouth = `hello through the workers ${Date.now().toString(36)}`;
    await youthClient.send(fromYouth);
    const received = await camille.waitForMessage(roomId, fromYouth);
    expect(received.isEncrypted()).toBe(true);
    const fromCamille = `reply through the workers ${Date.now().toString(36)}`;
    await camille.send(roomId, fromCamille);
    expect((await youthClient.waitForMessage(fromCamille)).isEncrypted()).toBe(true);
  });

  it("should have served /sync from the sync worker, none from the main process", async () => {
    const sync = { servlet: "SyncRestServlet" };
    expect(metricSum(await metricsOf("synapse-sync1"), requestsReceived, sync)).toBeGreaterThan(0);
    expect(metricSum(await metricsOf("main"), requestsReceived, sync)).toBe(0);
    // The youth's account was made by the main process, as the routes keep it (the module's
    // resource, synapse/modules/youth_accounts.py, is named by its class in the metrics).
    const register = { servlet: "YouthAccountResource" };
    expect(metricSum(await metricsOf("main"), requestsReceived, register)).toBeGreaterThan(0);
    expect(metricSum(await metricsOf("synapse-sync1"), requestsReceived, register)).toBe(0);
  });

  it("should have written every event through the event persister", async () => {
    expect(metricSum(await metricsOf("synapse-persister1"), eventsPersisted)).toBeGreaterThan(0);
    expect(metricSum(await metricsOf("main"), eventsPersisted)).toBe(0);
    expect(metricSum(await metricsOf("synapse-sync1"), eventsPersisted)).toBe(0);
  });

  it("should have used the stack's own Redis, never the machine's on 6379", () => {
    const config = YAML.parse(readFileSync(stack.rendered.configFile, "utf8")) as {
      redis: { host: string; port: number };
    };
    expect(config.redis).toMatchObject({
      host: "127.0.0.1",
      port: stack.synapseWorkers?.redisPort,
    });
    expect(config.redis.port).not.toBe(6379);
  });
});
