import { SnapshotStore } from "../../viewmodels/ViewModel.ts";
import {
  ApiError,
  LoginError,
  RecoveryKeyError,
  type Availability,
  type ConsoleLang,
  type ConsoleMatrix,
  type ConsoleMessage,
  type CounsellorApi,
  type CounsellorLoad,
  type Desk,
  type DeskConversation,
  type LocalizedText,
  type Login,
  type LoginFailure,
  type Overview,
  type PendingLogin,
  type QueueEntry,
} from "../types.ts";

export interface InboxItem {
  readonly reference: number;
  readonly roomId: string;
  readonly name: string;
  readonly state: DeskConversation["state"];
  /** Since the youth arrived, in whole minutes. */
  readonly waitingMinutes: number | null;
  /** For offers: seconds left before the offer goes to someone else. */
  readonly offerSecondsLeft: number | null;
  readonly unread: number;
  readonly handoverTo: string | null;
  readonly handoverFrom: string | null;
  readonly requeued: boolean;
  readonly selected: boolean;
  /** Accepting or declining is under way. */
  readonly answering: boolean;
}

export interface QueueItem {
  readonly reference: number;
  readonly position: number;
  readonly waitingMinutes: number | null;
  readonly state: QueueEntry["state"];
  readonly offeredTo: string | null;
}

export type Confirming = "end" | "bar" | "requeue";

export interface ChatPanel {
  readonly reference: number;
  readonly roomId: string;
  readonly name: string;
  readonly messages: readonly ConsoleMessage[];
  readonly draft: string;
  readonly youthTyping: boolean;
  readonly canSend: boolean;
  readonly confirming: Confirming | null;
  readonly choosingColleague: boolean;
  /** Colleagues on duty or paused with a free slot. */
  readonly colleagues: readonly CounsellorLoad[];
  readonly handoverTo: string | null;
  readonly requeued: boolean;
  /**
   * It was hers before this session began: its earlier keys came from the key backup, which a
   * handover's key bundle leaves out (matrix-rust-sdk issue 5110), so a colleague would not read
   * the messages written before this login. Said before she hands it over.
   */
  readonly historyMayNotFollow: boolean;
  readonly busy: boolean;
  readonly failed: boolean;
}

