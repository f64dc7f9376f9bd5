import {
  SessionFailure,
  type ChatMessage,
  type ChatSession,
  type SessionFailureKind,
  type SessionState,
} from "../session/types.ts";
import { SnapshotStore } from "./ViewModel.ts";

export type ErrorReason = Exclude<SessionFailureKind, "unsafe">;

export type ChatSnapshot =
  | { readonly screen: "welcome" }
  | { readonly screen: "starting" }
  | {
      readonly screen: "chatting";
      readonly messages: readonly ChatMessage[];
      readonly counsellorName: string | null;
      readonly canSend: boolean;
      readonly draft: string;
    }
  | { readonly screen: "unsafe" }
  | { readonly screen: "error"; readonly reason: ErrorReason };

export interface ChatViewModelDeps {
  /** Loads (lazily) and builds a fresh session. Each call must return a new session. */
  readonly createSession: () => Promise<ChatSession>;
  /** Performance mark for the benchmark; a no-op in tests. */
  readonly mark: (name: string) => void;
}

const WELCOME: ChatSnapshot = { screen: "welcome" };

/**
 * The whole youth journey: welcome → starting → chatting, with unsafe and error as dead ends
 * (error offers a retry with a brand-new anonymous session). No React, no Matrix.
 */
export class ChatViewModel extends SnapshotStore<ChatSnapshot> {
  readonly #deps: ChatViewModelDeps;
  #session: ChatSession | null = null;
  #unsubscribe: (() => void) | null = null;
  #draft = "";
  /** Bumped on every (re)start so that late answers of an abandoned session are ignored. */
  #generation = 0;

  constructor(deps: ChatViewModelDeps) {
    super(WELCOME);
    this.#deps = deps;
  }

  /** The youth pressed "Commencer le tchat". */
  start = (): void => {
    const current = this.getSnapshot().screen;
    if (current !== "welcome" && current !== "error") return;
    this.#deps.mark("helpline:start-pressed");
    void this.#run();
  };

  /** "Réessayer" on the error screen: starts over with a new session. */
  retry = (): void => {
    if (this.getSnapshot().screen !== "error") return;
    void this.#run();
  };

  setDraft = (text: string): void => {
    this.#draft = text;
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "chatting") this.set({ ...snapshot, draft: text });
  };

  /** Sends the draft. Does nothing while sending is not safe or the draft is blank. */
  send = (): void => {
    const snapshot = this.getSnapshot();
    const session = this.#session;
    if (snapshot.screen !== "chatting" || !snapshot.canSend || session === null) return;
    const text = this.#draft.trim();
    if (text === "") return;
    this.setDraft("");
    session.send(text).catch((error: unknown) => this.#onSendError(error));
  };

  resend = (messageId: string): void => {
    const session = this.#session;
    if (this.getSnapshot().screen !== "chatting" || session === null) return;
    session.resend(messageId).catch((error: unknown) => this.#onSendError(error));
  };

  /** Stops the session; call when the page goes away. */
  dispose = (): void => {
    this.#generation += 1;
    this.#dropSession();
  };

  async #run(): Promise<void> {
    this.#generation += 1;
    const generation = this.#generation;
    this.#dropSession();
    this.#draft = "";
    this.set({ screen: "starting" });
    try {
      const session = await this.#deps.createSession();
      if (generation !== this.#generation) {
        session.stop();
        return;
      }
      this.#session = session;
      this.#unsubscribe = session.subscribe((state) => {
        if (generation === this.#generation) this.#onSessionState(state);
      });
      await session.start();
      if (generation !== this.#generation) return;
      this.#onSessionState(session.getState(), true);
    } catch (error: unknown) {
      if (generation !== this.#generation) return;
      this.#fail(failureKind(error));
    }
  }

  #onSessionState(state: SessionState, started = false): void {
    if (state.failure !== null) {
      this.#fail(state.failure);
      return;
    }
    // Progress updates before start() resolves are not shown: the chat appears all at once.
    if (this.getSnapshot().screen !== "chatting" && !started) return;
    this.set({
      screen: "chatting",
      messages: state.messages,
      counsellorName: state.counsellorName,
      canSend: state.canSend,
      draft: this.#draft,
    });
  }

  #onSendError(error: unknown): void {
    // A failed message stays in the list with "Renvoyer"; only an unsafe room ends the chat.
    if (failureKind(error) === "unsafe") this.#fail("unsafe");
  }

  #fail(kind: SessionFailureKind): void {
    this.#generation += 1;
    this.#dropSession();
    this.set(kind === "unsafe" ? { screen: "unsafe" } : { screen: "error", reason: kind });
  }

  #dropSession(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#session?.stop();
    this.#session = null;
  }
}

function failureKind(error: unknown): SessionFailureKind {
  return error instanceof SessionFailure ? error.kind : "generic";
}
