import type { Feedback } from "@helpline/contract";
import {
  initialSessionState,
  SessionFailure,
  type ChatMessage,
  type ChatSession,
  type HelplineInstant,
  type LeavingHow,
  type SessionFailureKind,
  type SessionListener,
  type SessionState,
  type YouthStatus,
  type StartOptions,
} from "../types.ts";

interface Deferred {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * An in-memory ChatSession driven by the test: the test decides when start() and each send()
 * settle, and plays the counsellor's and the permanence's side. Like the Matrix session, it
 * holds messages while the permanence says no counsellor is present, and sends them in order
 * once she is (with no status at all, it sends at once).
 */
export class FakeChatSession implements ChatSession {
  /** Texts handed over for sending (held ones too), in order. */
  readonly sent: string[] = [];
  /** Texts that actually left (not held), in order. */
  readonly released: string[] = [];
  stopped = false;
  /** leavingNow() and stop() calls, in order ("leaving quick_exit", "stop"). */
  readonly lifecycle: string[] = [];
  /** end() was called (the youth left the room). */
  left = false;
  /** When true, the next end() fails (e.g. network down). */
  refuseToLeave = false;
  /** Every setTyping() call, in order. */
  readonly typingSent: boolean[] = [];
  /** Whether the bot gave this page the key that proves its feedback (an older bot did not). */
  hasFeedbackKey = true;
  /** How many times "I am in danger now" went out to the bot. */
  urgentRequests = 0;
  /** Every sendFeedback() call, in order; each settles when the test says (feedbackCounted…). */
  readonly feedbackSent: Feedback[] = [];
  #pendingFeedback: Deferred | null = null;
  #state: SessionState = initialSessionState;
  readonly #listeners = new Set<SessionListener>();
  #pendingStart: Deferred | null = null;
  readonly #pendingSends = new Map<string, Deferred>();
  #nextId = 0;

  /** What the view model asked the session to start with. */
  startedWith: StartOptions | undefined;

  start(options?: StartOptions): Promise<void> {
    this.startedWith = options;
    return new Promise((resolve, reject) => {
      this.#pendingStart = { resolve, reject };
    });
  }

  send(text: string): Promise<void> {
    this.sent.push(text);
    const id = `local-${this.#nextId++}`;
    const hold = this.#mustHold();
    const message: ChatMessage = {
      id,
      from: "me",
      senderName: null,
      text,
      timestamp: this.#nextId,
      delivery: hold ? "held" : "sending",
    };
    this.#update({ messages: [...this.#state.messages, message] });
    if (hold) return Promise.resolve();
    this.released.push(text);
    return new Promise((resolve, reject) => this.#pendingSends.set(id, { resolve, reject }));
  }

  end(): Promise<void> {
    if (this.refuseToLeave) {
      this.refuseToLeave = false;
      return Promise.reject(new SessionFailure("generic", "fake: leave failed"));
    }
    this.left = true;
    this.#update({ messages: this.#state.messages.filter((m) => m.delivery !== "held") });
    return Promise.resolve();
  }

  resend(messageId: string): Promise<void> {
    this.#setDelivery(messageId, "sending");
    return new Promise((resolve, reject) => this.#pendingSends.set(messageId, { resolve, reject }));
  }

  setTyping(typing: boolean): void {
    this.typingSent.push(typing);
  }

  getState(): SessionState {
    return this.#state;
  }

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.lifecycle.push("stop");
  }

  leavingNow(how: LeavingHow): void {
    this.lifecycle.push(`leaving ${how}`);
  }

  canSendFeedback(): boolean {
    return this.hasFeedbackKey;
  }

  declareUrgent(): void {
    const { urgent } = this.#state;
    if (urgent === "sending" || urgent === "sent") return;
    this.urgentRequests += 1;
    this.#update({ urgent: "sending" });
  }

  /** The bot took the urgent request (or refused it, or it never arrived). */
  urgentAnswered(taken: boolean): void {
    this.#update({ urgent: taken ? "sent" : "failed" });
  }

  sendFeedback(feedback: Feedback): Promise<void> {
    this.feedbackSent.push(feedback);
    return new Promise((resolve, reject) => {
      this.#pendingFeedback = { resolve, reject };
    });
  }

  // --- Test controls, in the domain's words ---

  /** The bot counted the feedback sent last (or refused it, e.g. a second answer). */
  feedbackCounted(counted = true): void {
    const pending = this.#pendingFeedback;
    this.#pendingFeedback = null;
    if (counted) pending?.resolve();
    else pending?.reject(new SessionFailure("generic", "feedback refused"));
  }

  /**
   * The bot holds her place while her conversation is being made (a busy night): her status, and
   * she may not write yet; start() still runs.
   */
  placeHeld(place: Extract<YouthStatus, { state: "waiting" }>): void {
    this.#update({ status: place });
  }

  /** Her conversation exists, its room not joined yet: she may write, start() still runs. */
  conversationExists(): void {
    this.#update({ canSend: true });
  }

  /** The room is joined and protected: the youth may type. */
  becomesReady(): void {
    this.#update({ canSend: true });
    this.#pendingStart?.resolve();
    this.#pendingStart = null;
  }

  failsToStart(kind: SessionFailureKind, nextOpensAt: HelplineInstant | null = null): void {
    this.#pendingStart?.reject(new SessionFailure(kind, `fake: ${kind}`, { nextOpensAt }));
    this.#pendingStart = null;
  }

  breaksWith(kind: SessionFailureKind): void {
    this.#update({ failure: kind, canSend: false });
  }

  /** The permanence publishes a new status; held messages leave once a counsellor is present. */
  statusBecomes(status: YouthStatus): void {
    this.#update({ status });
    if (this.#mustHold()) return;
    const held = this.#state.messages.filter((m) => m.delivery === "held");
    for (const m of held) {
      this.released.push(m.text ?? "");
      this.#pendingSends.set(m.id, { resolve: () => undefined, reject: () => undefined });
    }
    this.#update({
      messages: this.#state.messages.map((m) =>
        m.delivery === "held" ? { ...m, delivery: "sending" } : m,
      ),
    });
  }

