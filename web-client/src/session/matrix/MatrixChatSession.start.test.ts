import { EventEmitter } from "node:events";
import { ClientEvent, RoomStateEvent, SyncState } from "matrix-js-sdk";
import type * as MatrixSdk from "matrix-js-sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { YouthStatus } from "../types.ts";
import type { OpenedConversation } from "./botApi.ts";
import {
  MatrixChatSession,
  type MatrixSessionDeps,
  type PresenceReporter,
  type PresenceTarget,
} from "./MatrixChatSession.ts";
import type { PreparedRegistration } from "./register.ts";
import { STATUS_EVENT_TYPE } from "./status.ts";

// How the start is ordered (issue 19): the registration prepared on intent, the conversation
// asked for while the crypto sets up, the join waiting on the room's events.

const ME = "@yme:hs";
const BOT = "@bot:hs";
const ROOM = "!room:hs";

/** What happened, in order: registration, crypto, conversation, join. */
let steps: string[] = [];

class FakeRoom {
  readonly roomId = ROOM;
  readonly members = new Map<string, string>([[BOT, "join"]]);
  /** The bot's status event in the room, once it has published one. */
  status: Record<string, unknown> | null = null;
  readonly currentState = {
    getStateEvents: (type: string) =>
      type === STATUS_EVENT_TYPE && this.status !== null ? { getContent: () => this.status } : null,
  };
  getMyMembership = () => this.members.get(ME);
  getCreator = () => BOT;
  getMembers = () =>
    [...this.members].map(([userId, membership]) => ({ userId, membership, roomId: ROOM }));
  getLiveTimeline = () => ({ getEvents: () => [] });
  getPendingEvents = () => [];
  getEncryptionTargetMembers = async () => this.getMembers();
}

class FakeClient extends EventEmitter {
  readonly room = new FakeRoom();
  /** Whether the crypto layer holds the room as encrypted. */
  encrypted = true;
  encryptionChecks = 0;
  cryptoReady: Promise<void> = Promise.resolve();
  initRustCrypto = async () => {
    steps.push("crypto starts");
    await this.cryptoReady;
    steps.push("crypto ready");
  };
  startClient = async () => {
    queueMicrotask(() => this.emit(ClientEvent.Sync, SyncState.Prepared));
  };
  getOpenIdToken = async () => {
    steps.push("openid");
    return { access_token: "o" };
  };
  /** When the homeserver answers a display name change. */
  namingAnswered: Promise<void> = Promise.resolve();
  setDisplayName = async (name: string) => {
    steps.push(`name ${name}`);
    await this.namingAnswered;
  };
  /** When the homeserver answers the join. */
  joinAnswered: Promise<void> = Promise.resolve();
  joinRoom = async () => {
    steps.push("join");
    await this.joinAnswered;
    this.room.members.set(ME, "join");
    steps.push("joined");
  };
  leave = async () => {
    steps.push("leave");
    this.room.members.set(ME, "leave");
  };
  getRoom = (id: string) => (id === ROOM ? this.room : null);
  getCrypto = () => ({
    bootstrapCrossSigning: async () => undefined,
    isEncryptionEnabledInRoom: async () => {
      this.encryptionChecks += 1;
      return this.encrypted;
    },
  });
  stopClient = () => undefined;
  makeTxnId = () => "txn1";
  /** Every send or typing notice the session asked for (none may happen before the join). */
  readonly outgoing: string[] = [];
  sendEvent = async () => {
    this.outgoing.push("event");
    return { event_id: "$e" };
  };
  sendTyping = async () => {
    this.outgoing.push("typing");
    return {};
  };

  /** The room's encryption event arrives in a sync: the crypto layer has it first. */
  encryptionArrives(): void {
    this.encrypted = true;
    this.emit(RoomStateEvent.Events, { getRoomId: () => ROOM, getType: () => "m.room.encryption" });
  }
}

const holder = vi.hoisted(() => ({
  client: null as unknown,
  completeFails: false,
  steps: null as string[] | null,
  /** When the homeserver answers her account (registration): at once unless a test holds it. */
  accountMade: Promise.resolve() as Promise<void>,
}));

