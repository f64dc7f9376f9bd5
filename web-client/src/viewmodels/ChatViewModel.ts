import type { Feedback, WritingAbout } from "@helpline/contract";
import {
  HelplineApiError,
  type Ended,
  type Helpline,
  type HelplineApi,
  type HelplineStatus,
} from "../helpline/api.ts";
import { checkPseudonym, type PseudonymProblem } from "./pseudonym.ts";
import type { KeptSession } from "../session/kept.ts";
import { isOver } from "../session/status.ts";
import {
  SessionFailure,
  type ChatMessage,
  type ChatSession,
  type ConnectionState,
  type EndReason,
  type HelplineInstant,
  type LeavingHow,
  type SessionFailureKind,
  type SessionState,
  type StartOptions,
  type UrgentDelivery,
  type YouthStatus,
} from "../session/types.ts";
import { SnapshotStore } from "../shared/viewmodels/ViewModel.ts";
import type { SafetyFormViewModel } from "./SafetyFormViewModel.ts";

/** `unknownHelpline`: the page's address (`/<id>/`) names no helpline of this deployment. */
export type ErrorReason = Exclude<SessionFailureKind, "unsafe" | "closed"> | "unknownHelpline";

/** Public facts about the helpline (hours, resources, open or not); null until known. */
export interface HelplineInfo {
  readonly helpline: Helpline | null;
  readonly status: HelplineStatus | null;
}

/**
 * The end screen's optional feedback: two closed answers, sent once. "failed" is said calmly and
 * is final, like "sent": an answer is never worth insisting on.
 */
export interface FeedbackForm {
  /** The answers chosen so far: none, one or both. */
  readonly answers: Feedback;
  readonly step: "open" | "sending" | "sent" | "failed";
}

export type ChatSnapshot =
  | {
      readonly screen: "welcome";
      readonly info: HelplineInfo;
      /**
       * The answer to the optional "about myself / someone close" (services that ask it), null
       * while none is chosen. In memory only, sent with the conversation request.
       */
      readonly writingAbout: WritingAbout | null;
      /** Why the pseudonym typed cannot be used; absent when there is nothing to say. */
      readonly pseudonymProblem?: PseudonymProblem;
    }
  | {
      readonly screen: "closed";
      readonly info: HelplineInfo;
      /** Open, but no longer admitting new conversations before closing. */
      readonly closingSoon: boolean;
      readonly nextOpensAt: HelplineInstant | null;
    }
  | {
      /** The service has ended: it admits no one and points to its successors. */
      readonly screen: "serviceEnded";
      readonly info: HelplineInfo;
      readonly ended: Ended;
    }
  | {
      readonly screen: "starting";
      /**
       * Her chat has taken longer than STARTING_SLOW_AFTER_MS (a busy night: her room waits on a
       * busy server, her page asks again by itself): she is told so, and to keep the page open,
       * rather than being left to wonder whether anything happens. Absent: not yet.
       */
      readonly slow?: true;
    }
  | {
      readonly screen: "chatting";
      readonly messages: readonly ChatMessage[];
      readonly counsellorName: string | null;
      readonly canSend: boolean;
      readonly draft: string;
      /** null when the bot publishes no status: plain chat. */
      readonly status: YouthStatus | null;
      /** "Terminer la conversation" was pressed: asking for confirmation. */
      readonly confirmingEnd: boolean;
      /** Leaving the room is under way. */
      readonly ending: boolean;
      readonly endFailed: boolean;
      /** "L’intervenante écrit…" */
      readonly counsellorTyping: boolean;
      /** "reconnecting": the calm banner; the session reconnects and resends by itself. */
      readonly connection: ConnectionState;
      /**
       * Ids of the counsellor's messages that have stayed unreadable (text null) for a long
       * time: explained in words instead of "arriving". They leave this list if they decrypt.
       */
      readonly unreadable: readonly string[];
      /** For its texts to read while queued (shown only then); null until known. */
      readonly helpline: Helpline | null;
      /**
       * "I am in danger now" was pressed: the helpline's emergency numbers (in `helpline`) are
       * shown at once, with how the request to go ahead went. Absent until pressed.
       */
      readonly urgent?: UrgentDelivery | undefined;
    }
  | {
      readonly screen: "ended";
      readonly reason: EndReason;
      readonly info: HelplineInfo;
      readonly nextOpensAt: HelplineInstant | null;
      /** null when it cannot be sent (no key from the bot): the questions are not shown. */
      readonly feedback: FeedbackForm | null;
    }
  | { readonly screen: "unsafe" }
  | {
      readonly screen: "error";
      readonly reason: ErrorReason;
      /** So a youth turned away (e.g. barred) still sees where else to find help. */
      readonly info: HelplineInfo;
    };