export interface CannedChoice {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

export interface SupervisorPanel {
  readonly counsellors: readonly CounsellorLoad[];
  readonly queue: readonly QueueItem[];
  readonly active: number;
  readonly assigning: number | null;
  readonly failed: "unavailable" | "generic" | null;
}

export type DeskNotice =
  | { readonly kind: "handedOver"; readonly to: string }
  | { readonly kind: "ended" }
  | { readonly kind: "barred" }
  | { readonly kind: "requeued" }
  | { readonly kind: "assigned"; readonly to: string };

export interface DeskSnapshot {
  readonly userId: string;
  readonly availability: Availability;
  readonly switching: boolean;
  readonly load: number;
  readonly capacity: number;
  readonly waiting: number;
  readonly offers: readonly InboxItem[];
  readonly conversations: readonly InboxItem[];
  readonly queue: readonly QueueItem[];
  readonly chat: ChatPanel | null;
  readonly cannedReplies: readonly CannedChoice[];
  readonly supervisor: SupervisorPanel | null;
  /** The bot's API could not be reached at the last try (the list may be stale). */
  readonly apiTrouble: boolean;
  readonly notice: DeskNotice | null;
  readonly endingShift: boolean;
}

export type ConsoleSnapshot =
  | {
      readonly screen: "login";
      readonly busy: boolean;
      readonly error: LoginFailure | "notCounsellor" | null;
      /** Shown after "End shift": everything was wiped. */
      readonly shiftEnded: boolean;
    }
  | {
      readonly screen: "newRecoveryKey";
      readonly recoveryKey: string;
      readonly afterReset: boolean;
    }
  | {
      readonly screen: "recoveryKey";
      readonly busy: boolean;
      readonly error: "wrongKey" | "generic" | null;
      readonly confirmingReset: boolean;
    }
  | { readonly screen: "loading" }
  | { readonly screen: "desk"; readonly desk: DeskSnapshot };

export interface Notifier {
  /** A short sound: a youth is offered. */
  chime(): void;
  /** How many offers the counsellor has not looked at yet (0: the plain title). */
  unseenOffers(count: number): void;
}

export interface ConsoleDeps {
  readonly login: Login;
  readonly createApi: (session: ConsoleMatrix) => CounsellorApi;
  readonly notifier: Notifier;
  readonly now: () => number;
  /** Runs `callback` after `ms`; returns a cancel function. */
  readonly schedule: (callback: () => void, ms: number) => () => void;
  readonly pollMs?: number;
}

export const POLL_MS = 2_000;
const TYPING_RENEW_MS = 20_000;

function pick(text: LocalizedText, lang: ConsoleLang, fallback: ConsoleLang | null): string | null {
  return (
    text[lang] ?? (fallback !== null ? text[fallback] : undefined) ?? Object.values(text)[0] ?? null
  );
}

const minutesSince = (from: number | null, now: number): number | null =>
  from === null ? null : Math.max(0, Math.floor((now - from) / 60_000));

/**
 * The counsellor console: login (with the recovery key) → desk (offers, my conversations, the
 * queue as metadata, the availability switch, one open chat, the supervisor panel). No React, no
 * Matrix: those come in through ConsoleMatrix and CounsellorApi.
 */
export class ConsoleViewModel extends SnapshotStore<ConsoleSnapshot> {
  readonly #deps: ConsoleDeps;
  #pending: PendingLogin | null = null;
  #matrix: ConsoleMatrix | null = null;
  #api: CounsellorApi | null = null;
  #desk: Desk | null = null;
  #overview: Overview | null = null;
  #lang: ConsoleLang = "fr";
  #defaultLang: ConsoleLang | null = null;
  #generation = 0;
  #cancelPoll: (() => void) | null = null;
  #unsubscribeMatrix: (() => void) | null = null;
  #selected: number | null = null;
  /** Accepted, so opened as soon as the bot counts it as active (the join takes a sync). */
  #openWhenActive: number | null = null;
  readonly #drafts = new Map<number, string>();
  #confirming: Confirming | null = null;
  #choosingColleague = false;
  /** Conversations this session joined itself (it holds their keys first-hand). */
  #joinedHere = new Set<number>();
  #busy = false;
  #failed = false;
  #switching = false;
  #apiTrouble = false;
  #notice: DeskNotice | null = null;
  #endingShift = false;
  readonly #answering = new Set<number>();
  /** Offers already announced by sound (reference:state), and those the counsellor has seen. */
  readonly #announced = new Set<string>();
  readonly #seen = new Set<string>();
  #unseenShown = 0;
  /** Pending handovers this console already sent the invite for (roomId|to). */
  readonly #invited = new Set<string>();
  #typingSentAt: number | null = null;
  #assigning: number | null = null;
  #assignFailed: SupervisorPanel["failed"] = null;

  constructor(deps: ConsoleDeps) {
    super({ screen: "login", busy: false, error: null, shiftEnded: false });
    this.#deps = deps;
  }

  setLanguage = (lang: ConsoleLang): void => {
    this.#lang = lang;
    this.#render();
  };

  // --- Login ---

