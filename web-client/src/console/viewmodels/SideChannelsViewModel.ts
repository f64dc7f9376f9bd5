import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import type { ConsoleMatrix, ConsoleMessage, CounsellorApi, HelpAnswer } from "../types.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { Lifetime } from "./Lifetime.ts";

/**
 * One side channel (issue 18): the encrypted room where a counsellor and the supervisors on duty
 * talk about one of her conversations. The youth is never in it; the bot sees only that it exists.
 */
export interface SideChannelPanel {
  readonly reference: number;
  readonly roomId: string;
  /** Her own conversation's (she asked); false: a colleague's, she was asked to help. */
  readonly mine: boolean;
  readonly messages: readonly ConsoleMessage[];
  readonly draft: string;
  /** Joined and end-to-end encrypted: sending is safe. */
  readonly canSend: boolean;
  readonly failed: boolean;
}

export interface SideChannels {
  /** Every side channel she is in, her own first. */
  readonly channels: readonly SideChannelPanel[];
  /** The reference she is asking help for, while the bot answers. */
  readonly asking: number | null;
  /** The bot's last answer to her asking, until she asks again: whom it invited. */
  readonly answer: { readonly reference: number; readonly supervisors: number } | null;
  readonly askFailed: boolean;
}

export interface SideChannelsDeps {
  readonly matrix: ConsoleMatrix;
  readonly api: CounsellorApi;
  readonly feed: DeskFeed;
}

/**
 * The side channels the bot lists in her desk: asks for help (POST …/help), joins the bot's
 * invite at once, and shows each room's timeline with a composer, as the chat panel does for a
 * conversation (the same ConsoleMatrix room view, encrypted like everything).
 */
export class SideChannelsViewModel extends SnapshotStore<SideChannels> {
  readonly #deps: SideChannelsDeps;
  readonly #lifetime = new Lifetime();
  readonly #drafts = new Map<string, string>();
  readonly #failed = new Set<string>();
  /** Rooms whose invite this session is accepting or accepted: joined once. */
  readonly #joining = new Set<string>();
  #asking: number | null = null;
  #answer: SideChannels["answer"] = null;
  #askFailed = false;

  constructor(deps: SideChannelsDeps) {
    super({ channels: [], asking: null, answer: null, askFailed: false });
    this.#deps = deps;
    this.#lifetime.own(deps.feed.subscribe(() => this.#changed()));
    this.#lifetime.own(deps.matrix.onChange(() => this.#changed()));
    this.#changed();
  }

  /** Asks the supervisors on duty for help with her conversation (created, or reused). */
  askForHelp = (reference: number): void => {
    if (this.#asking !== null) return;
    this.#asking = reference;
    this.#askFailed = false;
    this.#answer = null;
    this.#render();
    this.#lifetime.settle(
      this.#deps.api.askForHelp(reference),
      (answer: HelpAnswer) => {
        this.#asking = null;
        this.#answer = { reference, supervisors: answer.supervisors.length };
        this.#deps.feed.refresh();
        this.#changed();
      },
      () => {
        this.#asking = null;
        this.#askFailed = true;
        this.#render();
      },
    );
  };

  setDraft = (roomId: string, text: string): void => {
    this.#drafts.set(roomId, text);
    this.#render();
  };

  send = (roomId: string): void => {
    const text = (this.#drafts.get(roomId) ?? "").trim();
    if (text === "" || !(this.#deps.matrix.room(roomId)?.canSend ?? false)) return;
    this.#drafts.set(roomId, "");
    this.#failed.delete(roomId);
    this.#render();
    this.#lifetime.settle(
      this.#deps.matrix.send(roomId, text),
      () => undefined,
      () => {
        // Not sent: the text comes back so that nothing typed is lost.
        if ((this.#drafts.get(roomId) ?? "") === "") this.#drafts.set(roomId, text);
        this.#failed.add(roomId);
        this.#render();
      },
    );
  };

  dispose(): void {
    this.#lifetime.end();
  }

  #listed(): { reference: number; roomId: string; mine: boolean }[] {
    const listed = [...(this.#deps.feed.getSnapshot().desk.sideChannels ?? [])];
    return listed.sort((a, b) => Number(b.mine) - Number(a.mine) || a.reference - b.reference);
  }

  /** The bot invited her: she joins at once (the room is only ever the bot's invite). */
  #changed(): void {
    if (this.#lifetime.ended) return;
    for (const { roomId } of this.#listed()) {
      const membership = this.#deps.matrix.room(roomId)?.membership;
      if (membership !== "invite" || this.#joining.has(roomId)) continue;
      this.#joining.add(roomId);
      this.#lifetime.settle(
        this.#deps.matrix.join(roomId),
        () => undefined,
        // Tried again at the next change.
        () => this.#joining.delete(roomId),
      );
    }
    this.#render();
  }

  #render(): void {
    if (this.#lifetime.ended) return;
    const channels = this.#listed().map(({ reference, roomId, mine }): SideChannelPanel => {
      const room = this.#deps.matrix.room(roomId);
      return {
        reference,
        roomId,
        mine,
        messages: room?.messages ?? [],
        draft: this.#drafts.get(roomId) ?? "",
        canSend: room?.canSend ?? false,
        failed: this.#failed.has(roomId),
      };
    });
    this.set({
      channels,
      asking: this.#asking,
      answer: this.#answer,
      askFailed: this.#askFailed,
    });
  }
}
