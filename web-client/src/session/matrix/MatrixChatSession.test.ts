import { EventEmitter } from "node:events";
import { ClientEvent, RoomStateEvent, SyncState } from "matrix-js-sdk";
import type * as MatrixSdk from "matrix-js-sdk";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { STATUS_EVENT_TYPE } from "./status.ts";
import type { Feedback } from "@helpline/contract";
import type { YouthStatus } from "../types.ts";
import type { KeptSession } from "../kept.ts";
import {
  MatrixChatSession,
  type MatrixSessionDeps,
  type PresenceReporter,
  type PresenceTarget,
} from "./MatrixChatSession.ts";

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
  getEncryptionTargetMembers = async () =>
    this.getMembers().filter((m) => m.membership === "join" || m.membership === "invite");
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
  /** Display names set and the join, in order. */
  readonly steps: string[] = [];
  setDisplayName = async (name: string) => {
    this.steps.push(`name ${name}`);
  };
  joinRoom = async () => {
    this.steps.push("join");
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

function session(overrides: Partial<MatrixSessionDeps> = {}) {
  return new MatrixChatSession({
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
    ...overrides,
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

  it("should join under the conversation's name without a pseudonym, under the pseudonym with one", async () => {
    await session().start();
    expect(client.steps).toEqual(["name Jeune 4821", "join"]);

    client = new FakeClient();
    holder.client = client;
    await session().start({ displayName: "Léa" });
    expect(client.steps).toEqual(["name Léa", "join"]);
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

  it("should send what was held once a sync is applied, when her join and 'present' came in one sync (the SDK tells of state events before it updates members)", async () => {
    client.room.status = { state: "counsellor_joining" };
    client.room.members.set(JULIE, "invite");
    const s = session();
    await s.start();
    await s.send("bonjour");
    expect(deliveries(s)).toEqual([["bonjour", "held"]]);

    // As matrix-js-sdk's RoomState.setStateEvents does: every event of the batch is told of
    // first, members updated after, with no membership event reaching the client here.
    client.emit(RoomStateEvent.Events, { getRoomId: () => ROOM, getType: () => "m.room.member" });
    client.publishes({ state: "counsellor_present" });
    await settle();
    expect(client.sent).toEqual([]);
    client.room.members.set(JULIE, "join");
    client.emit(ClientEvent.Sync, SyncState.Syncing);
    await settle();
    expect(client.sent).toEqual(["bonjour"]);
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

const PRESENCE_KEY = "p".repeat(43);

/** Records what the session asks of the page's presence reporter. */
function presenceSpy() {
  const said: string[] = [];
  const targets: PresenceTarget[] = [];
  const create = (target: PresenceTarget): PresenceReporter => {
    targets.push(target);
    return {
      start: () => void said.push("start"),
      leaving: (how) => void said.push(`${how} kept=${String(target.kept())}`),
      stop: () => void said.push("stop"),
    };
  };
  return { said, targets, create };
}

/** What the fake bot was sent as feedback: conversation, key, answers. */
let feedbackSent: [string, string, Feedback][] = [];
/** What the fake bot was sent as "I am in danger now", and how it answers the next one. */
let urgentSent: [string, string][] = [];
let urgentAnswer: () => Promise<void> = async () => undefined;

/** A bot that hands out a presence key with the conversation (or not, like an older one). */
function botGiving(presenceKey: string | null): MatrixSessionDeps["bot"] {
  return {
    createRegistrationToken: async () => ({ token: "tok", expiresAt: null }),
    reservePlace: async () => null,
    createConversation: async () => ({
      roomId: ROOM,
      youthName: "Jeune 4821",
      presenceKey,
      firstStatus: null,
    }),
    sendFeedback: async (conversationId, key, feedback) => {
      feedbackSent.push([conversationId, key, feedback]);
    },
    declareUrgent: (conversationId, key) => {
      urgentSent.push([conversationId, key]);
      return urgentAnswer();
    },
  };
}

describe("MatrixChatSession saying the youth is in danger now", () => {
  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
    urgentSent = [];
    urgentAnswer = async () => undefined;
  });

  it("should show it at once, then tell the bot with the conversation's key, once", async () => {
    const s = session({ bot: botGiving(PRESENCE_KEY) });
    await s.start();
    client.publishes({ state: "waiting", position: 3, estimatedWaitMinutes: null });
    const seen: (string | undefined)[] = [];
    s.subscribe((state) => seen.push(state.urgent));
    s.declareUrgent();
    // Before the bot has answered anything: the page can show the numbers.
    expect(s.getState().urgent).toBe("sending");
    await settle();
    expect(s.getState().urgent).toBe("sent");
    expect(urgentSent).toEqual([[ROOM, PRESENCE_KEY]]);
    s.declareUrgent();
    await settle();
    expect(urgentSent).toHaveLength(1);
    expect(seen).toEqual(["sending", "sent"]);
  });

  it("should say it failed, and try again when pressed again", async () => {
    const s = session({ bot: botGiving(PRESENCE_KEY) });
    await s.start();
    urgentAnswer = () => Promise.reject(new Error("network down"));
    s.declareUrgent();
    await settle();
    expect(s.getState().urgent).toBe("failed");
    urgentAnswer = async () => undefined;
    s.declareUrgent();
    expect(s.getState().urgent).toBe("sending");
    await settle();
    expect(s.getState().urgent).toBe("sent");
    expect(urgentSent).toHaveLength(2);
  });

  it("should fail without a request when the bot gave no key", async () => {
    const s = session({ bot: botGiving(null) });
    await s.start();
    s.declareUrgent();
    await settle();
    expect(s.getState().urgent).toBe("failed");
    expect(urgentSent).toEqual([]);
  });
});

describe("MatrixChatSession sending the end screen's feedback", () => {
  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
    feedbackSent = [];
  });

  it("should send the answers once, for this conversation with the bot's key, even after stop", async () => {
    const s = session({ bot: botGiving(PRESENCE_KEY) });
    expect(s.canSendFeedback()).toBe(false);
    await s.start();
    // Only waiting, she has no conversation to judge yet.
    client.publishes({ state: "waiting", position: 1, estimatedWaitMinutes: null });
    expect(s.canSendFeedback()).toBe(false);
    client.publishes({ state: "counsellor_present" });
    client.publishes({ state: "ended", reason: "counsellor_ended" });
    expect(s.canSendFeedback()).toBe(true);
    s.stop();
    await s.sendFeedback({ helped: "yes" });
    expect(feedbackSent).toEqual([[ROOM, PRESENCE_KEY, { helped: "yes" }]]);
  });

  it("should offer nothing and send nothing without the bot's key (an older bot)", async () => {
    const s = session({ bot: botGiving(null) });
    await s.start();
    client.publishes({ state: "counsellor_present" });
    expect(s.canSendFeedback()).toBe(false);
    await expect(s.sendFeedback({ helped: "no" })).rejects.toThrow();
    expect(feedbackSent).toEqual([]);
  });
});

describe("MatrixChatSession telling the bot whether the page is open", () => {
  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
  });

  it("should start reporting once joined, for this conversation with the bot's key", async () => {
    const presence = presenceSpy();
    const s = session({ bot: botGiving(PRESENCE_KEY), presence: presence.create });
    const starting = s.start();
    expect(presence.said).toEqual([]);
    await starting;
    expect(client.steps.at(-1)).toBe("join");
    expect(presence.said).toEqual(["start"]);
    expect(presence.targets[0]).toMatchObject({ conversationId: ROOM, presenceKey: PRESENCE_KEY });
    expect(presence.targets[0]?.kept()).toBe(false);
  });

  it("should say nothing at all when the bot gave no key (an older bot)", async () => {
    const presence = presenceSpy();
    await session({ bot: botGiving(null), presence: presence.create }).start();
    expect(presence.targets).toEqual([]);
  });

  it("should keep the key in what the vault seals, and say the conversation is kept", async () => {
    const presence = presenceSpy();
    const s = session({ bot: botGiving(PRESENCE_KEY), presence: presence.create });
    await s.start();
    expect(s.keepOnDevice()).toMatchObject({ roomId: ROOM, presenceKey: PRESENCE_KEY });
    expect(presence.targets[0]?.kept()).toBe(true);
    s.leavingNow("closed");
    expect(presence.said).toEqual(["start", "closed kept=true"]);
  });

  it("should say quick_exit as not kept: quick exit wipes the vault, she cannot come back", async () => {
    const presence = presenceSpy();
    const s = session({ bot: botGiving(PRESENCE_KEY), presence: presence.create });
    await s.start();
    s.keepOnDevice();
    s.leavingNow("quick_exit");
    s.leavingNow("closed"); // the page unloading after the quick exit: said once only
    s.stop();
    expect(presence.said).toEqual(["start", "quick_exit kept=false"]);
  });

  it("should still say the page's last word when it leaves while joining: she holds a place", async () => {
    client.joinRoom = () => new Promise<void>(() => undefined); // the join takes its time
    const presence = presenceSpy();
    const s = session({ bot: botGiving(PRESENCE_KEY), presence: presence.create });
    void s.start().catch(() => undefined);
    await settle();
    s.leavingNow("closed");
    s.leavingNow("closed");
    s.stop();
    expect(presence.said).toEqual(["closed kept=false"]);
    expect(presence.targets[0]).toMatchObject({ conversationId: ROOM, presenceKey: PRESENCE_KEY });
  });

  it("should stop reporting when the conversation is over", async () => {
    client.room.status = { state: "counsellor_present" };
    client.room.members.set(JULIE, "join");
    const presence = presenceSpy();
    const s = session({ bot: botGiving(PRESENCE_KEY), presence: presence.create });
    await s.start();
    client.publishes({ state: "counsellor_left" });
    s.leavingNow("closed");
    expect(presence.said).toEqual(["start", "stop"]);
  });

  it("should stop reporting when the youth ends the conversation herself, or the session stops", async () => {
    const presence = presenceSpy();
    const ended = session({ bot: botGiving(PRESENCE_KEY), presence: presence.create });
    await ended.start();
    await ended.end();
    expect(presence.said).toEqual(["start", "stop"]);

    client = new FakeClient();
    holder.client = client;
    const other = presenceSpy();
    const stopped = session({ bot: botGiving(PRESENCE_KEY), presence: other.create });
    await stopped.start();
    stopped.stop();
    expect(other.said).toEqual(["start", "stop"]);
  });

  it("should ignore the bot's word to counsellors about the page (youth_page): only the status counts", async () => {
    client.room.status = { state: "waiting", position: 2, estimatedWaitMinutes: null };
    const s = session({ bot: botGiving(PRESENCE_KEY), presence: presenceSpy().create });
    await s.start();
    const before = s.getState();
    client.emit(RoomStateEvent.Events, {
      getRoomId: () => ROOM,
      getType: () => "org.helplinechat.youth_page",
      getContent: () => ({ state: "gone", how: "closed", kept: false }),
    });
    expect(s.getState()).toBe(before);
  });

  it("should report again for a conversation resumed from the vault, with its kept key", async () => {
    const kept: KeptSession = {
      userId: ME,
      deviceId: "D",
      accessToken: "a",
      roomId: ROOM,
      counsellorName: "Julie",
      cryptoDatabasePrefix: "helpline-x",
      storageKey: "AAAA",
      presenceKey: PRESENCE_KEY,
    };
    const presence = presenceSpy();
    await session({ resume: kept, presence: presence.create }).start();
    expect(presence.said).toEqual(["start"]);
    expect(presence.targets[0]).toMatchObject({ conversationId: ROOM, presenceKey: PRESENCE_KEY });
    expect(presence.targets[0]?.kept()).toBe(true);

    client = new FakeClient();
    holder.client = client;
    const { presenceKey: _older, ...withoutKey } = kept;
    const none = presenceSpy();
    await session({ resume: withoutKey, presence: none.create }).start();
    expect(none.targets).toEqual([]);
  });
});

describe("MatrixChatSession telling the youth who reads (teamWatch.ts)", () => {
  const SARA = "@sara:hs";

  beforeEach(() => {
    client = new FakeClient();
    holder.client = client;
  });

  /** What the youth's page showed of the team when each message was handed to the SDK. */
  function watchSends(s: MatrixChatSession): string[][] {
    const shownAtSend: string[][] = [];
    const send = client.sendMessage;
    client.sendMessage = async (roomId, content) => {
      shownAtSend.push(s.getState().messages.flatMap((m) => (m.notice ? [m.notice] : [])));
      return send(roomId, content);
    };
    return shownAtSend;
  }

  it("should never hand a message to the SDK while an invited observer is unannounced", async () => {
    client.room.status = { state: "counsellor_present" };
    client.room.members.set(JULIE, "join");
    const s = session();
    await s.start();
    const shownAtSend = watchSends(s);
    await s.send("avant");
    // The counsellor's client invited a supervisor; the page has not heard of it from any event
    // yet (no listener ran): the send itself must find her and say so first.
    client.room.status = { state: "counsellor_present", observers: [SARA] };
    client.room.members.set(SARA, "invite");
    await s.send("après");
    expect(client.sent).toEqual(["avant", "après"]);
    expect(shownAtSend).toEqual([[], ["observer_joined"]]);
  });

  it("should hold a message while someone new is not named by the bot yet, and say who she is first", async () => {
    client.room.status = { state: "counsellor_present" };
    client.room.members.set(JULIE, "join");
    const s = session();
    await s.start();
    const shownAtSend = watchSends(s);
    // The invite comes before the bot's word about it.
    client.membership(SARA, "invite");
    const sending = s.send("un");
    await settle();
    expect(client.sent).toEqual([]);
    client.publishes({ state: "counsellor_present", observers: [SARA] });
    await sending;
    expect(client.sent).toEqual(["un"]);
    expect(shownAtSend).toEqual([["observer_joined"]]);
  });

  it("should tell her at once when an observer joins and when she leaves", async () => {
    client.room.status = { state: "counsellor_present" };
    client.room.members.set(JULIE, "join");
    const s = session();
    await s.start();
    client.room.status = { state: "counsellor_present", observers: [SARA] };
    client.membership(SARA, "invite");
    client.membership(SARA, "join");
    client.membership(SARA, "leave");
    expect(s.getState().messages.map((m) => m.notice)).toEqual([
      "observer_joined",
      "observer_left",
    ]);
  });

  it("should not take the colleague taking over for an observer, and tell her at the invite", async () => {
    client.room.status = { state: "counsellor_present", takingOver: SARA };
    client.room.members.set(JULIE, "join");
    const s = session();
    await s.start();
    client.membership(SARA, "invite");
    client.membership(SARA, "join");
    client.publishes({ state: "counsellor_present", handedOver: true });
    client.membership(JULIE, "leave");
    await s.send("bonjour");
    expect(client.sent).toEqual(["bonjour"]);
    expect(s.getState().messages.flatMap((m) => m.notice ?? [])).toEqual(["colleague_taking_over"]);
  });
});
