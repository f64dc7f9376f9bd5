import type { WritingAbout } from "@helpline/contract";
import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import type {
  ConsoleLang,
  ConsoleMatrix,
  ConsoleMessage,
  CounsellorApi,
  CounsellorLoad,
  DeskConversation,
  YouthGone,
} from "../types.ts";
import type { DangerViewModel } from "./DangerViewModel.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { isOffer, pick } from "./items.ts";
import { Lifetime } from "./Lifetime.ts";
import type { NoticeBoard } from "./NoticeBoard.ts";
import { SafetyFormViewModel } from "./SafetyFormViewModel.ts";

export type Confirming = "end" | "bar" | "requeue";

export interface CannedChoice {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

export interface ChatPanel {
  readonly reference: number;
  readonly roomId: string;
  readonly name: string;
  readonly messages: readonly ConsoleMessage[];
  readonly draft: string;
  readonly youthTyping: boolean;
  readonly canSend: boolean;
  /**
   * The youth's page went away (quick exit, closed, silent), as the bot says; null while it is
   * there. The counsellor must know at once: someone may have come near her.
   */
  readonly youthGone: YouthGone | null;
  readonly confirming: Confirming | null;
  readonly choosingColleague: boolean;
  /** Colleagues on duty or paused with a free slot. */
  readonly colleagues: readonly CounsellorLoad[];
  readonly handoverTo: string | null;
  readonly requeued: boolean;
  /** The youth's answer to "about myself / someone close", shown in the header; null: none. */
  readonly writingAbout: WritingAbout | null;
  /**
   * It was hers before this session began: its earlier keys came from the key backup, which a
   * handover's key bundle leaves out (matrix-rust-sdk issue 5110), so a colleague would not read
   * the messages written before this login. Said before she hands it over.
   */
  readonly historyMayNotFollow: boolean;
  readonly busy: boolean;
  readonly failed: boolean;
  /** The helpline's canned replies, in the counsellor's language. */
  readonly cannedReplies: readonly CannedChoice[];
  /**
   * She reads it beside its counsellor (a supervisor, a counsellor in training): the counsellor
   * in charge, whose actions (end, hand over, bar) are not hers; null or absent when it is hers.
   */
  readonly observingWith?: string | null;
  /** Colleagues she may ask to read it beside her (training): none unless it is hers. */
  readonly observerChoices?: readonly string[];
}

export interface ChatPanelDeps {
  readonly matrix: ConsoleMatrix;
  readonly api: CounsellorApi;
  readonly feed: DeskFeed;
  readonly notices: NoticeBoard;
  readonly now: () => number;
  readonly lang: ConsoleLang;
  /** The helpline's default language, for a canned reply missing in the counsellor's. */
  readonly defaultLanguage: Promise<ConsoleLang | null>;
  /** "Danger de mort": the chat panel's control for it (./DangerViewModel.ts). */
  readonly danger?: DangerViewModel;
}

const TYPING_RENEW_MS = 20_000;

/**
 * The one open conversation: messages, the composer with its typing notices and canned replies,
 * and what ends it here (end, bar, back to the queue, handover). Null while none is open.
 */
export class ChatPanelViewModel extends SnapshotStore<ChatPanel | null> {
  readonly #deps: ChatPanelDeps;
  readonly #lifetime = new Lifetime();
  #lang: ConsoleLang;
  #defaultLang: ConsoleLang | null = null;
  #selected: number | null = null;
  /** Accepted, so opened as soon as the bot counts it as active (the join takes a sync). */
  #openWhenActive: number | null = null;
  readonly #drafts = new Map<number, string>();
  /** Conversations this session joined itself (it holds their keys first-hand). */
  readonly #joinedHere = new Set<number>();
  #confirming: Confirming | null = null;
  #choosingColleague = false;
  #busy = false;
  #failed = false;
  #typingSentAt: number | null = null;
  /** The youth's consented safety form, per conversation (issue 18). */
  readonly safetyForm: SafetyFormViewModel;