  counsellorJoins(name: string): void {
    this.#update({ counsellorName: name });
  }

  counsellorWrites(text: string | null): void {
    const message: ChatMessage = {
      id: `remote-${this.#nextId++}`,
      from: "counsellor",
      senderName: this.#state.counsellorName,
      text,
      timestamp: this.#nextId,
      delivery: "sent",
    };
    this.#update({ messages: [...this.#state.messages, message] });
  }

  counsellorTypes(typing: boolean): void {
    this.#update({ counsellorTyping: typing });
  }

  /** The counsellor's read receipt reaches this message: it and every earlier sent one are read. */
  counsellorReadsUpTo(messageId: string): void {
    const index = this.#state.messages.findIndex((m) => m.id === messageId);
    this.#update({
      messages: this.#state.messages.map((m, i) =>
        i <= index && m.from === "me" && m.delivery === "sent" ? { ...m, delivery: "read" } : m,
      ),
    });
  }

  /** The sync loop loses the server. */
  connectionLost(): void {
    this.#update({ connection: "reconnecting" });
  }

  /** The sync loop is back; like the Matrix session, failed messages go again by themselves. */
  connectionBack(): void {
    this.#update({ connection: "online", counsellorTyping: false });
    for (const m of this.#state.messages.filter((m) => m.delivery === "failed")) {
      void this.resend(m.id).catch(() => undefined);
    }
  }

  /** A message that could not be read yet (text null) is finally decrypted. */
  decrypts(messageId: string, text: string): void {
    this.#update({
      messages: this.#state.messages.map((m) => (m.id === messageId ? { ...m, text } : m)),
    });
  }

  lastMessageId(): string {
    const last = this.#state.messages.at(-1);
    if (last === undefined) throw new Error("no message yet");
    return last.id;
  }

  deliver(messageId: string): void {
    this.#setDelivery(messageId, "sent");
    this.#pendingSends.get(messageId)?.resolve();
    this.#pendingSends.delete(messageId);
  }

  failDelivery(messageId: string, kind: SessionFailureKind = "generic"): void {
    this.#setDelivery(messageId, "failed");
    this.#pendingSends.get(messageId)?.reject(new SessionFailure(kind, "fake send failure"));
    this.#pendingSends.delete(messageId);
  }

  #mustHold(): boolean {
    const status = this.#state.status;
    return status !== null && status.state !== "counsellor_present";
  }

  #setDelivery(messageId: string, delivery: ChatMessage["delivery"]): void {
    this.#update({
      messages: this.#state.messages.map((m) => (m.id === messageId ? { ...m, delivery } : m)),
    });
  }

  #update(patch: Partial<SessionState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of [...this.#listeners]) listener(this.#state);
  }
}
