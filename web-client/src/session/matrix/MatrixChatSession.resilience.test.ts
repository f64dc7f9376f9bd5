import { EventEmitter } from "node:events";
import { ClientEvent, EventStatus, RoomMemberEvent, SyncState } from "matrix-js-sdk";
import type * as MatrixSdk from "matrix-js-sdk";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { MatrixChatSession } from "./MatrixChatSession.ts";

const ME = "@yme:hs";
const BOT = "@bot:hs";
const JULIE = "@julie:hs";
const ROOM = "!room:hs";

interface FakePending {
  getTxnId(): string;
  status: EventStatus;
}

/** Just enough of a room for typing and resending: members with `typing`, pending events. */
class FakeRoom {
  readonly roomId = ROOM;
  readonly members = new Map<string, { membership: string; typing: boolean }>([
    [BOT, { membership: "join", typing: false }],
    [JULIE, { membership: "join", typing: false }],
  ]);
  pending: FakePending[] = [];
  readonly currentState = { getStateEvents: () => null };
  getMyMembership = () => this.members.get(ME)?.membership;
  getCreator = () => BOT;
  getMembers = () => [...this.members].map(([userId, m]) => ({ userId, roomId: ROOM, ...m }));
  getLiveTimeline = () => ({ getEvents: () => [] });
  getPendingEvents = () => this.pending;
  getEncryptionTargetMembers = async () => this.getMembers();
}

/** Just enough of a MatrixClient; records typing, resends and immediate retries. */
class FakeClient extends EventEmitter {
  readonly room = new FakeRoom();
  readonly typingSent: boolean[] = [];
  readonly resent: string[] = [];
  retriedImmediately = 0;
  initRustCrypto = async () => undefined;
  startClient = async () => {
    queueMicrotask(() => this.emit(ClientEvent.Sync, SyncState.Prepared));
  };
  getOpenIdToken = async () => ({ access_token: "o" });
  setDisplayName = async () => undefined;
  joinRoom = async () => {
    this.room.members.set(ME, { membership: "join", typing: false });
  };
  getRoom = (id: string) => (id === ROOM ? this.room : null);
  getCrypto = () => ({
    bootstrapCrossSigning: async () => undefined,
    isEncryptionEnabledInRoom: async () => true,
  });
  makeTxnId = () => "t";
  sendTyping = async (_roomId: string, typing: boolean) => {
    this.typingSent.push(typing);
    return {};
  };
  resendEvent = async (event: FakePending) => {
    this.resent.push(event.getTxnId());
    event.status = EventStatus.SENDING;
    return { event_id: "$e" };
  };
  retryImmediately = () => {
    this.retriedImmediately += 1;
    return true;
  };
  stopClient = () => undefined;

  sync(state: SyncState): void {
    this.emit(ClientEvent.Sync, state);
  }