  constructor(deps: ChatPanelDeps) {
    super(null);
    this.#deps = deps;
    this.safetyForm = new SafetyFormViewModel({ matrix: deps.matrix, feed: deps.feed });
    this.#lifetime.own(() => this.safetyForm.dispose());
    this.#lang = deps.lang;
    this.#lifetime.settle(
      deps.defaultLanguage,
      (lang) => {
        this.#defaultLang = lang;
        this.#render();
      },
      () => undefined,
    );
    this.#lifetime.own(deps.feed.subscribe(() => this.#deskChanged()));
    this.#lifetime.own(
      deps.matrix.onChange(() => {
        this.#markRead();
        this.#render();
      }),
    );
  }

  /** The chat panel's "Danger de mort" control, when the console has one. */
  get danger(): DangerViewModel | null {
    return this.#deps.danger ?? null;
  }

  /** The conversation open now, if any (even while the bot no longer counts it as active). */
  get selected(): number | null {
    return this.#selected;
  }

  setLanguage(lang: ConsoleLang): void {
    this.#lang = lang;
    this.#deps.danger?.setLanguage(lang);
    this.#render();
  }

  /** Opens an active conversation of this counsellor's, or one she reads beside its counsellor. */
  open(reference: number): void {
    const conversation = this.#conversation(reference);
    if (conversation === null || isOffer(conversation)) return;
    if (this.#selected !== reference) this.#close();
    this.#selected = reference;
    void this.#deps.matrix.loadHistory(conversation.roomId).catch(() => undefined);
    this.#markRead();
    this.#render();
  }

  /** An offer was answered: joined here (opened once the bot counts it as active), or not. */
  accepted(reference: number, joined: boolean): void {
    if (joined) {
      this.#joinedHere.add(reference);
      this.#openWhenActive = reference;
    } else {
      this.#failed = true;
      this.#render();
    }
  }

  setDraft = (text: string): void => {
    const conversation = this.#openConversation();
    if (conversation === null) return;
    this.#drafts.set(conversation.reference, text);
    const now = this.#deps.now();
    if (text.trim() === "") this.#stopTyping(conversation.roomId);
    else if (this.#typingSentAt === null || now - this.#typingSentAt >= TYPING_RENEW_MS) {
      this.#typingSentAt = now;
      this.#deps.matrix.setTyping(conversation.roomId, true);
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
    const { matrix } = this.#deps;
    if (conversation === null) return;
    const text = (this.#drafts.get(conversation.reference) ?? "").trim();
    if (text === "" || !(matrix.room(conversation.roomId)?.canSend ?? false)) return;
    this.#drafts.set(conversation.reference, "");
    this.#stopTyping(conversation.roomId);
    this.#failed = false;
    this.#render();
    this.#lifetime.settle(
      matrix.send(conversation.roomId, text),
      () => undefined,
      () => {
        // Not sent: the text comes back in the composer so that nothing typed is lost.
        if ((this.#drafts.get(conversation.reference) ?? "") === "") {
          this.#drafts.set(conversation.reference, text);
        }
        this.#failed = true;
        this.#render();
      },
    );
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
    const { api, notices } = this.#deps;
    const what = this.#confirming;
    if (conversation === null || what === null || this.#busy) return;
    const action =
      what === "end"
        ? api.end(conversation.reference)
        : what === "bar"
          ? api.bar(conversation.reference)
          : api.requeue(conversation.reference);
    this.#busyWith(action, () => {
      this.#confirming = null;
      notices.tell(
        what === "end"
          ? { kind: "ended" }
          : what === "bar"
            ? { kind: "barred" }
            : { kind: "requeued" },
      );
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
    if (conversation === null || this.#busy) return;
    if (!this.#handoverChoices().some((c) => c.userId === colleagueId)) return;
    this.#busyWith(this.#deps.matrix.invite(conversation.roomId, colleagueId), () => {
      this.#choosingColleague = false;
      this.#deps.notices.tell({ kind: "handedOver", to: colleagueId });
    });
  };

  /**
   * Asks for a colleague (a counsellor in training) to read the open conversation beside her; her
   * desk then lists the invite to send, which this console sends with the history.
   */
  addObserver = (colleagueId: string): void => {
    const conversation = this.#openConversation();
    const add = this.#deps.api.addObserver;
    if (conversation?.state !== "active" || add === undefined || this.#busy) return;
    if (!this.#observerChoices(conversation).includes(colleagueId)) return;
    this.#busyWith(add(conversation.reference, colleagueId), () => undefined);
  };

  /** She stops reading a conversation beside its counsellor: she leaves the room. */
  leaveObserving = (): void => {
    const conversation = this.#openConversation();
    if (conversation?.state !== "observing" || this.#busy) return;
    this.#busyWith(this.#deps.matrix.leave(conversation.roomId), () => {
      this.#deps.notices.tell({ kind: "observerLeft" });
    });
  };

  dispose(): void {
    this.#lifetime.end();
  }

  /** A new answer of the bot: open what was accepted, close what is no longer hers. */
  #deskChanged(): void {
    const accepted =
      this.#openWhenActive === null ? null : this.#conversation(this.#openWhenActive);
    if (accepted !== null && !isOffer(accepted)) {
      this.#openWhenActive = null;
      this.open(accepted.reference);
    }
    if (this.#selected !== null && this.#conversation(this.#selected) === null) {
      // Ended, handed over or taken back: it is no longer mine.
      this.#close();
    }
    this.#render();
  }

  /** An action on the open conversation: one at a time, and a failure says so. */
  #busyWith(work: Promise<unknown>, done: () => void): void {
    this.#busy = true;
    this.#render();
    this.#lifetime.settle(
      work,
      () => {
        this.#busy = false;
        done();
        this.#deps.feed.refresh();
        this.#render();
      },
      () => {
        this.#busy = false;
        this.#failed = true;
        this.#render();
      },
    );
  }

  #conversation(reference: number): DeskConversation | null {
    const { desk } = this.#deps.feed.getSnapshot();
    return desk.conversations.find((c) => c.reference === reference) ?? null;
  }

  #openConversation(): DeskConversation | null {
    if (this.#selected === null) return null;
    const conversation = this.#conversation(this.#selected);
    return conversation !== null && !isOffer(conversation) ? conversation : null;
  }

  #close(): void {
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
    this.#deps.matrix.setTyping(roomId, false);
  }

  /** What is open is read: the unread count goes with it. */
  #markRead(): void {
    const open = this.#openConversation();
    if (open === null) return;
    const room = this.#deps.matrix.room(open.roomId);
    if (room !== null && room.unread > 0) this.#deps.matrix.markRead(open.roomId);
  }

  #handoverChoices(): CounsellorLoad[] {
    return this.#deps.feed
      .getSnapshot()
      .desk.colleagues.filter((c) => c.availability !== "off_duty" && c.load < c.capacity);
  }

  #observerChoices(conversation: DeskConversation): string[] {
    if (conversation.state !== "active" || this.#deps.api.addObserver === undefined) return [];
    const reading = conversation.observers ?? [];
    return this.#deps.feed
      .getSnapshot()
      .desk.colleagues.map((c) => c.userId)
      .filter((id) => !reading.includes(id) && id !== conversation.handoverTo);
  }

  #cannedChoices(): CannedChoice[] {
    return this.#deps.feed.getSnapshot().desk.cannedReplies.flatMap((reply) => {
      const text = pick(reply.text, this.#lang, this.#defaultLang);
      if (text === null) return [];
      return [
        { id: reply.id, label: pick(reply.label, this.#lang, this.#defaultLang) ?? reply.id, text },
      ];
    });
  }

  #render(): void {
    if (this.#lifetime.ended) return;
    const open = this.#openConversation();
    if (open === null) {
      this.set(null);
      return;
    }
    const room = this.#deps.matrix.room(open.roomId);
    this.set({
      reference: open.reference,
      roomId: open.roomId,
      name: open.name,
      messages: room?.messages ?? [],
      draft: this.#drafts.get(open.reference) ?? "",
      youthTyping: room?.othersTyping ?? false,
      canSend: room?.canSend ?? false,
      youthGone: room?.youthGone ?? null,
      confirming: this.#confirming,
      choosingColleague: this.#choosingColleague,
      colleagues: this.#handoverChoices(),
      handoverTo: open.handoverTo,
      requeued: open.requeued,
      writingAbout: open.writingAbout ?? null,
      historyMayNotFollow: !this.#joinedHere.has(open.reference),
      busy: this.#busy,
      failed: this.#failed,
      cannedReplies: this.#cannedChoices(),
      observingWith: open.state === "observing" ? (open.counsellorId ?? "") : null,
      observerChoices: this.#observerChoices(open),
    });
  }
}
