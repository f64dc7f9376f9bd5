import type { Feedback, WritingAbout } from "@helpline/contract";
/**
 * The one seam between the screens and the chat protocol. Screens and view models only know this
 * file; everything Matrix lives in ./matrix/ and is loaded lazily.
 */

import type {
  EndReason as WireEndReason,
  Instant,
  YouthStatus as WireStatus,
} from "@helpline/contract";
import type { KeptSession } from "./kept.ts";
import type { SafetyFormViewModel } from "../viewmodels/SafetyFormViewModel.ts";
import type { SafetyFormPort } from "./safetyForm.ts";

/**
 * Who wrote a message, from the youth's point of view. "team": not a message but the page's own
 * word about who can read the conversation (`ChatMessage.notice`).
 */
export type Author = "me" | "counsellor" | "team";

/**
 * Said in the conversation when someone other than her counsellor can read it from now on, and
 * when she no longer can (matrix/teamWatch.ts): a second professional reading (a supervisor, a
 * counsellor in training), or someone else of the team invited.
 */
export type TeamNoticeKind =
  | "observer_joined"
  | "observer_left"
  | "colleague_invited"
  | "colleague_left"
  | "colleague_taking_over";

/**
 * "held": kept on this device until a counsellor is in the conversation (a message encrypted
 * earlier could only be read by whoever is present, i.e. nobody), then sent in order.
 * "sending": on its way (or waiting for the connection to come back).
 * "sent": the server has it (its remote echo came back), so the counsellor's devices get it.
 * "read": the counsellor's read receipt covers it.
 * "failed": not sent (no connection, server refused); retried when the connection returns.
 */
export type DeliveryState = "held" | "sending" | "sent" | "read" | "failed";

/**
 * "I am in danger now" (POST /api/urgent): on its way, the bot has it (she is ahead of the queue),
 * or it could not be sent (the page offers to try again; the numbers stay shown whatever happens).
 */
export type UrgentDelivery = "sending" | "sent" | "failed";

/** Whether the page is talking to the server right now, as the sync loop sees it. */
export type ConnectionState = "online" | "reconnecting";

/**
 * Why a conversation ended, as the permanence (the bot) publishes it, among the reasons this page
 * has a sentence for; "other" stands for any other (a newer bot's). Quick exit and a closed page
 * end a conversation whose page is gone: no page ever shows them.
 */
export type EndReason = Exclude<WireEndReason, "quick_exit" | "page_closed"> | "other";

/**
 * The youth's place in the permanence, published by the bot as room state
 * (`org.helplinechat.status`): no content, no names.
 */
export type YouthStatus = WireStatus<EndReason>;

export interface ChatMessage {
  /** Stable id across updates (a local id until the server confirms, then kept). */
  readonly id: string;
  readonly from: Author;
  /** The counsellor's display name when known; never a technical id. */
  readonly senderName: string | null;
  /** null while the message cannot be read yet (still arriving). */
  readonly text: string | null;
  readonly timestamp: number;
  /** Only meaningful for the youth's own messages. */
  readonly delivery: DeliveryState;
  /**
   * Set when the message cannot be shown as its sender's words (text is then null): it came in
   * clear into the encrypted conversation, or from a device its owner's cross-signing does not
   * vouch for. The page shows a warning in its place.
   */
  readonly withheld?: "unprotected" | "unverified_device";
  /**
   * Counsellor provenance, only where the helpline has a key: whether the helpline vouched for
   * the identity that wrote this message (session/matrix/provenance.ts). Absent: no mark.
   */
  readonly provenance?: ProvenanceMark;
  /** Author "team": what the page says about who can read the conversation; text is null. */
  readonly notice?: TeamNoticeKind;
}

/** The mark on a message of the conversation, with the helpline's name in its languages. */
export interface ProvenanceMark {
  readonly kind: "helpline" | "not_helpline";
  readonly helplineName: Readonly<Partial<Record<"fr" | "nl" | "en", string>>>;
}

/** Why a session could not start, in the youth's terms (never protocol details). */
export type SessionFailureKind =
  /** The conversation is not protected end to end: nothing must be sent. */
  | "unsafe"
  /** The helpline is closed right now. */
  | "closed"
  /** No counsellor can take a new conversation right now. */
  | "busy"
  /** Anything else: network, server, unexpected answer. Retrying may help. */
  | "generic"
  /** The chat already runs in another tab of this browser (one crypto store, one client). */
  | "otherTab"
  /** A counsellor barred this device or network for a while after an abusive conversation. */
  | "barred"
  /** Too many requests from this device or network: try again in a few minutes. */
  | "rateLimited";

/** An instant with the helpline's local wall time ("YYYY-MM-DDTHH:MM"), as the bot sends it. */
/** An instant and its wall time in the helpline's zone, as the bot sends it. */
export type HelplineInstant = Instant;

