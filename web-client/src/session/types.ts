/**
 * The one seam between the screens and the chat protocol. Screens and view models only know this
 * file; everything Matrix lives in ./matrix/ and is loaded lazily.
 */

/** Who wrote a message, from the youth's point of view. */
export type Author = "me" | "counsellor";

export type DeliveryState = "sending" | "sent" | "failed";

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
  | "generic";

export class SessionFailure extends Error {
  readonly kind: SessionFailureKind;

  constructor(kind: SessionFailureKind, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = "SessionFailure";
    this.kind = kind;
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
}

export type SessionListener = (state: SessionState) => void;

export interface ChatSession {
  /**
   * Creates the anonymous account, asks for a conversation and joins it. Resolves once the
   * youth may type. Rejects with a SessionFailure.
   */
  start(): Promise<void>;
  /** Sends a text message. Rejects with a SessionFailure if it could not be sent. */
  send(text: string): Promise<void>;
  /** Sends again a message whose delivery failed. */
  resend(messageId: string): Promise<void>;
  getState(): SessionState;
  subscribe(listener: SessionListener): () => void;
  /** Stops syncing and forgets everything held in memory. */
  stop(): void;
}

/** Builds a fresh session; a retry after a failure gets a new one (a new anonymous account). */
export type ChatSessionFactory = () => ChatSession;