type Chatting = Extract<ChatSnapshot, { screen: "chatting" }>;

export interface ChatViewModelDeps {
  /**
   * Loads (lazily) and builds a fresh session, or the one kept on this device when `resume` is
   * given. Each call must return a new session.
   */
  readonly createSession: (resume?: KeptSession) => Promise<ChatSession>;
  /** Performance mark for the benchmark; a no-op in tests. */
  readonly mark: (name: string) => void;
  /** The bot's public endpoints; without it, no hours, resources or closed screen. */
  readonly helpline?: HelplineApi;
  /**
   * Called by "Tout effacer maintenant" after the session is stopped and forgotten. The hook for
   * the fuller wipe / quick exit to come (history, storage, caches).
   */
  readonly onErase?: () => void;
  /** Runs `callback` after `ms`; returns a cancel function. Injected so tests control time. */
  readonly schedule?: (callback: () => void, ms: number) => () => void;
  /** Milliseconds, for throttling typing notifications. */
  readonly now?: () => number;
}

/** Getting her chat ready for longer than this is explained (the "starting" screen's `slow`). */
export const STARTING_SLOW_AFTER_MS = 6_000;
/** A message still unreadable after this long is explained rather than "arriving". */
export const UNREADABLE_AFTER_MS = 30_000;
/** The youth's "typing" is renewed at most this often while they type (the server keeps 30 s). */
export const TYPING_RENEW_MS = 20_000;
/** Without a keystroke for this long, the youth no longer counts as typing. */
export const TYPING_IDLE_MS = 8_000;

const defaultSchedule = (callback: () => void, ms: number): (() => void) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

const NO_INFO: HelplineInfo = { helpline: null, status: null };

/**
 * The whole youth journey: welcome (or closed) → starting → chatting (waiting for a counsellor,
 * then talking) → ended, with unsafe and error as dead ends (error offers a retry with a
 * brand-new anonymous session). No React, no Matrix.
 */
export class ChatViewModel extends SnapshotStore<ChatSnapshot> {
  readonly #deps: ChatViewModelDeps;
  #session: ChatSession | null = null;
  #unsubscribe: (() => void) | null = null;
  #draft = "";
  #info: HelplineInfo = NO_INFO;
  /** Bumped on every (re)start so that late answers of an abandoned session are ignored. */
  #generation = 0;
  /** When "typing" was last sent (null: the counsellor is told the youth is not typing). */
  #typingSentAt: number | null = null;
  #cancelTypingIdle: (() => void) | null = null;
  /** Timers of the counsellor's messages not readable yet, by message id. */
  readonly #unreadableTimers = new Map<string, () => void>();
  #unreadable: readonly string[] = [];

  /** The counsellor's safety form, with the youth's consent first (issue 18); the session's. */
  get safetyForm(): SafetyFormViewModel | undefined {
    return this.#session?.safetyFormView;
  }

  constructor(deps: ChatViewModelDeps) {
    super({ screen: "welcome", info: NO_INFO, writingAbout: null });
    this.#deps = deps;
  }