vi.mock("matrix-js-sdk", async (importOriginal) => ({
  ...(await importOriginal<typeof MatrixSdk>()),
  createClient: () => holder.client,
}));
vi.mock("./register.ts", () => ({
  registerThrowawayAccount: async () => {
    holder.steps?.push("register the whole way");
    await holder.accountMade;
    return { userId: ME, accessToken: "a", deviceId: "D" };
  },
  completeRegistration: async (_fetch: unknown, _url: string, prepared: PreparedRegistration) => {
    holder.steps?.push(`complete ${prepared.registrationToken.token}`);
    if (holder.completeFails) throw new Error("token expired");
    await holder.accountMade;
    return { userId: ME, accessToken: "a", deviceId: "D" };
  },
}));

let client: FakeClient;
let tokensSent: string[] = [];
/** What the bot calls the youth in its conversation answer. */
let youthNameGiven: string | null = null;
/** Her first status (a place, a counsellor joining), as the bot's conversation answer gives it. */
let placeGiven: OpenedConversation["firstStatus"] = null;
/** The presence key the bot's conversation answer gives. */
let keyGiven: string | null = null;
/** The bot's conversation answer waits for this: at once unless a test holds it. */
let conversationHeld: Promise<void> = Promise.resolve();
/** Each token her place was reserved with (POST /api/places), in order. */
let reservations: string[] = [];
/** How the bot answers a reservation: no place at all unless a test says. */
let reserving: (token: string) => Promise<YouthStatus | null> = async () => null;
/** Each "I am in danger now" the bot heard, with the conversation and key it came with. */
let urgentSaid: string[] = [];
/** Says "her room is still being made" to the start, as the bot's answers would (botApi.ts). */
let roomPreparing: ((place: YouthStatus | null) => void) | undefined;

function session(overrides: Partial<MatrixSessionDeps> = {}): MatrixChatSession {
  return new MatrixChatSession({
    homeserverUrl: "http://hs",
    bot: {
      createRegistrationToken: async () => {
        steps.push("token");
        return { token: "tok", expiresAt: null };
      },
      reservePlace: (token) => {
        reservations.push(token);
        return reserving(token);
      },
      createConversation: async (registrationToken, _openId, _about, onRoomPreparing) => {
        steps.push("conversation");
        tokensSent.push(registrationToken);
        roomPreparing = onRoomPreparing;
        await conversationHeld;
        return {
          roomId: ROOM,
          youthName: youthNameGiven,
          presenceKey: keyGiven,
          firstStatus: placeGiven,
        };
      },
      sendFeedback: async () => undefined,
      declareUrgent: async (conversationId, key) =>
        void urgentSaid.push(`${conversationId} ${key}`),
    },
    fetch: () => Promise.reject(new Error("no network in this test")),
    random: (bytes) => bytes,
    mark: () => undefined,
    timeoutMs: 2_000,
    ...overrides,
  });
}

const early: PreparedRegistration = {
  registrationToken: { token: "early-token", expiresAt: null },
};

/**
 * A start whose room is not seen encrypted until the test says (client.encryptionArrives), on
 * fake timers: `started()` says whether start() has resolved.
 */
function startingBeforeEncryption() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval"] });
  client.encrypted = false;
  const s = session();
  let started = false;
  void s.start().then(() => (started = true));
  return { s, started: () => started };
}

/** Lets every pending promise callback run, without any timer. */
async function flush(): Promise<void> {
  for (let i = 0; i < 50; i += 1) await Promise.resolve();
}

