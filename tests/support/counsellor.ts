import { statusEventType } from "@helpline/contract";
import {
  ClientEvent,
  createClient,
  MatrixEventEvent,
  RoomEvent,
  RoomMemberEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import type { Logger } from "matrix-js-sdk/lib/logger.js";
import { afterAll, beforeAll } from "vitest";
import { startTestStack, type TestStack } from "./test-stack.ts";

// The SDK is chatty at debug level; test output only needs its warnings and errors.
export const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (...message) => console.warn(...message),
  error: (...message) => console.error(...message),
  getChild: () => quietLogger,
};

export interface ScriptedCounsellor {
  userId: string;
  client: MatrixClient;
  /** Resolves with the room id of the next conversation invite, which the counsellor accepts. */
  acceptNextInvite(timeoutMs?: number): Promise<string>;
  /** Resolves with the room id of the next conversation invite, which the counsellor rejects. */
  declineNextInvite(timeoutMs?: number): Promise<string>;
  /** Resolves with the room id of the next conversation invite, left unanswered. */
  nextInvite(timeoutMs?: number): Promise<string>;
  /** Writes in the staff room (unencrypted), e.g. "!dispo". */
  sayInStaffRoom(body: string): Promise<void>;
  /** The bot's notices in the staff room so far, oldest first. */
  staffNotices(): string[];
  /** A fresh Matrix OpenID token, as the counsellor console sends to the bot. */
  openIdToken(): Promise<string>;
  /** Resolves once a decrypted text message with exactly this body arrives in the room. */
  waitForMessage(roomId: string, body: string, timeoutMs?: number): Promise<MatrixEvent>;
  send(roomId: string, body: string): Promise<void>;
  /** Starts or stops the typing notification in the room, as Element does while she types. */
  typing(roomId: string, typing: boolean): Promise<void>;
  /** Sends a read receipt for the latest event of the room she has seen. */
  readUpTo(roomId: string): Promise<void>;
  stop(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` every 50 ms until it holds, or fails naming `what` after `ms`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A counsellor driven by a script, with the same standard Matrix calls Element makes: password login,
 * a Rust-crypto device, cross-signing, accepting invites, sending and reading encrypted messages.
 */
export async function counsellorLogsIn(options: {
  homeserverUrl: string;
  userId: string;
  password: string;
  /** The bot's staff room: its invite is accepted at once, and it is not a conversation. */
  staffRoomId: string;
  /** The staff rooms of her other teams (a bot running several helplines): joined as well. */
  otherStaffRoomIds?: readonly string[];
}): Promise<ScriptedCounsellor> {
  const staffRooms = [options.staffRoomId, ...(options.otherStaffRoomIds ?? [])];
  const anonymous = createClient({ baseUrl: options.homeserverUrl, logger: quietLogger });
  const login = await anonymous.loginRequest({
    type: "m.login.password",
    identifier: { type: "m.id.user", user: options.userId },
    password: options.password,
    initial_device_display_name: "Scripted counsellor",
  });
  const client = createClient({
    baseUrl: options.homeserverUrl,
    userId: login.user_id,
    accessToken: login.access_token,
    deviceId: login.device_id,
    logger: quietLogger,
  });
  await client.initRustCrypto({ useIndexedDB: false });

  const invites: string[] = [];
  const inviteWaiters: ((roomId: string) => void)[] = [];
  // The SDK can report one invite twice: from the invite's own sync, then again when the joined
  // room's first timeline still holds the invite event. Each invite event is handed out once.
  const seenInvites = new Set<string>();
  client.on(RoomMemberEvent.Membership, (event, member) => {
    if (member.userId !== login.user_id || member.membership !== KnownMembership.Invite) return;
    if (staffRooms.includes(member.roomId)) {
      void client.joinRoom(member.roomId);
      return;
    }
    const inviteId = event.getId() ?? `${member.roomId}:${event.getTs()}`;
    if (seenInvites.has(inviteId)) return;
    seenInvites.add(inviteId);
    const waiter = inviteWaiters.shift();
    if (waiter) waiter(member.roomId);
    else invites.push(member.roomId);
  });

  const prepared = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => {
      if (state === SyncState.Prepared) resolve();
    });
  });
  await client.startClient({ initialSyncLimit: 20 });
  await withTimeout(prepared, 30_000, "the counsellor's first sync");

  const crypto = client.getCrypto();
  if (!crypto) throw new Error("crypto did not start");
  await crypto.bootstrapCrossSigning({
    authUploadDeviceSigningKeys: async (makeRequest) => {
      try {
        await makeRequest(null);
      } catch (error) {
        // Replacing existing keys (a counsellor who logs in again) needs the password.
        const session = (error as { data?: { session?: string } }).data?.session;
        await makeRequest({
          type: "m.login.password",
          identifier: { type: "m.id.user", user: login.user_id },
          password: options.password,
          ...(session ? { session } : {}),
        });
      }
    },
  });

  function decryptedBody(event: MatrixEvent): string | undefined {
    if (event.getType() !== "m.room.message") return undefined;
    const body: unknown = event.getContent().body;
    return typeof body === "string" ? body : undefined;
  }

  const nextInvite = async (timeoutMs = 60_000) => {
    const waiting = invites.shift();
    if (waiting !== undefined) return waiting;
    let waiter: ((roomId: string) => void) | undefined;
    try {
      return await withTimeout(
        new Promise<string>((resolve) => {
          waiter = resolve;
          inviteWaiters.push(resolve);
        }),
        timeoutMs,
        "an invite",
      );
    } finally {
      // A waiter that gave up must not swallow the next invite.
      const index = waiter === undefined ? -1 : inviteWaiters.indexOf(waiter);
      if (index >= 0) inviteWaiters.splice(index, 1);
    }
  };

  // Counsellors sit in the staff room from the start, as they would in Element.
  for (const staffRoomId of staffRooms) {
    if (client.getRoom(staffRoomId)?.getMyMembership() === KnownMembership.Join) continue;
    await until(() => client.getRoom(staffRoomId) !== null, 30_000, "the staff room's invite");
    await client.joinRoom(staffRoomId).catch(() => {});
  }

  let openId: { token: string; renewAt: number } | null = null;

  return {
    userId: login.user_id,
    client,
    nextInvite,
    async declineNextInvite(timeoutMs = 60_000) {
      const roomId = await nextInvite(timeoutMs);
      await client.leave(roomId);
      return roomId;
    },
    async sayInStaffRoom(body) {
      await client.sendTextMessage(options.staffRoomId, body);
    },
    staffNotices() {
      return (
        client
          .getRoom(options.staffRoomId)
          ?.getLiveTimeline()
          .getEvents()
          .filter((event) => event.getContent().msgtype === "m.notice")
          .map((event) => String(event.getContent().body)) ?? []
      );
    },
    async openIdToken() {
      // Kept until a minute before it expires, as the console does (web-client/src/console/):
      // the bot limits how many tokens it has not seen yet one client makes it check.
      if (openId === null || Date.now() > openId.renewAt) {
        const issued = await client.getOpenIdToken();
        openId = {
          token: issued.access_token,
          renewAt: Date.now() + (issued.expires_in - 60) * 1000,
        };
      }
      return openId.token;
    },
    async acceptNextInvite(timeoutMs = 60_000) {
      const roomId = await nextInvite(timeoutMs);
      await client.joinRoom(roomId);
      await until(
        () => client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join,
        timeoutMs,
        "the counsellor's join to show in sync",
      );
      return roomId;
    },
    waitForMessage(roomId, body, timeoutMs = 60_000) {
      const found = () =>
        client
          .getRoom(roomId)
          ?.getLiveTimeline()
          .getEvents()
          .find((event) => decryptedBody(event) === body);
      const existing = found();
      if (existing) return Promise.resolve(existing);
      return withTimeout(
        new Promise<MatrixEvent>((resolve) => {
          const check = (event: MatrixEvent) => {
            if (event.getRoomId() === roomId && decryptedBody(event) === body) {
              client.off(MatrixEventEvent.Decrypted, check);
              client.off(RoomEvent.Timeline, check);
              resolve(event);
            }
          };
          client.on(MatrixEventEvent.Decrypted, check);
          client.on(RoomEvent.Timeline, check);
        }),
        timeoutMs,
        "a message from the youth",
      ).catch((error: unknown) => {
        // What the counsellor's room holds instead, so that a failure says where it stopped: the
        // youth's page never sent it, or it came and could not be decrypted.
        const room = client.getRoom(roomId);
        const seen = (room?.getLiveTimeline().getEvents() ?? [])
          .filter((event) => !event.isState())
          .map((event) =>
            event.isDecryptionFailure()
              ? `undecryptable (${event.decryptionFailureReason ?? "?"}) from ${event.getSender()}`
              : `${event.getType()} from ${event.getSender()}`,
          );
        // And who is in it, and what the bot last told the youth: a message held on her page
        // waits for a counsellor present and joined (web-client/src/session/matrix/release.ts).
        const members = (room?.getMembers() ?? []).map((m) => `${m.userId} ${m.membership}`);
        const status = room?.currentState.getStateEvents(statusEventType, "")?.getContent();
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}; the room holds: ${JSON.stringify(seen)}; members: ${JSON.stringify(members)}; status: ${JSON.stringify(status ?? null)}`,
        );
      });
    },
    async send(roomId, body) {
      // Sending before the crypto layer has seen the room's encryption state fails.
      if (client.getRoom(roomId)?.hasEncryptionStateEvent()) {
        await until(() => crypto.isEncryptionEnabledInRoom(roomId), 30_000, "room encryption");
      }
      await client.sendTextMessage(roomId, body);
    },
    async typing(roomId, typing) {
      await client.sendTyping(roomId, typing, 30_000);
    },
    async readUpTo(roomId) {
      const latest = client.getRoom(roomId)?.getLiveTimeline().getEvents().at(-1);
      if (!latest) throw new Error(`nothing to read in ${roomId}`);
      await client.sendReadReceipt(latest);
    },
    async stop() {
      client.stopClient();
      await client.logout(true).catch(() => {});
    },
  };
}