  /** Fetches the hours, resources and opening status; call once the page is shown. */
  load = (): void => {
    const api = this.#deps.helpline;
    if (api === undefined) return;
    api.helpline().then(
      (helpline) => this.#setInfo({ ...this.#info, helpline }),
      (error: unknown) => {
        // A mistyped address: no start button that could only fail. Anything else (the bot slow
        // or down), the welcome screen simply shows no hours.
        if (error instanceof HelplineApiError && error.status === 404) {
          this.set({ screen: "error", reason: "unknownHelpline", info: this.#info });
        }
      },
    );
    this.#refreshStatus();
  };

  /**
   * Asks again whether the tchat admits new conversations, so that the welcome screen turns into
   * the closed one when admission ends, and back when it reopens. Only on those two screens.
   */
  refreshStatus = (): void => {
    const screen = this.getSnapshot().screen;
    if (screen === "welcome" || screen === "closed") this.#refreshStatus();
  };

  /** The pseudonym the youth chose for this conversation, checked; null for none. */
  #displayName: string | null = null;
  /** "About myself / someone close", where the service asks it; null: not answered. */
  #writingAbout: WritingAbout | null = null;

  /**
   * The youth pressed one of the "about myself / someone close" buttons: pressing the chosen one
   * again takes the answer back (it is never required).
   */
  chooseWritingAbout = (answer: WritingAbout): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen !== "welcome" || this.#info.helpline?.asksWhoIsWriting !== true) return;
    this.#writingAbout = this.#writingAbout === answer ? null : answer;
    this.set({ ...snapshot, writingAbout: this.#writingAbout });
  };

  /**
   * The youth pressed "Commencer le tchat", with the pseudonym typed on the welcome screen (none
   * from a retry). A pseudonym that could identify the youth stops here, with the reason.
   */
  start = (pseudonymInput?: unknown): void => {
    const current = this.getSnapshot().screen;
    if ((current !== "welcome" && current !== "error") || this.#noHelplineHere()) return;
    if (typeof pseudonymInput === "string") {
      const check = checkPseudonym(pseudonymInput);
      if (!check.ok) {
        this.set({
          screen: "welcome",
          info: this.#info,
          writingAbout: this.#writingAbout,
          pseudonymProblem: check.problem,
        });
        return;
      }
      this.#displayName = check.pseudonym;
    }
    this.#deps.mark("helpline:start-pressed");
    void this.#run();
  };

  /** The youth unlocked the conversation kept on this device: open it again. */
  resume = (kept: KeptSession): void => {
    const current = this.getSnapshot().screen;
    if (current !== "welcome" && current !== "closed" && current !== "error") return;
    if (this.#noHelplineHere()) return;
    void this.#run(kept);
  };

  /** "Continuer plus tard": what the vault must seal; null while there is nothing to keep. */
  keepOnDevice = (): KeptSession | null => this.#session?.keepOnDevice?.() ?? null;

  /** Sealing failed or was undone: the crypto store goes again when the session stops. */
  forgetOnDevice = (): void => this.#session?.forgetOnDevice?.();

  /** "Réessayer" on the error screen: starts over with a new session. */
  retry = (): void => {
    if (this.getSnapshot().screen !== "error" || this.#noHelplineHere()) return;
    void this.#run();
  };

  setDraft = (text: string): void => {
    this.#draft = text;
    this.#patchChatting({ draft: text });
    if (text.trim() === "") this.#stopTyping();
    else this.#typing();
  };

  /** The composer lost focus: the youth is no longer typing. */
  composerBlurred = (): void => {
    this.#stopTyping();
  };

  /**
   * Sends the draft (the session holds it until a counsellor is present). Does nothing while
   * sending is not safe or the draft is blank.
   */
  send = (): void => {
    const snapshot = this.getSnapshot();
    const session = this.#session;
    if (snapshot.screen !== "chatting" || !snapshot.canSend || session === null) return;
    if (snapshot.ending) return;
    const text = this.#draft.trim();
    if (text === "") return;
    this.setDraft(""); // also tells the counsellor the youth stopped typing
    session.send(text).catch((error: unknown) => this.#onSendError(error));
  };

  resend = (messageId: string): void => {
    const session = this.#session;
    if (this.getSnapshot().screen !== "chatting" || session === null) return;
    session.resend(messageId).catch((error: unknown) => this.#onSendError(error));
  };

  /** "Terminer la conversation": asks for confirmation first. */
  askEnd = (): void => {
    this.#patchChatting({ confirmingEnd: true, endFailed: false });
  };

  cancelEnd = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "chatting" && !snapshot.ending) {
      this.set({ ...snapshot, confirmingEnd: false });
    }
  };

  /** Confirmed: leaves the conversation (the bot sees it and closes it). */
  confirmEnd = (): void => {
    const snapshot = this.getSnapshot();
    const session = this.#session;
    if (snapshot.screen !== "chatting" || !snapshot.confirmingEnd || snapshot.ending) return;
    if (session === null) return;
    const generation = this.#generation;
    this.set({ ...snapshot, ending: true });
    session.end().then(
      () => {
        if (generation === this.#generation) this.#showEnded("youth_left");
      },
      () => {
        if (generation !== this.#generation) return;
        this.#patchChatting({ ending: false, confirmingEnd: false, endFailed: true });
      },
    );
  };

  /** "I am in danger now" (or "try again" after it failed): the session does it and says how. */
  declareUrgent = (): void => this.#session?.declareUrgent();

  /** Picks an answer of the feedback (or changes it) until it is sent. */
  answerFeedback = (answer: Partial<Feedback>): void => {
    const form = this.#feedback();
    if (form?.step === "open") this.#patchFeedback({ answers: { ...form.answers, ...answer } });
  };

  /**
   * Sends the answers given, once; nothing when none is given. Never waited for by anything
   * else: "Tout effacer" works while it is under way, and its late answer is then ignored.
   */
  sendFeedback = (): void => {
    const form = this.#feedback();
    const session = this.#session;
    if (form?.step !== "open" || session?.sendFeedback === undefined) return;
    if (Object.keys(form.answers).length === 0) return;
    const generation = this.#generation;
    const done = (step: FeedbackForm["step"]) => () => {
      if (generation === this.#generation) this.#patchFeedback({ step });
    };
    this.#patchFeedback({ step: "sending" });
    session.sendFeedback(form.answers).then(done("sent"), done("failed"));
  };

  /**
   * "Tout effacer maintenant": stops the session, forgets the conversation held in memory and
   * goes back to the welcome screen.
   */
  erase = (): void => {
    this.#generation += 1;
    this.#dropSession();
    this.#draft = "";
    this.#writingAbout = null;
    this.#deps.onErase?.();
    this.set(this.#homeScreen());
    this.#refreshStatus();
  };

  /**
   * Stops the session; call when the page goes away, saying how (quick exit, tab closed) so the
   * counsellor is told at once. The session only starts a request; nothing is waited for.
   */
  dispose = (leaving?: LeavingHow): void => {
    if (leaving) this.#session?.leavingNow?.(leaving);
    this.#generation += 1;
    this.#dropSession();
  };

  async #run(resume?: KeptSession): Promise<void> {
    this.#generation += 1;
    const generation = this.#generation;
    this.#dropSession();
    this.#draft = "";
    this.set({ screen: "starting" });
    // Not cancelled: a later start (a new generation) or another screen makes it do nothing.
    this.#schedule(() => {
      if (generation === this.#generation && this.getSnapshot().screen === "starting") {
        this.set({ screen: "starting", slow: true });
      }
    }, STARTING_SLOW_AFTER_MS);
    try {
      const session = await this.#deps.createSession(resume);
      if (generation !== this.#generation) {
        session.stop();
        return;
      }
      this.#session = session;
      this.#unsubscribe = session.subscribe((state) => {
        if (generation === this.#generation) this.#onSessionState(state);
      });
      await session.start(resume === undefined ? this.#startOptions() : undefined);
      if (generation !== this.#generation) return;
      this.#onSessionState(session.getState(), true);
    } catch (error: unknown) {
      if (generation !== this.#generation) return;
      if (error instanceof SessionFailure && error.kind === "closed") {
        this.#showClosed(error.nextOpensAt);
      } else {
        this.#fail(failureKind(error));
      }
    }
  }

  #onSessionState(state: SessionState, started = false): void {
    const screen = this.getSnapshot().screen;
    if (screen === "ended") return;
    if (state.failure !== null) {
      this.#fail(state.failure);
      return;
    }
    // The chat appears as soon as she may write (her conversation exists, its room still being
    // joined: what she writes meanwhile stays on the page, issue 19), or earlier with her place
    // in the queue, the only status before it (a busy night: the bot holds her place while her
    // room is made); its composer waits for her conversation (canSend).
    if (screen !== "chatting" && !started && !state.canSend && !state.status) return;
    const status = state.status;
    if (status !== null && isOver(status)) {
      this.#showEnded(status.state === "ended" ? status.reason : "counsellor_left");
      return;
    }
    this.#trackUnreadable(state);
    const previous = this.getSnapshot();
    const kept =
      previous.screen === "chatting"
        ? {
            confirmingEnd: previous.confirmingEnd,
            ending: previous.ending,
            endFailed: previous.endFailed,
          }
        : { confirmingEnd: false, ending: false, endFailed: false };
    // The session's state as it is (messages, counsellor, connection, urgent request…), less its
    // failure, handled above: spread rather than listed, which the landing page's weight needs.
    const { failure: _handled, ...session } = state;
    this.set({
      screen: "chatting",
      ...session,
      draft: this.#draft,
      unreadable: this.#unreadable,
      helpline: this.#info.helpline,
      ...kept,
    });
  }

  // --- Typing and unreadable messages ---

  #typing(): void {
    const session = this.#session;
    if (session === null || this.getSnapshot().screen !== "chatting") return;
    const now = this.#now();
    if (this.#typingSentAt === null || now - this.#typingSentAt >= TYPING_RENEW_MS) {
      this.#typingSentAt = now;
      session.setTyping(true);
    }
    this.#cancelTypingIdle?.();
    this.#cancelTypingIdle = this.#schedule(() => this.#stopTyping(), TYPING_IDLE_MS);
  }

  #stopTyping(): void {
    this.#cancelTypingIdle?.();
    this.#cancelTypingIdle = null;
    if (this.#typingSentAt === null) return;
    this.#typingSentAt = null;
    this.#session?.setTyping(false);
  }

  /** Starts a timer per message that is not readable yet; forgets those that became readable. */
  #trackUnreadable(state: SessionState): void {
    const waiting = new Set(
      state.messages.filter((m) => m.from === "counsellor" && m.text === null).map((m) => m.id),
    );
    for (const [id, cancel] of this.#unreadableTimers) {
      if (waiting.has(id)) continue;
      cancel();
      this.#unreadableTimers.delete(id);
    }
    const stillUnreadable = this.#unreadable.filter((id) => waiting.has(id));
    if (stillUnreadable.length !== this.#unreadable.length) this.#unreadable = stillUnreadable;
    const generation = this.#generation;
    for (const id of waiting) {
      if (this.#unreadableTimers.has(id) || this.#unreadable.includes(id)) continue;
      const cancel = this.#schedule(() => {
        this.#unreadableTimers.delete(id);
        if (generation !== this.#generation) return;
        this.#unreadable = [...this.#unreadable, id];
        this.#patchChatting({ unreadable: this.#unreadable });
      }, UNREADABLE_AFTER_MS);
      this.#unreadableTimers.set(id, cancel);
    }
  }

  #clearTimers(): void {
    this.#cancelTypingIdle?.();
    this.#cancelTypingIdle = null;
    this.#typingSentAt = null;
    for (const cancel of this.#unreadableTimers.values()) cancel();
    this.#unreadableTimers.clear();
    this.#unreadable = [];
  }

  #schedule(callback: () => void, ms: number): () => void {
    return (this.#deps.schedule ?? defaultSchedule)(callback, ms);
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }

  #onSendError(error: unknown): void {
    // A failed message stays in the list with "Renvoyer"; only an unsafe room ends the chat.
    if (failureKind(error) === "unsafe") this.#fail("unsafe");
  }

  #showEnded(reason: EndReason): void {
    this.#draft = "";
    // The session stays (stopped by "Tout effacer" or when the page goes away); no more updates.
    this.#clearTimers();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.set({
      screen: "ended",
      reason,
      info: this.#info,
      nextOpensAt: this.#info.status?.nextOpensAt ?? null,
      feedback: this.#session?.canSendFeedback?.() === true ? { answers: {}, step: "open" } : null,
    });
    // When the tchat closed, say when it reopens: the status knows.
    this.#refreshStatus();
  }

  #showClosed(nextOpensAt: HelplineInstant | null): void {
    this.#generation += 1;
    this.#dropSession();
    this.set({
      screen: "closed",
      info: this.#info,
      closingSoon: this.#info.status?.open === true,
      nextOpensAt: nextOpensAt ?? this.#info.status?.nextOpensAt ?? null,
    });
    this.#refreshStatus();
  }

  #fail(kind: SessionFailureKind): void {
    if (kind === "closed") {
      this.#showClosed(null);
      return;
    }
    this.#generation += 1;
    this.#dropSession();
    this.set(
      kind === "unsafe"
        ? { screen: "unsafe" }
        : { screen: "error", reason: kind, info: this.#info },
    );
  }

  /** The address names no helpline: nothing can start from this page. */
  #noHelplineHere(): boolean {
    const snapshot = this.getSnapshot();
    return snapshot.screen === "error" && snapshot.reason === "unknownHelpline";
  }

  #dropSession(): void {
    this.#clearTimers();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#session?.stop();
    this.#session = null;
  }

