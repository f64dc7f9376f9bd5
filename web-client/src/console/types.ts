/**
 * What the console's view model knows about the bot's counsellor API and about Matrix. The real
 * implementations are ./api.ts and ./matrix/; unit tests use fakes of these interfaces.
 */

import type { ApiErrorCode, Language, Localized, PageGone } from "@helpline/contract";
import type { CaseFormRequest } from "@helpline/contract/requests";
import type { SafetyForms } from "./safetyForms.ts";
import type {
  Availability,
  CounsellorConversationState,
  Desk,
  HelpAnswerRead,
  Overview,
} from "@helpline/contract/counsellor-api";

// The bot's answers, as the console reads them, are the contract's (@helpline/contract).
export type {
  Availability,
  CannedReply,
  CaseCategoryView,
  CaseFormDue,
  CounsellorLoad,
  Crisis,
  DangerMark,
  Desk,
  DeskConversation,
  HelpAnswerRead as HelpAnswer,
  Overview,
  PendingHandover,
  QueueEntry,
} from "@helpline/contract/counsellor-api";
export type ConsoleLang = Language;
export type LocalizedText = Localized;
export type ConversationState = CounsellorConversationState;

/** An answer of the bot that is not a success, with its error code. */
export class ApiError extends Error {
  readonly status: number;
  /** The contract's code; "network_error" (status 0) and "malformed_answer" are the console's own. */
  readonly code: ApiErrorCode | "network_error" | "malformed_answer" | "unknown";
  constructor(status: number, code: ApiError["code"]) {
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
  /** Marks a conversation "danger to life": hers, or any in progress for a supervisor. */
  markDanger(reference: number): Promise<void>;
  overview(): Promise<Overview>;
  assign(reference: number, counsellorId: string): Promise<void>;
  /**
   * A supervisor asks to read a live conversation beside its counsellor (202): the counsellor's
   * console then invites her with the history. Optional: the console's older fakes lack it.
   */
  joinConversation?(reference: number): Promise<void>;
  /** The counsellor in charge asks for a colleague (in training) to read beside her (202). */
  addObserver?(reference: number, colleagueId: string): Promise<void>;
  /** Files the case form of a conversation that ended in her charge (204; 404 when not due). */
  fileCaseForm(reference: number, form: CaseFormRequest): Promise<void>;
  /** The helpline's default language, for canned replies missing in the console's language. */
  defaultLanguage(): Promise<ConsoleLang | null>;
  /** Asks the supervisors on duty for help in a side channel (created, or reused). */
  askForHelp(reference: number): Promise<HelpAnswerRead>;
}

export interface ConsoleMessage {
  readonly id: string;
  readonly fromMe: boolean;
  /** Display name of the sender (the youth's pseudonym, a colleague's name); null if unknown. */
  readonly senderName: string | null;
  /** null while it cannot be decrypted, and when withheld. */
  readonly text: string | null;
  readonly timestamp: number;
  readonly sending: boolean;
  /**
   * Set when it cannot be shown as its sender's words: sent in clear into the encrypted room, or
   * encrypted by a device its owner's cross-signing does not vouch for. Its text is never shown.
   */
  readonly withheld?: "unprotected" | "unverified_device";
}

/**
 * The youth's page went away without her leaving the conversation, as the bot publishes it
 * (room state `org.helplinechat.youth_page`): by quick exit (someone may have come near her), by
 * closing it, or it fell silent (tab closed, phone asleep).
 */
export interface YouthGone {
  readonly how: PageGone;
  /** She kept the conversation on her device behind a PIN: she can come back to it. */
  readonly kept: boolean;
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
  /** Set while the bot says the youth's page is gone; null while present or never said. */
  readonly youthGone: YouthGone | null;
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
  /** The youth's consented safety form; absent: the console does not offer it. */
  readonly safetyForms?: SafetyForms;
  logout(): Promise<void>;
  /**
   * The page goes away: sign this device out without waiting (a request the browser finishes
   * after the tab is closed). Its keys were in memory only, so the device is useless anyway, and
   * a device left signed in would keep receiving the keys of new messages.
   */
  abandon(): void;
}

/** tooManyAttempts: Synapse's per-account limit (rc_login) answered 429; a wait, not a wrong password. */
export type LoginFailure = "badCredentials" | "tooManyAttempts" | "generic";

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