/** Every counsellor of a stack logs in, as they would at the start of a shift. */
export async function teamLogsIn(stack: {
  synapseUrl: string;
  counsellors: { userId: string; password: string }[];
  bot: { staffRoomId: string };
}): Promise<ScriptedCounsellor[]> {
  const team: ScriptedCounsellor[] = [];
  for (const account of stack.counsellors) {
    team.push(
      await counsellorLogsIn({
        homeserverUrl: stack.synapseUrl,
        userId: account.userId,
        password: account.password,
        staffRoomId: stack.bot.staffRoomId,
      }),
    );
  }
  return team;
}

/** Two counsellors and a supervisor, one conversation each: who is offered what stays certain. */
export const twoCounsellorsAndASupervisor = [
  { localpart: "camille", maxConversations: 1 },
  { localpart: "alex", maxConversations: 1 },
  { localpart: "sam", maxConversations: 1, supervisor: true },
];

/**
 * A real stack and its whole team logged in (scripted, in the stack's counsellor order) for the
 * tests of the enclosing block (or file), started before them and stopped after.
 */
export function withStackAndTeam(options: Parameters<typeof startTestStack>[0] = {}) {
  const parties = { team: [] } as unknown as { stack: TestStack; team: ScriptedCounsellor[] };
  beforeAll(async () => {
    parties.stack = await startTestStack(options);
    parties.team.push(...(await teamLogsIn(parties.stack)));
  }, 180_000);
  afterAll(async () => {
    for (const counsellor of parties.team) await counsellor.stop();
    await parties.stack?.stop();
  });
  return parties;
}