export class SessionFailure extends Error {
  readonly kind: SessionFailureKind;
  /** For "closed": when the helpline reopens, if the bot said so. */
  readonly nextOpensAt: HelplineInstant | null;

  constructor(
    kind: SessionFailureKind,
    detail: string,
    options?: { cause?: unknown; nextOpensAt?: HelplineInstant | null },
  ) {
    super(detail, options);
    this.name = "SessionFailure";
    this.kind = kind;
    this.nextOpensAt = options?.nextOpensAt ?? null;
  }
}

export interface SessionState {
  readonly messages: readonly ChatMessage[];
  /** True once sending is safe (joined, end-to-end protected room). */
  readonly canSend: boolean;
  /** The counsellor's display name, once someone has joined. */
  readonly counsellorName: string | null;
  /** Set when the session breaks after it has started (e.g. the room stops being safe). */
  readonly failure: SessionFailureKind | null;
  /** The permanence's latest word on this conversation; null until the bot has published one. */
  readonly status: YouthStatus | null;
  /** The counsellor is typing right now. */
  readonly counsellorTyping: boolean;
  /** "reconnecting" while the server cannot be reached; the session retries by itself. */
  readonly connection: ConnectionState;
  /** "I am in danger now" was pressed, and how its request went; absent until then. */
  readonly urgent?: UrgentDelivery;
}

/** A session before it has started: nothing yet, nothing wrong. */
export const initialSessionState: SessionState = {
  messages: [],
  canSend: false,
  counsellorName: null,
  failure: null,
  status: null,
  counsellorTyping: false,
  connection: "online",
};

export type SessionListener = (state: SessionState) => void;

/**
 * How the youth's page goes away without her leaving the conversation: "quick_exit" (someone may
 * have come near her) or "closed" (the tab closes or navigates away). The counsellor is told.
 */
export type LeavingHow = "quick_exit" | "closed";

export interface StartOptions {
  /** The pseudonym the youth chose, already checked (viewmodels/pseudonym.ts); none if null. */
  readonly displayName?: string | null;
  /** The answer to "about myself / someone close", where the service asks it; absent: none. */
  readonly writingAbout?: WritingAbout;
}

export interface ChatSession {
  /**
   * Creates the anonymous account, asks for a conversation and joins it. Resolves once the
   * youth may type. Rejects with a SessionFailure.
   */
  start(options?: StartOptions): Promise<void>;
  /**
   * Sends a text message, or holds it (delivery "held") until a counsellor is present; held
   * messages go out in order as soon as she is. Rejects with a SessionFailure if it could not
   * be sent.
   */
  send(text: string): Promise<void>;
  /** Sends again a message whose delivery failed. */
  resend(messageId: string): Promise<void>;
  /** Tells the counsellor whether the youth is typing (best effort, never fails). */
  setTyping(typing: boolean): void;
  getState(): SessionState;
  subscribe(listener: SessionListener): () => void;
  /**
   * The youth ends the conversation: leaves the room, which the bot sees and closes.
   * Held messages are dropped. Rejects with a SessionFailure if leaving failed.
   */
  end(): Promise<void>;
  /** Stops syncing and forgets everything held in memory. */
  stop(): void;
  /**
   * The page goes away now: tells the permanence how, with a request that outlives the page and
   * is never waited for. Synchronous, never throws; call it before stop(). Said once per session.
   */
  leavingNow?(how: LeavingHow): void;
  /**
   * "Continuer plus tard sur cet appareil": what it takes to open the conversation again (to be
   * sealed with the youth's PIN); the crypto store then outlives the tab. Null until joined.
   */
  keepOnDevice?(): KeptSession | null;
  /** Undoes keepOnDevice: the crypto store is deleted when the session stops. */
  forgetOnDevice?(): void;
  /**
   * "I am in danger now", while no counsellor has joined: `urgent` turns "sending" at once (the
   * page shows the emergency numbers without waiting), then "sent" or "failed". Pressing again
   * after a failure tries again; after it was sent, nothing. Never throws.
   */
  declareUrgent(): void;
  /**
   * Whether the youth's feedback can be asked once the conversation is over: a counsellor was
   * with her (a youth who only waited has nothing to judge) and the bot gave this page its key.
   * False (or absent) hides the questions.
   */
  canSendFeedback?(): boolean;
  /**
   * The end screen's optional answers, sent once to the bot; works after stop() too, since it
   * needs only the conversation's id and key. Rejects with a SessionFailure if not counted.
   */
  sendFeedback?(feedback: Feedback): Promise<void>;
  /** The counsellor's safety form, asked and answered in the conversation (absent: never). */
  readonly safetyForm?: SafetyFormPort;
  /**
   * What the youth sees of that form, over the port above. Built by the lazily loaded session
   * code, never by the page's first screen, whose weight has no room for it.
   */
  readonly safetyFormView?: SafetyFormViewModel;
}

/** Builds a fresh session; a retry after a failure gets a new one (a new anonymous account). */
export type ChatSessionFactory = () => ChatSession;
