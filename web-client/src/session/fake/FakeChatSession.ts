import {
  SessionFailure,
  type ChatMessage,
  type ChatSession,
  type SessionFailureKind,
  type SessionListener,
  type SessionState,
} from "../types.ts";

interface Deferred {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * An in-memory ChatSession driven by the test: the test decides when start() and each send()
 * settle, and plays the counsellor's side.
 */
export class FakeChatSession implements ChatSession {
  readonly sent: string[] = [];
  stopped = false;
  #state: SessionState = { messages: [], canSend: false, counsellorName: null, failure: null };
  readonly #listeners = new Set<SessionListener>();
  #pendingStart: Deferred | null = null;
  readonly #pendingSends = new Map<string, Deferred>();
  #nextId = 0;

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pendingStart = { resolve, reject };
    });
  }

  send(text: string): Promise<void> {
    this.sent.push(text);
    const id = `local-${this.#nextId++}`;
    const message: ChatMessage = {
      id,
      from: "me",
      senderName: null,
      text,
      timestamp: this.#nextId,
      delivery: "sending",
    };
    this.#update({ messages: [...this.#state.messages, message] });
    return new Promise((resolve, reject) => this.#pendingSends.set(id, { resolve, reject }));
  }

  resend(messageId: string): Promise<void> {
    this.#setDelivery(messageId, "sending");
    return new Promise((resolve, reject) => this.#pendingSends.set(messageId, { resolve, reject }));
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
  }

  // --- Test controls, in the domain's words ---

  /** The room is joined and protected: the youth may type. */
  becomesReady(): void {
    this.#update({ canSend: true });
    this.#pendingStart?.resolve();
    this.#pendingStart = null;
  }

  failsToStart(kind: SessionFailureKind): void {
    this.#pendingStart?.reject(new SessionFailure(kind, `fake: ${kind}`));
    this.#pendingStart = null;
  }

  breaksWith(kind: SessionFailureKind): void {
    this.#update({ failure: kind, canSend: false });
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
