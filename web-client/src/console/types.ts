/**
 * What the console's view model knows about the bot's counsellor API and about Matrix. The real
 * implementations are ./api.ts and ./matrix/; unit tests use fakes of these interfaces.
 */

export type Availability = "on_duty" | "paused" | "off_duty";
export type ConsoleLang = "fr" | "nl" | "en";
export type LocalizedText = Readonly<Partial<Record<ConsoleLang, string>>>;

export type ConversationState = "offered" | "active" | "handover_offered";

export interface DeskConversation {
  readonly reference: number;
  readonly roomId: string;
  readonly name: string;
  readonly state: ConversationState;
  /** Epoch milliseconds. */
  readonly arrivedAt: number | null;
  readonly offerExpiresAt: number | null;
  readonly handoverTo: string | null;
  readonly handoverFrom: string | null;
  readonly requeued: boolean;
}

export interface QueueEntry {
  readonly reference: number;
  readonly position: number;
  readonly waitingSince: number | null;
  readonly state: "queued" | "offered";
  /** Supervisor overview only. */
  readonly offeredTo?: string | null;
}

export interface CounsellorLoad {
  readonly userId: string;
  readonly availability: Availability;
  readonly load: number;
  readonly capacity: number;
}

export interface PendingHandover {
  readonly reference: number;
  readonly roomId: string;
  readonly to: string;
}

export interface CannedReply {
  readonly id: string;
  readonly label: LocalizedText;
  readonly text: LocalizedText;
}

/** GET /api/counsellor/me, cleaned at the edge (./api.ts). */
export interface Desk {
  readonly userId: string;
  readonly availability: Availability;
  readonly load: number;
  readonly capacity: number;
  readonly supervisor: boolean;
  readonly waiting: number;
  readonly conversations: readonly DeskConversation[];
  readonly queue: readonly QueueEntry[];
  readonly colleagues: readonly CounsellorLoad[];
  readonly pendingHandovers: readonly PendingHandover[];
  readonly cannedReplies: readonly CannedReply[];
}

export interface Overview {
  readonly counsellors: readonly CounsellorLoad[];
  readonly queue: readonly QueueEntry[];
  readonly active: number;
}

/** An answer of the bot that is not a success, with its error code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(`bot API answered ${status} ${code}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export interface CounsellorApi {
  me(): Promise<Desk>;
  setAvailability(availability: Availability): Promise<Desk>;
  end(reference: number): Promise<void>;
  requeue(reference: number): Promise<void>;
  bar(reference: number): Promise<void>;
  overview(): Promise<Overview>;
  assign(reference: number, counsellorId: string): Promise<void>;
  /** The helpline's default language, for canned replies missing in the console's language. */
  defaultLanguage(): Promise<ConsoleLang | null>;
}

export interface ConsoleMessage {
  readonly id: string;
  readonly fromMe: boolean;
  /** Display name of the sender (the youth's pseudonym, a colleague's name); null if unknown. */
  readonly senderName: string | null;
  /** null while it cannot be decrypted. */
  readonly text: string | null;
  readonly timestamp: number;
  readonly sending: boolean;
}

export interface RoomView {
  readonly roomId: string;
  readonly membership: string;
  readonly messages: readonly ConsoleMessage[];
  /** Messages of others after my read receipt. */
  readonly unread: number;
  /** Someone else than me and the bot is typing. */
  readonly othersTyping: boolean;
  /** The room is end-to-end encrypted and joined: sending is safe. */
  readonly canSend: boolean;
}

/** The logged-in counsellor's Matrix client, as the console uses it. */
export interface ConsoleMatrix {
  readonly userId: string;
  room(roomId: string): RoomView | null;
  /** Called (batched) whenever a room, a message or a membership changes. */
  onChange(listener: () => void): () => void;
  /** Called when this account is invited to a room (an offer or a handover is on its way). */
  onInvite(listener: () => void): () => void;
  /**
   * A Matrix OpenID token for the bot's API, cached until shortly before it expires; `fresh`
   * asks for a new one (the bot refused the cached one).
   */
  openIdToken(fresh?: boolean): Promise<string>;
  join(roomId: string): Promise<void>;
  leave(roomId: string): Promise<void>;
  invite(roomId: string, userId: string): Promise<void>;
  send(roomId: string, text: string): Promise<void>;
  setTyping(roomId: string, typing: boolean): void;
  markRead(roomId: string): void;
  /** Loads earlier messages of a room (once), e.g. after joining a conversation handed over. */
  loadHistory(roomId: string): Promise<void>;
  logout(): Promise<void>;
  /**
   * The page goes away: sign this device out without waiting (a request the browser finishes
   * after the tab is closed). Its keys were in memory only, so the device is useless anyway, and
   * a device left signed in would keep receiving the keys of new messages.
   */
  abandon(): void;
}

export type LoginFailure = "badCredentials" | "generic";

/** Logged in, crypto running; what remains before the desk: the recovery key. */
export interface PendingLogin {
  /** Set on the very first login: the new recovery key, to be shown once. */
  readonly newRecoveryKey: string | null;
  /** The account already has cross-signing: the recovery key must be typed. */
  readonly needsRecoveryKey: boolean;
  /** Rejects with RecoveryKeyError("wrongKey") and changes nothing if the key does not fit. */
  unlock(recoveryKey: string): Promise<void>;
  /** "Lost my recovery key": new cross-signing and a new backup; returns the new recovery key. */
  reset(): Promise<string>;
  readonly session: ConsoleMatrix;
}

export class RecoveryKeyError extends Error {
  readonly kind: "wrongKey" | "generic";
  constructor(kind: "wrongKey" | "generic", options?: { cause?: unknown }) {
    super(`recovery key: ${kind}`, options);
    this.name = "RecoveryKeyError";
    this.kind = kind;
  }
}

export class LoginError extends Error {
  readonly kind: LoginFailure;
  constructor(kind: LoginFailure, options?: { cause?: unknown }) {
    super(`login: ${kind}`, options);
    this.name = "LoginError";
    this.kind = kind;
  }
}

export type Login = (userId: string, password: string) => Promise<PendingLogin>;
