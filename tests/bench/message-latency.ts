import { ClientEvent, createClient, SyncState, type MatrixClient } from "matrix-js-sdk";
import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import type { Logger } from "matrix-js-sdk/lib/logger.js";
import type { Browser } from "playwright-core";
import { counsellorLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { counsellorGoesOnDuty } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { askForConversation, registerYouth } from "../support/youth.ts";
import { quietBot } from "./definitions.ts";
import { sleep, spread, withTimeout, type Spread } from "./stats.ts";
import { ms, type Row } from "./table.ts";

// Figure 2: a youth's message until the counsellor's client has it decrypted, p50 and p95.
//
// Method: every party runs on this machine, so they share one wall clock (Date.now()). The send
// time is taken on the sender's side right before the send is triggered (in the page: inside the
// same task that clicks the send button), the receive time in the scripted counsellor's event
// handler, when her client emits the message decrypted (or, unencrypted, as it arrives in the
// timeline). Messages go one at a time; each waits for the previous one to arrive. Both accounts
// are exempted from Synapse's per-account message limit (see exemptFromMessageLimit).
//
// Three series:
// - "page": the real youth page in Chromium, encrypted (the figure a youth lives with);
// - "node, encrypted" and "node, unencrypted": the same two kinds of client (a matrix-js-sdk youth
//   with Rust crypto in Node, and the scripted counsellor) in an encrypted room, then in a room
//   of a second stack started with the test-only `unencryptedRoomsForTest` switch. The youth page
//   itself refuses to send into an unencrypted room, so the ratio compares these two Node series.

const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  getChild: () => quietLogger,
};

export interface MessageLatency {
  page: Spread;
  nodeEncrypted: Spread;
  nodeUnencrypted: Spread;
  /** Of the Node series: from the send until the homeserver accepted it (encryption, HTTP). */
  nodeEncryptedAccepted: Spread;
  nodeUnencryptedAccepted: Spread;
  /** nodeEncrypted.p50 / nodeUnencrypted.p50 */
  ratio: number;
}

/**
 * Lifts Synapse's per-account message limit for this account (admin API, as the bot does for
 * itself). The helpline's limit, 10 messages at once then 0.3 per second
 * (synapse/homeserver.template.yaml), is deliberate; without this, every message of a series
 * after the tenth would wait ~3.5 s for its turn, and the figure would measure the limit.
 */
