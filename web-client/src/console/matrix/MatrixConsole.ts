import {
  ClientEvent,
  Direction,
  EventStatus,
  MatrixEventEvent,
  PendingEventOrdering,
  RoomEvent,
  RoomMemberEvent,
  RoomStateEvent,
  SyncState,
  createClient,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/index.js";
import {
  authenticityOf,
  carriesWords,
  type Authenticity,
} from "../../shared/matrix/authenticity.ts";
import { DeviceChecks } from "../../shared/matrix/deviceChecks.ts";
import { memoryOnlyStore } from "../../shared/matrix/memoryOnlyStore.ts";
import { quietLogger } from "../../shared/matrix/quietLogger.ts";
import type { Fetch } from "../../shared/fetch.ts";
import type { ConsoleMatrix, ConsoleMessage, RoomView } from "../types.ts";
import { YOUTH_PAGE_EVENT_TYPE, readYouthGone } from "./youthPage.ts";
import { MatrixSafetyForms } from "./safetyForms.ts";
import { untilInvited, type Memberships } from "./invitation.ts";

/** The SDK sends typing notifications with this server-side timeout; the console renews sooner. */
const TYPING_TIMEOUT_MS = 30_000;
/** A token is renewed this long before the server says it expires. */
const TOKEN_MARGIN_MS = 60_000;
/** How far back a conversation is loaded when it is opened (a shift's conversation is short). */
const HISTORY_PAGES = 4;
/**
 * How long accepting an offer waits for its invite to reach this client. The offer itself lasts
 * longer than the bot's answer normally takes; past this, the join is tried and the server says no.
 */
const INVITE_WAIT_MS = 60_000;

export function createConsoleClient(
  homeserverUrl: string,
  fetchFn: Fetch,
  credentials: { userId: string; accessToken: string; deviceId: string },
  getSecretStorageKey: () => Uint8Array<ArrayBuffer> | null,
): MatrixClient {
  return createClient({
    baseUrl: homeserverUrl,
    userId: credentials.userId,
    accessToken: credentials.accessToken,
    deviceId: credentials.deviceId,
    timelineSupport: false,
    logger: quietLogger("console"),
    // Nothing of a shift stays on a shared office PC: not even the sync filter in localStorage.
    store: memoryOnlyStore(),
    fetchFn: (input, init) => fetchFn(String(input), init),
    cryptoCallbacks: {
      // Secret storage (cross-signing keys, the backup key) is opened with the recovery key the
      // counsellor typed or was just given; it lives in memory only, for this login.
      getSecretStorageKey: async ({ keys }) => {
        const key = getSecretStorageKey();
        const keyId = Object.keys(keys)[0];
        return key === null || keyId === undefined ? null : [keyId, key];
      },
    },
  });
}

/** Starts the sync loop and resolves at the first complete sync. */
export async function startAndSync(client: MatrixClient): Promise<void> {
  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState): void => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error || state === SyncState.Stopped) {
        client.off(ClientEvent.Sync, onSync);
        reject(new Error(`first sync failed (${state})`));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({
    initialSyncLimit: 30,
    lazyLoadMembers: false,
    pendingEventOrdering: PendingEventOrdering.Detached,
  });
  await prepared;
}

/**
 * What the counsellor sees of one event, or null. `authenticity` (see authenticity.ts) keeps
 * words sent in clear, or from a device nobody vouches for, from showing as the youth's.
 */
export function decode(
  event: MatrixEvent,
  me: string,
  authenticity: (event: MatrixEvent) => Authenticity,
): ConsoleMessage | null {
  if (event.isRedacted() || event.isState()) return null;
  const id = event.getTxnId() ?? event.getUnsigned().transaction_id ?? event.getId();
  if (id === undefined) return null;
  const sender = event.getSender() ?? "";
  const name: unknown = event.sender?.events.member?.getContent()["displayname"];
  const base = {
    id,
    fromMe: sender === me,
    senderName: typeof name === "string" && name.trim() !== "" ? name.trim() : null,
    timestamp: event.getTs(),
    sending: event.status !== null && event.status !== EventStatus.SENT,
  };
  if (event.getType() === "m.room.encrypted" || event.isDecryptionFailure()) {
    return { ...base, text: null };
  }
  const verdict = authenticity(event);
  if (verdict === "unprotected") {
    return carriesWords(event)
      ? { ...base, senderName: null, text: null, withheld: verdict }
      : null;
  }
  if (event.getType() !== "m.room.message") return null;
  const content = event.getContent();
  if (content["msgtype"] !== "m.text" || typeof content["body"] !== "string") return null;
  if (verdict === "unverified_device") {
    return { ...base, senderName: null, text: null, withheld: verdict };
  }
  // Decrypted, its device still being checked (a few milliseconds): not readable yet.
  if (verdict === "checking") return { ...base, text: null };
  return { ...base, text: content["body"] };
}

