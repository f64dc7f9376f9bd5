import { EventEmitter } from "node:events";
import { ClientEvent, RoomStateEvent, SyncState } from "matrix-js-sdk";
import type * as MatrixSdk from "matrix-js-sdk";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { STATUS_EVENT_TYPE } from "../status.ts";
import type { YouthStatus } from "../types.ts";
import { MatrixChatSession } from "./MatrixChatSession.ts";

const ME = "@yme:hs";
const BOT = "@bot:hs";
const JULIE = "@julie:hs";
const ROOM = "!room:hs";

/** Just enough of a room: members, the status state event, no timeline. */
class FakeRoom {
  readonly roomId = ROOM;
  readonly members = new Map<string, string>([[BOT, "join"]]);
  status: YouthStatus | null = null;
  readonly currentState = {
    getStateEvents: (type: string, key: string) =>
      type === STATUS_EVENT_TYPE && key === "" && this.status !== null
        ? { getContent: () => this.status }
        : null,
  };
  getMyMembership = () => this.members.get(ME);
  getCreator = () => BOT;
  getMembers = () =>
    [...this.members].map(([userId, membership]) => ({ userId, membership, roomId: ROOM }));
  getLiveTimeline = () => ({ getEvents: () => [] });
  getPendingEvents = () => [];
}

/** Just enough of a MatrixClient; records what leaves. */
class FakeClient extends EventEmitter {
  readonly room = new FakeRoom();
  readonly sent: string[] = [];
  readonly left: string[] = [];
  #txn = 0;
  initRustCrypto = async () => undefined;
  startClient = async () => {
    queueMicrotask(() => this.emit(ClientEvent.Sync, SyncState.Prepared));
  };
  getOpenIdToken = async () => ({ access_token: "o" });
  joinRoom = async () => {
    this.room.members.set(ME, "join");
  };
  getRoom = (id: string) => (id === ROOM ? this.room : null);
  getCrypto = () => ({
    bootstrapCrossSigning: async () => undefined,
    isEncryptionEnabledInRoom: async () => true,
  });
  makeTxnId = () => `t${this.#txn++}`;
  sendMessage = async (_roomId: string, content: { body: string }) => {
    this.sent.push(content.body);
    return { event_id: "$e" };
  };
  leave = async (roomId: string) => {
    this.left.push(roomId);
  };
  stopped = 0;
  stopClient = () => {
    this.stopped += 1;
  };

  /** The bot publishes a status (a state event arrives in a sync). */
  publishes(status: YouthStatus): void {
    this.room.status = status;
    this.emit(RoomStateEvent.Events, { getRoomId: () => ROOM, getType: () => STATUS_EVENT_TYPE });
  }

  membership(userId: string, membership: string): void {
    this.room.members.set(userId, membership);
    this.emit(RoomStateEvent.Events, { getRoomId: () => ROOM, getType: () => "m.room.member" });
  }
}

const holder = vi.hoisted(() => ({ client: null as unknown }));

vi.mock("matrix-js-sdk", async (importOriginal) => ({
  ...(await importOriginal<typeof MatrixSdk>()),
  createClient: () => holder.client,
}));
vi.mock("./register.ts", () => ({
  registerThrowawayAccount: async () => ({ userId: ME, accessToken: "a", deviceId: "D" }),
}));

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

let client: FakeClient;

function session() {
  return new MatrixChatSession({
    homeserverUrl: "http://hs",
    bot: {
      createRegistrationToken: async () => "tok",
      createConversation: async () => ROOM,
    },
    fetch: () => Promise.reject(new Error("no network in this test")),
    random: (bytes) => bytes,
    mark: () => undefined,
    timeoutMs: 2_000,
  });
}

function deliveries(s: MatrixChatSession) {
  return s.getState().messages.map((m) => [m.text, m.delivery]);
}

describe("MatrixChatSession with the permanence", () => {
  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
  });

  it("should read a status published before the youth joined", async () => {
    client.room.status = { state: "waiting", position: 4, estimatedWaitMinutes: 20 };
    const s = session();
    await s.start();
    expect(s.getState()).toMatchObject({
      canSend: true,
      status: { state: "waiting", position: 4, estimatedWaitMinutes: 20 },
    });
  });

  it("should hold messages while waiting and send them in order once the counsellor is present and joined", async () => {
    client.room.status = { state: "waiting", position: 1, estimatedWaitMinutes: null };
    const s = session();
    await s.start();
    await s.send("un");
    await s.send("deux");
    expect(deliveries(s)).toEqual([
      ["un", "held"],
      ["deux", "held"],
    ]);

    client.publishes({ state: "counsellor_joining" });
    client.membership(JULIE, "invite");
    await settle();
    expect(client.sent).toEqual([]);

    // The status may arrive before her join is seen: still nothing.
    client.publishes({ state: "counsellor_present" });
    await settle();
    expect(client.sent).toEqual([]);

    client.membership(JULIE, "join");
    await settle();
    expect(client.sent).toEqual(["un", "deux"]);

    await s.send("trois");
    expect(client.sent).toEqual(["un", "deux", "trois"]);
  });

  it("should hold again after the counsellor left", async () => {
    client.room.status = { state: "counsellor_present" };
    client.room.members.set(JULIE, "join");
    const s = session();
    await s.start();
    await s.send("avant");
    expect(client.sent).toEqual(["avant"]);
    client.membership(JULIE, "leave");
    client.publishes({ state: "counsellor_left" });
    await s.send("après");
    expect(client.sent).toEqual(["avant"]);
    expect(s.getState().status).toEqual({ state: "counsellor_left" });
  });

  it("should stop syncing once the conversation has ended, before the bot erases the account", async () => {
    client.room.status = { state: "counsellor_present" };
    client.room.members.set(JULIE, "join");
    const s = session();
    await s.start();
    expect(client.stopped).toBe(0);
    client.publishes({ state: "ended", reason: "counsellor_ended" });
    expect(client.stopped).toBe(1);
    expect(s.getState().status).toEqual({ state: "ended", reason: "counsellor_ended" });
  });

  it("without any status, should send at once if a counsellor is invited (bot without permanence)", async () => {
    client.room.members.set(JULIE, "invite");
    const s = session();
    await s.start();
    await s.send("bonjour");
    expect(client.sent).toEqual(["bonjour"]);
  });

  it("without any status and nobody invited, should hold", async () => {
    const s = session();
    await s.start();
    await s.send("bonjour");
    expect(client.sent).toEqual([]);
    expect(deliveries(s)).toEqual([["bonjour", "held"]]);
  });

  it("should leave the room to end, dropping held messages for good", async () => {
    client.room.status = { state: "waiting", position: 1, estimatedWaitMinutes: 3 };
    const s = session();
    await s.start();
    await s.send("jamais envoyé");
    await s.end();
    expect(client.left).toEqual([ROOM]);
    expect(s.getState()).toMatchObject({
      canSend: false,
      messages: [],
      status: { state: "ended", reason: "youth_left" },
    });
    client.membership(JULIE, "join");
    client.publishes({ state: "counsellor_present" });
    await settle();
    expect(client.sent).toEqual([]);
  });
});