  // --- Helpline information ---

  #refreshStatus(): void {
    this.#deps.helpline?.status().then(
      (status) => this.#setInfo({ ...this.#info, status }),
      () => undefined, // unknown: the start button stays; the bot still refuses when closed
    );
  }

  /** What the session starts with: the pseudonym, and the optional answer where it is asked. */
  #startOptions(): StartOptions {
    const asks = this.#info.helpline?.asksWhoIsWriting === true;
    return {
      displayName: this.#displayName,
      ...(asks && this.#writingAbout !== null ? { writingAbout: this.#writingAbout } : {}),
    };
  }

  /**
   * Welcome, or closed when the helpline does not admit anyone right now, or the ended service's
   * page whatever its status says.
   */
  #homeScreen(): ChatSnapshot {
    const ended = this.#info.helpline?.ended;
    if (ended !== undefined) return { screen: "serviceEnded", info: this.#info, ended };
    const status = this.#info.status;
    if (status !== null && !status.admitting) {
      return {
        screen: "closed",
        info: this.#info,
        closingSoon: status.open,
        nextOpensAt: status.nextOpensAt,
      };
    }
    return { screen: "welcome", info: this.#info, writingAbout: this.#writingAbout };
  }

  #setInfo(info: HelplineInfo): void {
    this.#info = info;
    const snapshot = this.getSnapshot();
    switch (snapshot.screen) {
      case "welcome":
      case "serviceEnded":
        this.set(this.#homeScreen());
        return;
      case "closed":
        if (info.helpline?.ended !== undefined) {
          this.set(this.#homeScreen());
          return;
        }
        if (info.status?.admitting === true && snapshot.info.status !== null) {
          // A fresh answer after an older one: the tchat has reopened.
          this.set(this.#homeScreen());
          return;
        }
        this.set({
          ...snapshot,
          info,
          closingSoon: info.status?.open ?? snapshot.closingSoon,
          nextOpensAt: info.status?.nextOpensAt ?? snapshot.nextOpensAt,
        });
        return;
      case "chatting":
        this.set({ ...snapshot, helpline: info.helpline });
        return;
      case "ended":
        this.set({
          ...snapshot,
          info,
          nextOpensAt: info.status?.nextOpensAt ?? snapshot.nextOpensAt,
        });
        return;
      default:
        return;
    }
  }

  /** The end screen's feedback, when it is shown. */
  #feedback(): FeedbackForm | null {
    const snapshot = this.getSnapshot();
    return snapshot.screen === "ended" ? snapshot.feedback : null;
  }

  #patchFeedback(patch: Partial<FeedbackForm>): void {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "ended" && snapshot.feedback !== null) {
      this.set({ ...snapshot, feedback: { ...snapshot.feedback, ...patch } });
    }
  }

  #patchChatting(patch: Partial<Chatting>): void {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "chatting") this.set({ ...snapshot, ...patch });
  }
}

function failureKind(error: unknown): SessionFailureKind {
  return error instanceof SessionFailure ? error.kind : "generic";
}