  types(userId: string, typing: boolean): void {
    const member = this.room.members.get(userId);
    if (member) member.typing = typing;
    this.emit(RoomMemberEvent.Typing, {}, { roomId: ROOM, userId, typing });
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
let network: ((online: boolean) => void) | null;

async function startedSession(): Promise<MatrixChatSession> {
  const s = new MatrixChatSession({
    homeserverUrl: "http://hs",
    bot: {
      createRegistrationToken: async () => ({ token: "tok", expiresAt: null }),
      reservePlace: async () => null,
      createConversation: async () => ({
        roomId: ROOM,
        youthName: "Jeune 4821",
        presenceKey: null,
        firstStatus: null,
      }),
      sendFeedback: async () => undefined,
      declareUrgent: async () => undefined,
    },
    fetch: () => Promise.reject(new Error("no network in this test")),
    random: (bytes) => bytes,
    mark: () => undefined,
    timeoutMs: 2_000,
    onNetworkChange: (listener) => {
      network = listener;
      return () => {
        network = null;
      };
    },
  });
  await s.start();
  return s;
}

describe("MatrixChatSession when the connection drops", () => {
  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
    network = null;
  });

  it("should start once the first sync succeeds after a failed attempt, as the SDK retries it", async () => {
    client.startClient = async () => {
      queueMicrotask(() => {
        client.sync(SyncState.Error);
        setTimeout(() => client.sync(SyncState.Prepared), 10);
      });
    };
    const s = await startedSession();
    expect(s.getState().failure).toBe(null);
    expect(s.getState().connection).toBe("online");
    expect(s.getState().canSend).toBe(true);
  });

  it("should fail the start if the first sync never succeeds within the time limit", async () => {
    client.startClient = async () => {
      queueMicrotask(() => client.sync(SyncState.Error));
    };
    await expect(startedSession()).rejects.toThrow(/first sync/);
  });

  it("should fail the start at once if the client stops before its first sync", async () => {
    client.startClient = async () => {
      queueMicrotask(() => client.sync(SyncState.Stopped));
    };
    await expect(startedSession()).rejects.toThrow(/first sync failed/);
  });

  it("should report reconnecting on a sync error and online once syncing again", async () => {
    const s = await startedSession();
    expect(s.getState().connection).toBe("online");
    client.sync(SyncState.Error);
    expect(s.getState().connection).toBe("reconnecting");
    client.sync(SyncState.Reconnecting);
    expect(s.getState().connection).toBe("reconnecting");
    client.sync(SyncState.Syncing);
    expect(s.getState().connection).toBe("online");
  });

  it("should send again every unsent message, in order, once the connection is back", async () => {
    const s = await startedSession();
    client.sync(SyncState.Error);
    client.room.pending = [
      { getTxnId: () => "a", status: EventStatus.NOT_SENT },
      { getTxnId: () => "b", status: EventStatus.SENDING },
      { getTxnId: () => "c", status: EventStatus.NOT_SENT },
    ];
    expect(client.resent).toEqual([]);
    client.sync(SyncState.Syncing);
    await settle();
    expect(client.resent).toEqual(["a", "c"]);
    expect(s.getState().connection).toBe("online");
  });

  it("should not resend on ordinary syncs while connected", async () => {
    await startedSession();
    client.room.pending = [{ getTxnId: () => "a", status: EventStatus.NOT_SENT }];
    client.sync(SyncState.Syncing);
    await settle();
    expect(client.resent).toEqual([]);
  });

  it("should show the banner when the browser goes offline and resend at once when it is back, if sync never noticed", async () => {
    const s = await startedSession();
    network?.(false);
    client.room.pending = [{ getTxnId: () => "a", status: EventStatus.NOT_SENT }];
    expect(s.getState().connection).toBe("reconnecting");
    network?.(true);
    await settle();
    expect(s.getState().connection).toBe("online");
    expect(client.resent).toEqual(["a"]);
    expect(client.retriedImmediately).toBe(0);
  });

  it("should make a sync loop in trouble try again at once when the browser is back online", async () => {
    const s = await startedSession();
    client.sync(SyncState.Error);
    network?.(false);
    expect(s.getState().connection).toBe("reconnecting");
    network?.(true);
    expect(client.retriedImmediately).toBe(1);
    client.sync(SyncState.Syncing);
    expect(s.getState().connection).toBe("online");
  });

  it("should stop listening to the browser's network events when stopped", async () => {
    const s = await startedSession();
    s.stop();
    expect(network).toBe(null);
  });
});

describe("MatrixChatSession typing", () => {
  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
  });

  it("should show the counsellor typing, but never the youth's own typing", async () => {
    const s = await startedSession();
    client.types(ME, true);
    expect(s.getState().counsellorTyping).toBe(false);
    client.types(JULIE, true);
    expect(s.getState().counsellorTyping).toBe(true);
    client.types(JULIE, false);
    expect(s.getState().counsellorTyping).toBe(false);
  });

  it("should pass the youth's typing on to the server", async () => {
    const s = await startedSession();
    s.setTyping(true);
    s.setTyping(false);
    expect(client.typingSent).toEqual([true, false]);
  });

  it("should forget the counsellor's typing when the connection comes back", async () => {
    const s = await startedSession();
    client.types(JULIE, true);
    client.sync(SyncState.Error);
    // The sync after the cut carries no typing notification for her any more.
    client.sync(SyncState.Syncing);
    expect(s.getState().counsellorTyping).toBe(false);
  });
});