async function exemptFromMessageLimit(stack: TestStack, userId: string): Promise<void> {
  const response = await fetch(
    `${stack.synapseUrl}/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${stack.secrets.appserviceToken}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ messages_per_second: 0, burst_count: 0 }),
    },
  );
  if (response.status !== 200) throw new Error(`override_ratelimit answered ${response.status}`);
}

/** The youth of a conversation room: its member who is neither the counsellor nor the bot. */
async function youthOf(stack: TestStack, roomId: string, counsellorId: string): Promise<string> {
  const response = await fetch(
    `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/members`,
    { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
  );
  const { members } = (await response.json()) as { members: string[] };
  const youth = members.find((id) => id !== counsellorId && id !== stack.bot.userId);
  if (youth === undefined) throw new Error(`no youth in ${roomId}`);
  return youth;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A youth registered over HTTP, then its own matrix-js-sdk client with Rust crypto, in its room. */
async function nodeYouthInRoom(
  stack: TestStack,
  counsellor: ScriptedCounsellor,
): Promise<{ client: MatrixClient; roomId: string }> {
  const youth = await registerYouth(stack);
  await exemptFromMessageLimit(stack, youth.userId);
  const invited = counsellor.acceptNextInvite(30_000);
  const answer = await askForConversation(stack, youth);
  if (answer.status !== 201) throw new Error(`conversation refused: ${answer.status}`);
  const roomId = answer.body.roomId as string;
  const whoami = (await (
    await fetch(`${stack.synapseUrl}/_matrix/client/v3/account/whoami`, {
      headers: { Authorization: `Bearer ${youth.accessToken}` },
    })
  ).json()) as { device_id: string };
  const client = createClient({
    baseUrl: stack.synapseUrl,
    userId: youth.userId,
    accessToken: youth.accessToken,
    deviceId: whoami.device_id,
    logger: quietLogger,
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise<void>((resolve) =>
    client.on(ClientEvent.Sync, (state) => {
      if (state === SyncState.Prepared) resolve();
    }),
  );
  await client.startClient({ initialSyncLimit: 20 });
  await withTimeout(prepared, 30_000, "the youth's first sync");
  await client.joinRoom(roomId);
  await withTimeout(invited, 30_000, "the counsellor's accepting");
  await until(
    () => client.getRoom(roomId)?.getMember(counsellor.userId)?.membership === KnownMembership.Join,
    30_000,
    "the youth to see the counsellor joined",
  );
  if (client.getRoom(roomId)?.hasEncryptionStateEvent()) {
    const crypto = client.getCrypto();
    await until(() => crypto !== undefined, 1000, "crypto");
    const deadline = Date.now() + 30_000;
    while (!(await crypto?.isEncryptionEnabledInRoom(roomId))) {
      if (Date.now() > deadline) throw new Error("timed out waiting for room encryption");
      await sleep(20);
    }
  }
  return { client, roomId };
}

interface Sent {
  sentAt: number;
  /** When the homeserver accepted the event (encryption included), if the sender can tell. */
  acked?: Promise<number>;
}

/**
 * Sends `count` messages one by one (plus one warm-up, not counted); returns the latencies, and
 * where the sender can tell, the time until the homeserver accepted each send.
 */
async function series(
  counsellor: ScriptedCounsellor,
  roomId: string,
  count: number,
  until: number,
  send: (text: string) => Promise<Sent>,
  acks: number[] = [],
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = -1; i < count && Date.now() < until; i += 1) {
    const text = `bench ${i} ${Math.random().toString(36).slice(2)}`;
    let receivedAt = 0;
    const received = counsellor.waitForMessage(roomId, text, 30_000).then(() => {
      receivedAt = Date.now();
    });
    const { sentAt, acked } = await send(text);
    await received;
    const ackedAt = await acked;
    // The first message also sets up the Olm and Megolm sessions: a warm-up, not counted.
    if (i >= 0) {
      latencies.push(receivedAt - sentAt);
      if (ackedAt !== undefined) acks.push(ackedAt - sentAt);
    }
  }
  return latencies;
}

function sendFrom(node: { client: MatrixClient; roomId: string }) {
  return async (text: string): Promise<Sent> => {
    const sentAt = Date.now();
    const acked = node.client.sendTextMessage(node.roomId, text).then(() => Date.now());
    return { sentAt, acked };
  };
}

async function counsellorOnDuty(stack: TestStack): Promise<ScriptedCounsellor> {
  const counsellor = await counsellorLogsIn({
    homeserverUrl: stack.synapseUrl,
    userId: stack.counsellor.userId,
    password: stack.counsellor.password,
    staffRoomId: stack.bot.staffRoomId,
  });
  await counsellorGoesOnDuty(stack, counsellor);
  await exemptFromMessageLimit(stack, counsellor.userId);
  return counsellor;
}

export async function measureMessageLatency(
  browser: Browser,
  options: { messages: number; until: number; onStack?: (stop: () => Promise<void>) => void },
): Promise<MessageLatency> {
  const counsellors = [{ localpart: "camille", displayName: "Camille", maxConversations: 3 }];
  const page: number[] = [];
  const nodeEncrypted: number[] = [];
  const nodeUnencrypted: number[] = [];
  const encryptedAcks: number[] = [];
  const unencryptedAcks: number[] = [];

  const encrypted = await startTestStack({ counsellors, botOptions: quietBot });
  options.onStack?.(() => encrypted.stop());
  const context = await browser.newContext();
  let counsellor: ScriptedCounsellor | undefined;
  let youth: MatrixClient | undefined;
  try {
    counsellor = await counsellorOnDuty(encrypted);
    const youthPage = await context.newPage();
    const invited = counsellor.acceptNextInvite(30_000);
    await youthPage.goto(encrypted.webUrl);
    await youthPage.getByTestId("start-button").click();
    const roomId = await invited;
    await youthPage.waitForFunction(
      () => {
        const composer = document.querySelector('[data-testid="composer"]');
        return composer instanceof HTMLTextAreaElement && !composer.disabled;
      },
      undefined,
      { timeout: 30_000 },
    );
    const sendFromPage = async (text: string) => {
      await youthPage.getByTestId("composer").fill(text);
      const sentAt = await youthPage.evaluate(() => {
        const sentAt = Date.now();
        (document.querySelector('[data-testid="send-button"]') as HTMLButtonElement).click();
        return sentAt;
      });
      return { sentAt };
    };
    await exemptFromMessageLimit(encrypted, await youthOf(encrypted, roomId, counsellor.userId));
    // Her join reaches the page through its sync: until then its message would not be for her.
    await sleep(1000);
    page.push(...(await series(counsellor, roomId, options.messages, options.until, sendFromPage)));

    const node = await nodeYouthInRoom(encrypted, counsellor);
    youth = node.client;
    nodeEncrypted.push(
      ...(await series(
        counsellor,
        node.roomId,
        options.messages,
        options.until,
        sendFrom(node),
        encryptedAcks,
      )),
    );
  } finally {
    youth?.stopClient();
    await context.close();
    await counsellor?.stop();
    await encrypted.stop();
  }

  const plain = await startTestStack({
    counsellors,
    unencryptedRoomsForTest: true,
    botOptions: quietBot,
  });
  options.onStack?.(() => plain.stop());
  try {
    counsellor = await counsellorOnDuty(plain);
    const node = await nodeYouthInRoom(plain, counsellor);
    youth = node.client;
    nodeUnencrypted.push(
      ...(await series(
        counsellor,
        node.roomId,
        options.messages,
        options.until,
        sendFrom(node),
        unencryptedAcks,
      )),
    );
  } finally {
    youth?.stopClient();
    await counsellor?.stop();
    await plain.stop();
  }
  const result = {
    page: spread(page),
    nodeEncrypted: spread(nodeEncrypted),
    nodeUnencrypted: spread(nodeUnencrypted),
    nodeEncryptedAccepted: spread(encryptedAcks),
    nodeUnencryptedAccepted: spread(unencryptedAcks),
    ratio: 0,
  };
  result.ratio = Number((result.nodeEncrypted.p50 / result.nodeUnencrypted.p50).toFixed(2));
  return result;
}

export function messageLatencyRows(result: MessageLatency): Row[] {
  const pair = (s: Spread) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (n=${s.n})`;
  return [
    {
      figure: "message latency, page → counsellor, encrypted",
      value: pair(result.page),
      target: "",
      met: null,
    },
    {
      figure: "message latency, node → counsellor, encrypted",
      value: `${pair(result.nodeEncrypted)}; accepted by Synapse p50 ${ms(result.nodeEncryptedAccepted.p50)}`,
      target: "",
      met: null,
    },
    {
      figure: "message latency, node → counsellor, unencrypted",
      value: `${pair(result.nodeUnencrypted)}; accepted by Synapse p50 ${ms(result.nodeUnencryptedAccepted.p50)}`,
      target: "",
      met: null,
    },
    {
      figure: "encrypted p50 / unencrypted p50",
      value: `${result.ratio}×`,
      target: "≤ 1.5×",
      met: Number.isFinite(result.ratio) ? result.ratio <= 1.5 : null,
    },
  ];
}