  logIn = (userId: string, password: string): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen !== "login" || snapshot.busy) return;
    if (userId.trim() === "" || password === "") {
      this.set({ ...snapshot, error: "badCredentials", shiftEnded: false });
      return;
    }
    const generation = ++this.#generation;
    this.set({ screen: "login", busy: true, error: null, shiftEnded: false });
    this.#deps.login(userId, password).then(
      (pending) => {
        if (generation !== this.#generation) {
          void pending.session.logout().catch(() => undefined);
          return;
        }
        this.#pending = pending;
        if (pending.newRecoveryKey !== null) {
          this.set({
            screen: "newRecoveryKey",
            recoveryKey: pending.newRecoveryKey,
            afterReset: false,
          });
        } else if (pending.needsRecoveryKey) {
          this.set({ screen: "recoveryKey", busy: false, error: null, confirmingReset: false });
        } else {
          void this.#openDesk();
        }
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        const kind = error instanceof LoginError ? error.kind : "generic";
        this.set({ screen: "login", busy: false, error: kind, shiftEnded: false });
      },
    );
  };

  /** "I have written it down": the recovery key is no longer shown, anywhere. */
  confirmRecoveryKeySaved = (): void => {
    if (this.getSnapshot().screen !== "newRecoveryKey") return;
    void this.#openDesk();
  };

  unlock = (recoveryKey: string): void => {
    const snapshot = this.getSnapshot();
    const pending = this.#pending;
    if (snapshot.screen !== "recoveryKey" || snapshot.busy || pending === null) return;
    if (recoveryKey.trim() === "") {
      this.set({ ...snapshot, error: "wrongKey" });
      return;
    }
    this.set({ ...snapshot, busy: true, error: null });
    this.#settle(
      pending.unlock(recoveryKey),
      () => void this.#openDesk(),
      (error) => {
        const kind = error instanceof RecoveryKeyError ? error.kind : "generic";
        this.set({ screen: "recoveryKey", busy: false, error: kind, confirmingReset: false });
      },
    );
  };

  askReset = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "recoveryKey" && !snapshot.busy) {
      this.set({ ...snapshot, confirmingReset: true, error: null });
    }
  };

  cancelReset = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "recoveryKey") this.set({ ...snapshot, confirmingReset: false });
  };

  /** "Lost my recovery key", confirmed: new keys; older messages are unreadable here. */
  confirmReset = (): void => {
    const snapshot = this.getSnapshot();
    const pending = this.#pending;
    if (snapshot.screen !== "recoveryKey" || !snapshot.confirmingReset || pending === null) return;
    this.set({ ...snapshot, busy: true });
    this.#settle(
      pending.reset(),
      (recoveryKey) => this.set({ screen: "newRecoveryKey", recoveryKey, afterReset: true }),
      () => {
        this.set({ screen: "recoveryKey", busy: false, error: "generic", confirmingReset: false });
      },
    );
  };

  /** Back to the login screen from the recovery key screens (logs this device out). */
  cancelLogin = (): void => {
    void this.#wipe(false);
  };

  /**
   * Hands the outcome of `work` on, unless the session changed meanwhile (logged out, or logged in
   * again): an answer meant for an earlier session must not touch this one.
   */
  #settle<T>(work: Promise<T>, done: (value: T) => void, failed: (error: unknown) => void): void {
    const generation = this.#generation;
    work.then(
      (value) => {
        if (generation === this.#generation) done(value);
      },
      (error: unknown) => {
        if (generation === this.#generation) failed(error);
      },
    );
  }

  /** An action on the open conversation: one at a time, and a failure says so. */
  #busyWith(work: Promise<unknown>, done: () => void): void {
    this.#busy = true;
    this.#render();
    this.#settle(
      work,
      () => {
        this.#busy = false;
        done();
        this.refresh();
        this.#render();
      },
      () => {
        this.#busy = false;
        this.#failed = true;
        this.#render();
      },
    );
  }

  async #openDesk(): Promise<void> {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null; // the password it holds is not needed any more
    this.#joinedHere = new Set();
    const generation = this.#generation;
    const matrix = pending.session;
    this.#matrix = matrix;
    this.#api = this.#deps.createApi(matrix);
    this.set({ screen: "loading" });
    const stopChanges = matrix.onChange(() => this.#render());
    // An invite means an offer or a handover: ask the bot now rather than at the next poll.
    const stopInvites = matrix.onInvite(() => this.refresh());
    this.#unsubscribeMatrix = () => {
      stopChanges();
      stopInvites();
    };
    this.#api.defaultLanguage().then(
      (lang) => {
        this.#defaultLang = lang;
        this.#render();
      },
      () => undefined,
    );
    try {
      this.#desk = await this.#api.me();
    } catch (error: unknown) {
      if (generation !== this.#generation) return;
      const notCounsellor = error instanceof ApiError && error.code === "not_a_counsellor";
      await this.#wipe(false);
      this.set({
        screen: "login",
        busy: false,
        error: notCounsellor ? "notCounsellor" : "generic",
        shiftEnded: false,
      });
      return;
    }
    if (generation !== this.#generation) return;
    this.#afterDesk();
    this.#schedulePoll(generation);
  }

  // --- Polling ---

  #schedulePoll(generation: number): void {
    this.#cancelPoll = this.#deps.schedule(() => {
      void this.#poll(generation).finally(() => {
        if (generation === this.#generation) this.#schedulePoll(generation);
      });
    }, this.#deps.pollMs ?? POLL_MS);
  }

  /** Asks the bot again at once (after an action), besides the regular poll. */
  refresh = (): void => {
    void this.#poll(this.#generation);
  };

  async #poll(generation: number): Promise<void> {
    const api = this.#api;
    if (api === null) return;
    try {
      const desk = await api.me();
      if (generation !== this.#generation) return;
      this.#desk = desk;
      this.#apiTrouble = false;
      if (desk.supervisor) {
        const overview = await api.overview().catch(() => null);
        if (generation !== this.#generation) return;
        if (overview !== null) this.#overview = overview;
      } else {
        this.#overview = null;
      }
    } catch {
      if (generation !== this.#generation) return;
      this.#apiTrouble = true;
    }
    this.#afterDesk();
  }

  /** What a new answer of /me sets off: sounds for new offers, pending handover invites. */
  #afterDesk(): void {
    const desk = this.#desk;
    const matrix = this.#matrix;
    if (desk === null || matrix === null) return;
    let fresh = false;
    for (const c of desk.conversations) {
      if (c.state === "active") continue;
      const key = `${c.reference}:${c.state}`;
      if (!this.#announced.has(key)) {
        this.#announced.add(key);
        fresh = true;
      }
    }
    if (fresh) this.#deps.notifier.chime();
    for (const handover of desk.pendingHandovers) {
      const key = `${handover.roomId}|${handover.to}`;
      if (this.#invited.has(key)) continue;
      this.#invited.add(key);
      // The bot found a colleague for a conversation sent back to the queue: the invite must
      // come from this device so that the history goes with it.
      matrix.invite(handover.roomId, handover.to).then(
        () => {
          this.#notice = { kind: "handedOver", to: handover.to };
          this.#render();
        },
        () => this.#invited.delete(key), // tried again at the next poll
      );
    }
    const accepted =
      this.#openWhenActive === null ? null : this.#conversation(this.#openWhenActive);
    if (accepted?.state === "active") {
      this.#openWhenActive = null;
      this.select(accepted.reference);
    }
    if (
      this.#selected !== null &&
      !desk.conversations.some((c) => c.reference === this.#selected)
    ) {
      // Ended, handed over or taken back: it is no longer mine.
      this.#closeChat();
    }
    this.#render();
  }

  // --- Availability ---

  setAvailability = (availability: Availability): void => {
    const api = this.#api;
    if (api === null || this.#switching) return;
    this.#switching = true;
    this.#render();
    this.#settle(
      api.setAvailability(availability),
      (desk) => {
        this.#switching = false;
        this.#desk = desk;
        this.#afterDesk();
      },
      () => {
        this.#switching = false;
        this.#apiTrouble = true;
        this.#render();
      },
    );
  };

  // --- Offers ---

  accept = (reference: number): void => {
    this.#answer(reference, "join", (ok) => {
      if (ok) {
        this.#joinedHere.add(reference);
        this.#openWhenActive = reference;
      } else {
        this.#failed = true;
      }
    });
  };

  decline = (reference: number): void => {
    this.#answer(reference, "leave", () => {});
  };

  /** Joins (accepts) or leaves (declines) an offered room, once at a time per offer. */
  #answer(reference: number, how: "join" | "leave", after: (ok: boolean) => void): void {
    const conversation = this.#conversation(reference);
    const matrix = this.#matrix;
    if (conversation === null || matrix === null || conversation.state === "active") return;
    if (this.#answering.has(reference)) return;
    this.#answering.add(reference);
    this.#seen.add(`${reference}:${conversation.state}`);
    this.#render();
    const answered = (ok: boolean) => {
      this.#answering.delete(reference);
      after(ok);
      this.refresh();
    };
    this.#settle(
      how === "join" ? matrix.join(conversation.roomId) : matrix.leave(conversation.roomId),
      () => answered(true),
      () => answered(false),
    );
  }

  // --- The open conversation ---

  select = (reference: number): void => {
    const conversation = this.#conversation(reference);
    const matrix = this.#matrix;
    if (conversation === null || matrix === null) return;
    this.#seen.add(`${reference}:${conversation.state}`);
    if (conversation.state !== "active") {
      this.#render();
      return;
    }
    if (this.#selected !== reference) this.#closeChat();
    this.#selected = reference;
    void matrix.loadHistory(conversation.roomId).catch(() => undefined);
    this.#render();
  };

  setDraft = (text: string): void => {
    const conversation = this.#openConversation();
    if (conversation === null) return;
    this.#drafts.set(conversation.reference, text);
    const now = this.#deps.now();
    if (text.trim() === "") this.#stopTyping(conversation.roomId);
    else if (this.#typingSentAt === null || now - this.#typingSentAt >= TYPING_RENEW_MS) {
      this.#typingSentAt = now;
      this.#matrix?.setTyping(conversation.roomId, true);
    }
    this.#render();
  };

  insertCanned = (id: string): void => {
    const conversation = this.#openConversation();
    const reply = this.#cannedChoices().find((c) => c.id === id);
    if (conversation === null || reply === undefined) return;
    const draft = this.#drafts.get(conversation.reference) ?? "";
    this.setDraft(draft.trim() === "" ? reply.text : `${draft.trimEnd()}\n${reply.text}`);
  };

  send = (): void => {
    const conversation = this.#openConversation();
    const matrix = this.#matrix;
    if (conversation === null || matrix === null) return;
    const text = (this.#drafts.get(conversation.reference) ?? "").trim();
    if (text === "" || !(matrix.room(conversation.roomId)?.canSend ?? false)) return;
    this.#drafts.set(conversation.reference, "");
    this.#stopTyping(conversation.roomId);
    this.#failed = false;
    this.#render();
    matrix.send(conversation.roomId, text).catch(() => {
      // Not sent: the text comes back in the composer so that nothing typed is lost.
      if ((this.#drafts.get(conversation.reference) ?? "") === "") {
        this.#drafts.set(conversation.reference, text);
      }
      this.#failed = true;
      this.#render();
    });
  };

  composerBlurred = (): void => {
    const conversation = this.#openConversation();
    if (conversation !== null) this.#stopTyping(conversation.roomId);
  };

  askConfirm = (what: Confirming): void => {
    if (this.#openConversation() === null || this.#busy) return;
    this.#confirming = what;
    this.#choosingColleague = false;
    this.#failed = false;
    this.#render();
  };

  cancelConfirm = (): void => {
    if (this.#busy) return;
    this.#confirming = null;
    this.#render();
  };

  /** End, bar or back to the queue, once confirmed. */
  confirm = (): void => {
    const conversation = this.#openConversation();
    const api = this.#api;
    const what = this.#confirming;
    if (conversation === null || api === null || what === null || this.#busy) return;
    const action =
      what === "end"
        ? api.end(conversation.reference)
        : what === "bar"
          ? api.bar(conversation.reference)
          : api.requeue(conversation.reference);
    this.#busyWith(action, () => {
      this.#confirming = null;
      this.#notice =
        what === "end"
          ? { kind: "ended" }
          : what === "bar"
            ? { kind: "barred" }
            : { kind: "requeued" };
    });
  };

  chooseColleague = (): void => {
    if (this.#openConversation() === null || this.#busy) return;
    this.#choosingColleague = true;
    this.#confirming = null;
    this.#failed = false;
    this.#render();
  };

  cancelColleague = (): void => {
    this.#choosingColleague = false;
    this.#render();
  };

  /** Hands the open conversation over to a colleague: the invite comes from this device. */
  handOver = (colleagueId: string): void => {
    const conversation = this.#openConversation();
    const matrix = this.#matrix;
    if (conversation === null || matrix === null || this.#busy) return;
    if (!this.#handoverChoices().some((c) => c.userId === colleagueId)) return;
    this.#busyWith(matrix.invite(conversation.roomId, colleagueId), () => {
      this.#choosingColleague = false;
      this.#notice = { kind: "handedOver", to: colleagueId };
    });
  };

  dismissNotice = (): void => {
    this.#notice = null;
    this.#render();
  };

  // --- Supervisor ---

  assign = (reference: number, counsellorId: string): void => {
    const api = this.#api;
    if (api === null || this.#assigning !== null || counsellorId === "") return;
    this.#assigning = reference;
    this.#assignFailed = null;
    this.#render();
    this.#settle(
      api.assign(reference, counsellorId),
      () => {
        this.#assigning = null;
        this.#notice = { kind: "assigned", to: counsellorId };
        this.refresh();
      },
      (error) => {
        this.#assigning = null;
        this.#assignFailed =
          error instanceof ApiError && error.code === "counsellor_unavailable"
            ? "unavailable"
            : "generic";
        this.#render();
      },
    );
  };

  // --- End of shift ---

  /** Off duty, log this device out, forget everything held in memory. */
  endShift = (): void => {
    if (this.getSnapshot().screen !== "desk" || this.#endingShift) return;
    this.#endingShift = true;
    this.#render();
    const api = this.#api;
    const off =
      api === null ? Promise.resolve() : api.setAvailability("off_duty").then(() => undefined);
    void off.catch(() => undefined).then(() => this.#wipe(true));
  };

  /** The page goes away: sign this device out without waiting, forget everything. */
  dispose = (): void => {
    void this.#wipe(false, true);
  };

  async #wipe(shiftEnded: boolean, leaving = false): Promise<void> {
    this.#generation += 1;
    this.#cancelPoll?.();
    this.#cancelPoll = null;
    this.#unsubscribeMatrix?.();
    this.#unsubscribeMatrix = null;
    const session = this.#matrix ?? this.#pending?.session ?? null;
    this.#matrix = null;
    this.#pending = null;
    this.#api = null;
    this.#desk = null;
    this.#overview = null;
    this.#selected = null;
    this.#openWhenActive = null;
    this.#drafts.clear();
    this.#confirming = null;
    this.#choosingColleague = false;
    this.#busy = false;
    this.#failed = false;
    this.#switching = false;
    this.#apiTrouble = false;
    this.#notice = null;
    this.#endingShift = false;
    this.#answering.clear();
    this.#announced.clear();
    this.#seen.clear();
    this.#invited.clear();
    this.#typingSentAt = null;
    this.#assigning = null;
    this.#assignFailed = null;
    this.#setUnseen(0);
    this.set({ screen: "login", busy: false, error: null, shiftEnded });
    if (leaving) session?.abandon();
    else await session?.logout().catch(() => undefined);
  }

  // --- Helpers ---

  #conversation(reference: number): DeskConversation | null {
    return this.#desk?.conversations.find((c) => c.reference === reference) ?? null;
  }

  #openConversation(): DeskConversation | null {
    if (this.#selected === null) return null;
    const conversation = this.#conversation(this.#selected);
    return conversation?.state === "active" ? conversation : null;
  }

  #closeChat(): void {
    const conversation = this.#openConversation();
    if (conversation !== null) this.#stopTyping(conversation.roomId);
    this.#selected = null;
    this.#confirming = null;
    this.#choosingColleague = false;
    this.#busy = false;
    this.#failed = false;
  }

  #stopTyping(roomId: string): void {
    if (this.#typingSentAt === null) return;
    this.#typingSentAt = null;
    this.#matrix?.setTyping(roomId, false);
  }

  #handoverChoices(): CounsellorLoad[] {
    return (this.#desk?.colleagues ?? []).filter(
      (c) => c.availability !== "off_duty" && c.load < c.capacity,
    );
  }

  #cannedChoices(): CannedChoice[] {
    return (this.#desk?.cannedReplies ?? []).flatMap((reply) => {
      const text = pick(reply.text, this.#lang, this.#defaultLang);
      if (text === null) return [];
      return [
        { id: reply.id, label: pick(reply.label, this.#lang, this.#defaultLang) ?? reply.id, text },
      ];
    });
  }

  #setUnseen(count: number): void {
    if (count === this.#unseenShown) return;
    this.#unseenShown = count;
    this.#deps.notifier.unseenOffers(count);
  }

  #render(): void {
    const desk = this.#desk;
    const matrix = this.#matrix;
    const screen = this.getSnapshot().screen;
    if (desk === null || matrix === null || (screen !== "desk" && screen !== "loading")) return;
    const now = this.#deps.now();
    const item = (c: DeskConversation): InboxItem => ({
      reference: c.reference,
      roomId: c.roomId,
      name: c.name,
      state: c.state,
      waitingMinutes: minutesSince(c.arrivedAt, now),
      offerSecondsLeft:
        c.offerExpiresAt === null ? null : Math.max(0, Math.round((c.offerExpiresAt - now) / 1000)),
      unread: matrix.room(c.roomId)?.unread ?? 0,
      handoverTo: c.handoverTo,
      handoverFrom: c.handoverFrom,
      requeued: c.requeued,
      selected: c.reference === this.#selected,
      answering: this.#answering.has(c.reference),
    });
    const offers = desk.conversations.filter((c) => c.state !== "active");
    this.#setUnseen(offers.filter((c) => !this.#seen.has(`${c.reference}:${c.state}`)).length);

    let chat: ChatPanel | null = null;
    const open = this.#openConversation();
    if (open !== null) {
      const room = matrix.room(open.roomId);
      if (room !== null && room.unread > 0) matrix.markRead(open.roomId);
      chat = {
        reference: open.reference,
        roomId: open.roomId,
        name: open.name,
        messages: room?.messages ?? [],
        draft: this.#drafts.get(open.reference) ?? "",
        youthTyping: room?.othersTyping ?? false,
        canSend: room?.canSend ?? false,
        confirming: this.#confirming,
        choosingColleague: this.#choosingColleague,
        colleagues: this.#handoverChoices(),
        handoverTo: open.handoverTo,
        requeued: open.requeued,
        historyMayNotFollow: !this.#joinedHere.has(open.reference),
        busy: this.#busy,
        failed: this.#failed,
      };
    }
    const queueItem = (q: QueueEntry): QueueItem => ({
      reference: q.reference,
      position: q.position,
      waitingMinutes: minutesSince(q.waitingSince, now),
      state: q.state,
      offeredTo: q.offeredTo ?? null,
    });
    const overview = this.#overview;
    this.set({
      screen: "desk",
      desk: {
        userId: desk.userId,
        availability: desk.availability,
        switching: this.#switching,
        load: desk.load,
        capacity: desk.capacity,
        waiting: desk.waiting,
        offers: offers.map(item),
        conversations: desk.conversations.filter((c) => c.state === "active").map(item),
        queue: desk.queue.map(queueItem),
        chat,
        cannedReplies: this.#cannedChoices(),
        supervisor:
          desk.supervisor && overview !== null
            ? {
                counsellors: overview.counsellors,
                queue: overview.queue.map(queueItem),
                active: overview.active,
                assigning: this.#assigning,
                failed: this.#assignFailed,
              }
            : null,
        apiTrouble: this.#apiTrouble,
        notice: this.#notice,
        endingShift: this.#endingShift,
      },
    });
  }
}