describe("MatrixChatSession's start", () => {
  beforeEach(() => {
    steps = [];
    tokensSent = [];
    youthNameGiven = null;
    placeGiven = null;
    keyGiven = null;
    conversationHeld = Promise.resolve();
    reservations = [];
    reserving = async () => null;
    urgentSaid = [];
    roomPreparing = undefined;
    holder.steps = steps;
    holder.completeFails = false;
    holder.accountMade = Promise.resolve();
    client = new FakeClient();
    holder.client = client;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("should only finish the registration prepared on intent, and open the conversation with its token", async () => {
    await session({ takePreparedRegistration: async () => early }).start();
    expect(steps[0]).toBe("complete early-token");
    expect(steps).not.toContain("register the whole way");
    expect(steps).not.toContain("token");
    expect(tokensSent).toEqual(["early-token"]);
  });

  it("should register the whole way when nothing was prepared", async () => {
    await session({ takePreparedRegistration: async () => null }).start();
    expect(steps.slice(0, 2)).toEqual(["token", "register the whole way"]);
    expect(tokensSent).toEqual(["tok"]);
  });

  it("should register the whole way when finishing the prepared registration fails", async () => {
    holder.completeFails = true;
    await session({ takePreparedRegistration: async () => early }).start();
    expect(steps.slice(0, 3)).toEqual(["complete early-token", "token", "register the whole way"]);
    expect(tokensSent).toEqual(["tok"]);
  });

  it("should ask for the conversation while the crypto sets up, and join only after both", async () => {
    let cryptoDone: () => void = () => undefined;
    client.cryptoReady = new Promise((resolve) => (cryptoDone = resolve));
    const starting = session().start();
    await flush();
    expect(steps.slice(0, 2)).toEqual(["token", "register the whole way"]);
    expect(new Set(steps.slice(2))).toEqual(new Set(["crypto starts", "openid", "conversation"]));
    cryptoDone();
    await starting;
    expect(steps.slice(5)).toEqual(["crypto ready", "join", "joined"]);
  });

  describe("when the bot takes long to make her room", () => {
    /** What a start came to so far: "pending", "started", or what it was rejected with. */
    function outcomeOf(starting: Promise<void>): { now: unknown } {
      const outcome: { now: unknown } = { now: "pending" };
      starting.then(
        () => (outcome.now = "started"),
        (error: unknown) => (outcome.now = error),
      );
      return outcome;
    }

    /** A bot that says "still being made" every `everyMs` until `forMs` have passed. */
    function slowRoom(forMs: number, everyMs: number, saysSo: boolean): MatrixSessionDeps["bot"] {
      return {
        createRegistrationToken: async () => ({ token: "tok", expiresAt: null }),
        reservePlace: async () => null,
        createConversation: async (_token, _openId, _about, onRoomPreparing) => {
          for (let waited = 0; waited < forMs; waited += everyMs) {
            await new Promise((resolve) => setTimeout(resolve, everyMs));
            if (saysSo)
              onRoomPreparing?.({ state: "waiting", position: 1, estimatedWaitMinutes: 5 });
          }
          return { roomId: ROOM, youthName: null, presenceKey: null, firstStatus: null };
        },
        sendFeedback: async () => undefined,
        declareUrgent: async () => undefined,
      };
    }

    it("should wait past its own time limit while the bot says her room is being made", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval"] });
      // The limit is twice timeoutMs (4 s here); the room comes after 20 s of "being made".
      const outcome = outcomeOf(session({ bot: slowRoom(20_000, 1_000, true) }).start());
      await vi.advanceTimersByTimeAsync(21_000);
      expect(outcome.now).toBe("started");
    });

    it("should still give up at its time limit when nothing says the room is coming", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval"] });
      const outcome = outcomeOf(session({ bot: slowRoom(20_000, 1_000, false) }).start());
      await vi.advanceTimersByTimeAsync(4_001);
      expect(outcome.now).toMatchObject({ kind: "generic", message: "start timed out" });
      await vi.advanceTimersByTimeAsync(20_000);
    });
  });

  describe("her place, before her conversation exists (a busy night)", () => {
    const place = (position: number): YouthStatus => ({
      state: "waiting",
      position,
      estimatedWaitMinutes: position * 5,
    });

    /** A promise the test settles when it says. */
    function held<T = void>(): { promise: Promise<T>; settle: (value: T) => void } {
      let settle: (value: T) => void = () => undefined;
      const promise = new Promise<T>((resolve) => (settle = resolve));
      return { promise, settle };
    }

    /** The bot publishes her status in the room. */
    function roomSays(status: Record<string, unknown>): void {
      client.room.status = status;
      client.emit(RoomStateEvent.Events, {
        getRoomId: () => ROOM,
        getType: () => STATUS_EVENT_TYPE,
      });
    }

    it("should hold it with the prepared registration's token at once, while her account is made", async () => {
      const account = held();
      holder.accountMade = account.promise;
      reserving = async () => place(7);
      const s = session({ takePreparedRegistration: async () => early });
      const starting = s.start();
      await flush();
      expect(steps).toEqual(["complete early-token"]); // her account still on its way
      expect(reservations).toEqual(["early-token"]);
      expect(s.getState()).toMatchObject({ status: place(7), canSend: false });
      account.settle();
      await starting;
      // The conversation's answer gives no place of its own: hers stays until the room's.
      expect(s.getState()).toMatchObject({ status: place(7), canSend: true });
      expect(reservations).toEqual(["early-token"]);
    });

    it("should hold it with the bot's new token beside her account, not after it", async () => {
      const account = held();
      holder.accountMade = account.promise;
      reserving = async () => place(3);
      const s = session({ takePreparedRegistration: async () => null });
      const starting = s.start();
      await flush();
      expect(steps).toEqual(["token", "register the whole way"]);
      expect(reservations).toEqual(["tok"]);
      expect(s.getState()).toMatchObject({ status: place(3), canSend: false });
      account.settle();
      await starting;
      expect(tokensSent).toEqual(["tok"]);
    });

    it("should hold it again with the new token when the prepared one cannot be used", async () => {
      holder.completeFails = true;
      // The prepared token expired: the bot knows it no more, and holds no place for it.
      reserving = async (token) => (token === "tok" ? place(2) : null);
      const s = session({ takePreparedRegistration: async () => early });
      await s.start();
      expect(reservations).toEqual(["early-token", "tok"]);
      expect(s.getState().status).toEqual(place(2));
    });

    it("should start without waiting for it, nor show anything when the bot holds none", async () => {
      reserving = () => new Promise(() => undefined); // never answers
      const s = session();
      await s.start();
      expect(s.getState()).toMatchObject({ status: null, canSend: true });
    });

    it("should show it until her conversation answers, never let her write earlier, and give way to the answer's place", async () => {
      const answer = held();
      conversationHeld = answer.promise;
      reserving = async () => place(7);
      placeGiven = place(5);
      const s = session();
      let answered = false;
      let wroteEarly = false;
      s.subscribe((state) => (wroteEarly ||= state.canSend && !answered));
      const starting = s.start();
      await flush();
      expect(steps).toContain("conversation");
      expect(s.getState()).toMatchObject({ status: place(7), canSend: false });
      answered = true;
      answer.settle();
      await starting;
      expect(s.getState()).toMatchObject({ status: place(5), canSend: true });
      expect(wroteEarly).toBe(false);
    });

    it("should show each place said while her room is made, the freshest first, and the room's over all", async () => {
      const answer = held();
      conversationHeld = answer.promise;
      const reservation = held<YouthStatus | null>();
      reserving = () => reservation.promise;
      const s = session();
      const starting = s.start();
      await flush();
      roomPreparing?.(place(5));
      expect(s.getState()).toMatchObject({ status: place(5), canSend: false });
      // Her reservation answered after it is older: it replaces nothing.
      reservation.settle(place(6));
      await flush();
      expect(s.getState().status).toEqual(place(5));
      roomPreparing?.(place(4));
      roomPreparing?.(null); // an answer with no place changes nothing
      expect(s.getState()).toMatchObject({ status: place(4), canSend: false });
      answer.settle();
      await starting;
      expect(s.getState()).toMatchObject({ status: place(4), canSend: true });
      roomSays({ state: "waiting", position: 2, estimatedWaitMinutes: 12 });
      expect(s.getState().status).toEqual({
        state: "waiting",
        position: 2,
        estimatedWaitMinutes: 12,
      });
      // Nothing the bot said before the room replaces the room's own word.
      roomPreparing?.(place(8));
      expect(s.getState().status).toEqual({
        state: "waiting",
        position: 2,
        estimatedWaitMinutes: 12,
      });
    });

    it("should show no place held once her conversation has answered", async () => {
      const reservation = held<YouthStatus | null>();
      reserving = () => reservation.promise;
      const s = session();
      await s.start();
      // The answer gave no place: hers is the room's to say now, not an older answer's.
      reservation.settle(place(9));
      await flush();
      expect(s.getState().status).toBeNull();
    });

    it("should send 'I am in danger now' pressed before her conversation exists as soon as it does", async () => {
      keyGiven = "k".repeat(43);
      const answer = held();
      conversationHeld = answer.promise;
      reserving = async () => place(4);
      const s = session();
      const starting = s.start();
      await flush();
      s.declareUrgent();
      await flush();
      // Not a failure: it waits for the conversation's key.
      expect(s.getState().urgent).toBe("sending");
      expect(urgentSaid).toEqual([]);
      answer.settle();
      await starting;
      await flush();
      expect(urgentSaid).toEqual([`${ROOM} ${"k".repeat(43)}`]);
      expect(s.getState().urgent).toBe("sent");
    });
  });

  it("should let her write once the conversation exists, and let nothing leave before the room is seen encrypted", async () => {
    const { s, started } = startingBeforeEncryption();
    await flush();
    expect(started()).toBe(false);
    // The composer is hers: she types and sends while the join completes.
    expect(s.getState().canSend).toBe(true);
    s.setTyping(true);
    await s.send("bonjour");
    expect(s.getState().messages.at(-1)).toMatchObject({ text: "bonjour", delivery: "held" });
    expect(s.keepOnDevice()).toBeNull();
    expect(client.outgoing).toEqual([]);
    client.encryptionArrives();
    await flush();
    expect(started()).toBe(true);
    // Joined and encrypted, but no counsellor yet: still on the page, as any message before her.
    expect(s.getState().messages.at(-1)).toMatchObject({ delivery: "held" });
    expect(client.outgoing).toEqual([]);
  });

  it("should show her place from the bot's answer at once, until the room's status says more", async () => {
    placeGiven = { state: "waiting", position: 3, estimatedWaitMinutes: 20 };
    const { s, started } = startingBeforeEncryption();
    await flush();
    expect(started()).toBe(false);
    // Before the join, before any status in the room: her place, as the bot answered it.
    expect(s.getState().status).toEqual({
      state: "waiting",
      position: 3,
      estimatedWaitMinutes: 20,
    });
    client.encryptionArrives();
    await flush();
    expect(started()).toBe(true);
    // The bot publishes her status in the room: it replaces the answer's, as every later one does.
    client.room.status = { state: "waiting", position: 2, estimatedWaitMinutes: 12 };
    client.emit(RoomStateEvent.Events, { getRoomId: () => ROOM, getType: () => STATUS_EVENT_TYPE });
    expect(s.getState().status).toEqual({
      state: "waiting",
      position: 2,
      estimatedWaitMinutes: 12,
    });
  });

  it("should say a counsellor is joining at once when the bot's answer says so", async () => {
    placeGiven = { state: "counsellor_joining" };
    const { s } = startingBeforeEncryption();
    await flush();
    expect(s.getState().status).toEqual({ state: "counsellor_joining" });
  });

  it("should show no place before the room says it when the bot's answer gives none", async () => {
    const { s } = startingBeforeEncryption();
    await flush();
    expect(s.getState()).toMatchObject({ canSend: true, status: null });
  });

  it("should let her write before the name counsellors know her by is set, and join only after it", async () => {
    let answerNaming: () => void = () => undefined;
    client.namingAnswered = new Promise((resolve) => (answerNaming = resolve));
    youthNameGiven = "Jeune 4821";
    const s = session();
    const starting = s.start();
    await flush();
    expect(s.getState().canSend).toBe(true);
    expect(steps).toContain("name Jeune 4821");
    expect(steps).not.toContain("join");
    answerNaming();
    await starting;
    expect(steps.indexOf("join")).toBeGreaterThan(steps.indexOf("name Jeune 4821"));
  });

  it("should leave only once her join has landed, when she ends while it is on its way", async () => {
    let answerJoin: () => void = () => undefined;
    client.joinAnswered = new Promise((resolve) => (answerJoin = resolve));
    const s = session();
    const starting = s.start();
    await flush();
    expect(s.getState().canSend).toBe(true);
    const ending = s.end();
    await flush();
    // A leave sent now would be undone by the join landing after it: she would be back in.
    expect(steps).not.toContain("leave");
    answerJoin();
    await ending;
    await starting.catch(() => undefined);
    expect(steps.slice(steps.indexOf("join"))).toEqual(["join", "joined", "leave"]);
    expect(client.room.members.get(ME)).toBe("leave");
    expect(s.getState()).toMatchObject({ canSend: false, status: { state: "ended" } });
  });

  it("should join as soon as the room's encryption event comes, without waiting for a timer", async () => {
    const { s, started } = startingBeforeEncryption();
    await flush();
    expect(steps).toContain("join");
    expect(started()).toBe(false);
    const checks = client.encryptionChecks;
    await flush();
    // No polling: nothing checks again until an event says something changed.
    expect(client.encryptionChecks).toBe(checks);
    client.encryptionArrives();
    await flush();
    expect(started()).toBe(true);
    expect(s.getState().canSend).toBe(true);
  });

  it("should still refuse a room that never shows it is encrypted, after the grace period", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval"] });
    client.encrypted = false;
    // Longer than the grace period, so that it is the grace period that ends the wait.
    const s = session({ timeoutMs: 20_000 });
    const outcome = s.start().then(
      () => "started",
      (error: unknown) => error,
    );
    await flush();
    // Events that do not make the room encrypted change nothing.
    client.emit(ClientEvent.Sync, SyncState.Syncing);
    await flush();
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(outcome).resolves.toMatchObject({ kind: "unsafe" });
    expect(s.getState().canSend).toBe(false);
  });

  describe("given up after the conversation was asked for", () => {
    const KEY = "k".repeat(43);

    /** What the page says to the bot of itself, with the conversation and key it says it for. */
    function presenceSpy() {
      const said: string[] = [];
      const create = (target: PresenceTarget): PresenceReporter => ({
        start: () => void said.push(`start ${target.conversationId} ${target.presenceKey}`),
        leaving: (how) => void said.push(`${how} ${target.conversationId} ${target.presenceKey}`),
        stop: () => void said.push("stop"),
      });
      return { said, create };
    }

    /** A bot whose conversation answer comes when the test says (at once if `held` is false). */
    function botAnswering(held: boolean) {
      let answer: (opened: OpenedConversation) => void = () => undefined;
      const opened = { roomId: ROOM, youthName: null, presenceKey: KEY, firstStatus: null };
      const bot: MatrixSessionDeps["bot"] = {
        createRegistrationToken: async () => ({ token: "tok", expiresAt: null }),
        reservePlace: async () => null,
        createConversation: () => {
          steps.push("conversation");
          return held ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(opened);
        },
        sendFeedback: async () => undefined,
        declareUrgent: async () => undefined,
      };
      return { bot, answer: () => answer(opened) };
    }

    /** The crypto store refused (IndexedDB, WASM), once the test says. */
    function cryptoFailsLater(): () => void {
      let refuse: () => void = () => undefined;
      client.cryptoReady = new Promise((_resolve, reject) => {
        refuse = () => reject(new Error("IndexedDB refused"));
      });
      return refuse;
    }

    it("should tell the bot the page is gone, with its key, when the crypto fails after the conversation opened", async () => {
      const refuseCrypto = cryptoFailsLater();
      const presence = presenceSpy();
      const starting = session({ bot: botAnswering(false).bot, presence: presence.create }).start();
      const outcome = starting.then(
        () => "started",
        () => "failed",
      );
      await flush();
      expect(steps).toContain("conversation");
      refuseCrypto();
      await expect(outcome).resolves.toBe("failed");
      await flush();
      expect(presence.said).toEqual([`closed ${ROOM} ${KEY}`]);
    });

    it("should tell it once the conversation comes, when the start failed while it was asked for", async () => {
      const refuseCrypto = cryptoFailsLater();
      const presence = presenceSpy();
      const bot = botAnswering(true);
      const s = session({ bot: bot.bot, presence: presence.create });
      const outcome = s.start().then(
        () => "started",
        () => "failed",
      );
      await flush();
      refuseCrypto();
      await expect(outcome).resolves.toBe("failed");
      s.stop();
      await flush();
      expect(presence.said).toEqual([]); // no key yet
      bot.answer();
      await flush();
      expect(presence.said).toEqual([`closed ${ROOM} ${KEY}`]);
    });

    it("should say how she left when she quit before the conversation came", async () => {
      client.cryptoReady = new Promise(() => undefined); // still setting up when she quits
      const presence = presenceSpy();
      const bot = botAnswering(true);
      const s = session({ bot: bot.bot, presence: presence.create });
      void s.start().catch(() => undefined);
      await flush();
      s.leavingNow("quick_exit");
      s.stop();
      bot.answer();
      await flush();
      expect(presence.said).toEqual([`quick_exit ${ROOM} ${KEY}`]);
    });

    it("should say nothing of the kind when the start succeeds", async () => {
      const presence = presenceSpy();
      const s = session({ bot: botAnswering(false).bot, presence: presence.create });
      await s.start();
      await flush();
      expect(presence.said).toEqual([`start ${ROOM} ${KEY}`]);
    });
  });
});