/**
 * The counsellor's own Matrix client, as the console's view model sees it: rooms as snapshots,
 * and the few actions a counsellor takes (accept = join, decline = leave, hand over = invite from
 * this cross-signed device, so the room's key history goes with it, MSC4268).
 */
export class MatrixConsole implements ConsoleMatrix {
  readonly #client: MatrixClient;
  readonly #listeners = new Set<() => void>();
  #pending = false;
  #token: { value: string; expiresAt: number } | null = null;
  readonly #historyLoaded = new Set<string>();
  readonly #cache = new Map<string, { version: number; view: RoomView }>();
  #version = 0;
  /** Whether each decrypted message's device is vouched for by its owner's cross-signing. */
  readonly #deviceChecks: DeviceChecks;
  /** The youth's consented safety form (issue 18); its answers in memory only. */
  readonly safetyForms: MatrixSafetyForms;

  constructor(client: MatrixClient) {
    this.#client = client;
    const changed = (): void => this.#changed();
    this.#deviceChecks = new DeviceChecks(() => client.getCrypto(), changed);
    this.safetyForms = new MatrixSafetyForms(client, (event) =>
      authenticityOf(event, this.#deviceChecks.of(event)),
    );
    // A youth's page cross-signs its device right after it starts: her first message may arrive
    // before the signature does.
    client.on(CryptoEvent.DevicesUpdated, () => this.#deviceChecks.recheck());
    client.on(CryptoEvent.UserTrustStatusChanged, () => this.#deviceChecks.recheck());
    client.on(RoomEvent.Timeline, changed);
    client.on(RoomEvent.Receipt, changed);
    client.on(RoomEvent.MyMembership, changed);
    client.on(RoomEvent.LocalEchoUpdated, changed);
    client.on(RoomMemberEvent.Typing, changed);
    client.on(RoomMemberEvent.Membership, changed);
    client.on(RoomStateEvent.Events, changed);
    client.on(MatrixEventEvent.Decrypted, changed);
    client.on(ClientEvent.Room, changed);
  }

  get userId(): string {
    return this.#client.getSafeUserId();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  room(roomId: string): RoomView | null {
    const cached = this.#cache.get(roomId);
    if (cached !== undefined && cached.version === this.#version) return cached.view;
    const room = this.#client.getRoom(roomId);
    if (room === null) return null;
    const view = this.#view(room);
    this.#cache.set(roomId, { version: this.#version, view });
    return view;
  }

  onInvite(listener: () => void): () => void {
    const onMembership = (_room: Room, membership: string): void => {
      if (membership === "invite") listener();
    };
    this.#client.on(RoomEvent.MyMembership, onMembership);
    return () => {
      this.#client.off(RoomEvent.MyMembership, onMembership);
    };
  }

  async openIdToken(fresh = false): Promise<string> {
    const now = Date.now();
    if (!fresh && this.#token !== null && this.#token.expiresAt > now) return this.#token.value;
    const token = await this.#client.getOpenIdToken();
    this.#token = {
      value: token.access_token,
      expiresAt: now + token.expires_in * 1000 - TOKEN_MARGIN_MS,
    };
    return token.access_token;
  }

  async join(roomId: string): Promise<void> {
    // The offer can reach her desk before its invite reaches this client (see untilInvited).
    await untilInvited(this.#memberships(), roomId, INVITE_WAIT_MS);
    // Joining accepts the key bundle the inviter sent (history sharing, MSC4268).
    await this.#client.joinRoom(roomId);
    await this.loadHistory(roomId);
  }

  #memberships(): Memberships {
    const client = this.#client;
    return {
      membershipOf: (roomId) => client.getRoom(roomId)?.getMyMembership() ?? null,
      onMembership: (listener) => {
        const onChange = (room: Room, membership: string): void => {
          listener(room.roomId, membership);
        };
        client.on(RoomEvent.MyMembership, onChange);
        return () => {
          client.off(RoomEvent.MyMembership, onChange);
        };
      },
    };
  }

  async leave(roomId: string): Promise<void> {
    // Declining an offer is leaving its room, which also needs the invite first.
    await untilInvited(this.#memberships(), roomId, INVITE_WAIT_MS);
    await this.#client.leave(roomId);
  }

  async invite(roomId: string, userId: string): Promise<void> {
    // From this device: the SDK shares the room's key history with the colleague first.
    await this.#client.invite(roomId, userId);
  }

  async send(roomId: string, text: string): Promise<void> {
    // Never in clear: the crypto layer must see the room as encrypted (it may take a moment
    // after joining), otherwise nothing is sent.
    const crypto = this.#client.getCrypto();
    const deadline = Date.now() + 10_000;
    while (crypto === undefined || !(await crypto.isEncryptionEnabledInRoom(roomId))) {
      if (Date.now() > deadline) throw new Error("room is not end-to-end encrypted");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.#client.sendTextMessage(roomId, text);
  }

  setTyping(roomId: string, typing: boolean): void {
    // Typing notifications are not encrypted: they say that someone types, never what.
    this.#client.sendTyping(roomId, typing, TYPING_TIMEOUT_MS).catch(() => undefined);
  }

  markRead(roomId: string): void {
    const room = this.#client.getRoom(roomId);
    const latest = room
      ?.getLiveTimeline()
      .getEvents()
      .filter((e) => e.getId()?.startsWith("$") === true && !e.isState())
      .at(-1);
    if (room == null || latest === undefined) return;
    if (room.hasUserReadEvent(this.userId, latest.getId() ?? "")) return;
    this.#client.sendReadReceipt(latest).catch(() => undefined);
  }

  async loadHistory(roomId: string): Promise<void> {
    if (this.#historyLoaded.has(roomId)) return;
    const room = this.#client.getRoom(roomId);
    if (room === null || room.getMyMembership() !== "join") return;
    this.#historyLoaded.add(roomId);
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const timeline = room.getLiveTimeline();
      if (timeline.getPaginationToken(Direction.Backward) === null) break;
      await this.#client.scrollback(room, 50);
    }
    this.#changed();
  }

  abandon(): void {
    const token = this.#client.getAccessToken();
    this.#listeners.clear();
    this.safetyForms.clear();
    this.#deviceChecks.dispose();
    this.#client.stopClient();
    if (token === null) return;
    void fetch(`${this.#client.baseUrl}/_matrix/client/v3/logout`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      keepalive: true,
      credentials: "omit",
    }).catch(() => undefined);
  }

  async logout(): Promise<void> {
    this.#listeners.clear();
    this.safetyForms.clear();
    this.#deviceChecks.dispose();
    try {
      await this.#client.logout(true); // also stops the client
    } finally {
      this.#client.stopClient();
      this.#client.removeAllListeners();
      this.#token = null;
      this.#cache.clear();
    }
  }

  #view(room: Room): RoomView {
    const me = this.userId;
    const bot = room.getCreator();
    const events = room.getLiveTimeline().getEvents();
    const messages = [...events, ...room.getPendingEvents()]
      .map((e) => decode(e, me, (event) => authenticityOf(event, this.#deviceChecks.of(event))))
      .filter((m): m is ConsoleMessage => m !== null);
    const readUpTo = room.getEventReadUpTo(me);
    let unread = 0;
    const readIndex = readUpTo === null ? -1 : events.findIndex((e) => e.getId() === readUpTo);
    for (let i = events.length - 1; i > readIndex; i -= 1) {
      const event = events[i];
      if (event === undefined || event.getSender() === me || event.getSender() === bot) continue;
      if (event.getType() === "m.room.message" || event.getType() === "m.room.encrypted") {
        unread += 1;
      }
    }
    const membership = room.getMyMembership();
    const othersTyping = room
      .getMembers()
      .some((m) => m.typing && m.userId !== me && m.userId !== bot);
    return {
      roomId: room.roomId,
      membership,
      messages,
      unread,
      othersTyping,
      canSend: membership === "join" && room.hasEncryptionStateEvent(),
      youthGone: readYouthGone(room.currentState.getStateEvents(YOUTH_PAGE_EVENT_TYPE, ""), bot),
    };
  }

  /** Many SDK events arrive in a burst per sync: listeners hear once per burst. */
  #changed(): void {
    this.#version += 1;
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      for (const listener of [...this.#listeners]) listener();
    });
  }
}
