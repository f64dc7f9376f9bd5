import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import type { Availability, ConsoleMatrix, CounsellorApi, DeskConversation } from "../types.ts";
import type { ChatPanelViewModel } from "./ChatPanelViewModel.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { inboxItem, isOffer, queueItem, type InboxItem, type QueueItem } from "./items.ts";
import { Lifetime } from "./Lifetime.ts";
import type { DeskNotice, NoticeBoard } from "./NoticeBoard.ts";
import { ObserverInvites } from "./ObserverInvites.ts";

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
  /** The bot's API could not be reached at the last try (the list may be stale). */
  readonly apiTrouble: boolean;
  readonly notice: DeskNotice | null;
  readonly endingShift: boolean;
}

export interface Notifier {
  /** A short sound: a youth is offered. */
  chime(): void;
  /** How many offers the counsellor has not looked at yet (0: the plain title). */
  unseenOffers(count: number): void;
  /**
   * A supervisor's console: how many conversations are marked "danger to life" now (0: the plain
   * title). A new one is also announced by the chime (./DangerViewModel.ts).
   */
  dangerMarked(count: number): void;
}

export interface DeskDeps {
  readonly matrix: ConsoleMatrix;
  readonly api: CounsellorApi;
  readonly feed: DeskFeed;
  readonly notices: NoticeBoard;
  readonly chat: ChatPanelViewModel;
  readonly notifier: Notifier;
  readonly now: () => number;
  /** Off duty (or the bot did not answer): the session is to be wiped. */
  readonly onShiftEnded: () => void;
}

const offerKey = (c: DeskConversation): string => `${c.reference}:${c.state}`;

/**
 * The counsellor's desk: the availability switch, offers to accept or decline (announced by a
 * chime and counted in the tab's title until looked at), her conversations, the queue as
 * metadata, notices, the end of the shift. Invites the colleague of a pending handover from this
 * device.
 */
export class DeskViewModel extends SnapshotStore<DeskSnapshot> {
  readonly #deps: DeskDeps;
  readonly #lifetime = new Lifetime();
  #switching = false;
  /** The availability switch failed; forgotten at the bot's next answer, as the feed's trouble is. */
  #switchFailed = false;
  #endingShift = false;
  readonly #answering = new Set<number>();
  /** Offers already announced by sound (reference:state), and those the counsellor has seen. */
  readonly #announced = new Set<string>();
  readonly #seen = new Set<string>();
  #unseenShown = 0;
  /** Pending handovers this console already sent the invite for (roomId|to). */
  readonly #invited = new Set<string>();
  /** Colleagues to read beside her, invited from this device; her own invites to read, joined. */
  readonly #observers: ObserverInvites;

  constructor(deps: DeskDeps) {
    super(deskSnapshot(deps, { switching: false, switchFailed: false, endingShift: false }));
    this.#deps = deps;
    this.#observers = new ObserverInvites(deps, this.#lifetime);
    this.#lifetime.own(deps.feed.subscribe(() => this.#deskChanged()));
    this.#lifetime.own(deps.matrix.onChange(() => this.#render()));
    this.#lifetime.own(deps.chat.subscribe(() => this.#render()));
    this.#lifetime.own(deps.notices.subscribe(() => this.#render()));
    this.#deskChanged();
  }

  setAvailability = (availability: Availability): void => {
    if (this.#switching) return;
    this.#switching = true;
    this.#render();
    this.#lifetime.settle(
      this.#deps.api.setAvailability(availability),
      (desk) => {
        this.#switching = false;
        this.#deps.feed.replace(desk);
      },
      () => {
        this.#switching = false;
        this.#switchFailed = true;
        this.#render();
      },
    );
  };

  accept = (reference: number): void => {
    this.#answer(reference, "join", (joined) => this.#deps.chat.accepted(reference, joined));
  };

  decline = (reference: number): void => {
    this.#answer(reference, "leave", () => {});
  };

  /** A conversation of the list was clicked: seen, and opened if it is active. */
  select = (reference: number): void => {
    const conversation = this.#conversation(reference);
    if (conversation === null) return;
    this.#see(conversation);
    if (!isOffer(conversation)) this.#deps.chat.open(reference);
    else this.#render();
  };

  dismissNotice = (): void => {
    this.#deps.notices.dismiss();
  };

  /** Off duty, then the session is wiped (logged out, everything held in memory forgotten). */
  endShift = (): void => {
    if (this.#endingShift) return;
    this.#endingShift = true;
    this.#render();
    void this.#deps.api
      .setAvailability("off_duty")
      .catch(() => undefined)
      .then(() => {
        if (!this.#lifetime.ended) this.#deps.onShiftEnded();
      });
  };

  /** The title stops counting this session's offers. */
  dispose(): void {
    this.#lifetime.end();
    this.#showUnseen(0);
  }

  /** What a new answer of /me sets off: sounds for new offers, pending handover invites. */
  #deskChanged(): void {
    const { desk } = this.#deps.feed.getSnapshot();
    const { matrix, notifier, notices } = this.#deps;
    this.#switchFailed = false;
    let fresh = false;
    for (const c of desk.conversations) {
      if (!isOffer(c) || this.#announced.has(offerKey(c))) continue;
      this.#announced.add(offerKey(c));
      fresh = true;
    }
    if (fresh) notifier.chime();
    for (const handover of desk.pendingHandovers) {
      const key = `${handover.roomId}|${handover.to}`;
      if (this.#invited.has(key)) continue;
      this.#invited.add(key);
      // The bot found a colleague for a conversation sent back to the queue: the invite must
      // come from this device so that the history goes with it.
      this.#lifetime.settle(
        matrix.invite(handover.roomId, handover.to),
        () => notices.tell({ kind: "handedOver", to: handover.to }),
        () => this.#invited.delete(key), // tried again at the next poll
      );
    }
    this.#observers.deskChanged(desk);
    this.#countUnseen();
    this.#render();
  }

  /** Joins (accepts) or leaves (declines) an offered room, once at a time per offer. */
  #answer(reference: number, how: "join" | "leave", after: (ok: boolean) => void): void {
    const conversation = this.#conversation(reference);
    const { matrix, feed } = this.#deps;
    if (conversation === null || !isOffer(conversation)) return;
    if (this.#answering.has(reference)) return;
    this.#answering.add(reference);
    this.#see(conversation);
    const answered = (ok: boolean) => {
      this.#answering.delete(reference);
      after(ok);
      feed.refresh();
    };
    this.#lifetime.settle(
      how === "join" ? matrix.join(conversation.roomId) : matrix.leave(conversation.roomId),
      () => answered(true),
      () => answered(false),
    );
  }

  #conversation(reference: number): DeskConversation | null {
    const { desk } = this.#deps.feed.getSnapshot();
    return desk.conversations.find((c) => c.reference === reference) ?? null;
  }

  #see(conversation: DeskConversation): void {
    this.#seen.add(offerKey(conversation));
    this.#countUnseen();
    this.#render();
  }

  #countUnseen(): void {
    const { desk } = this.#deps.feed.getSnapshot();
    const offers = desk.conversations.filter(isOffer);
    this.#showUnseen(offers.filter((c) => !this.#seen.has(offerKey(c))).length);
  }

  #showUnseen(count: number): void {
    if (count === this.#unseenShown) return;
    this.#unseenShown = count;
    this.#deps.notifier.unseenOffers(count);
  }

  #render(): void {
    if (this.#lifetime.ended) return;
    this.set(
      deskSnapshot(this.#deps, {
        switching: this.#switching,
        switchFailed: this.#switchFailed,
        endingShift: this.#endingShift,
        answering: this.#answering,
      }),
    );
  }
}

/** Pure: the desk as shown now, from the feed, the open chat, the notice board and its own state. */
function deskSnapshot(
  deps: DeskDeps,
  own: {
    readonly switching: boolean;
    readonly switchFailed: boolean;
    readonly endingShift: boolean;
    readonly answering?: ReadonlySet<number>;
  },
): DeskSnapshot {
  const { desk, apiTrouble } = deps.feed.getSnapshot();
  const now = deps.now();
  const item = (c: DeskConversation): InboxItem =>
    inboxItem(c, deps.matrix.room(c.roomId), now, {
      selected: c.reference === deps.chat.selected,
      answering: own.answering?.has(c.reference) ?? false,
    });
  return {
    userId: desk.userId,
    availability: desk.availability,
    switching: own.switching,
    load: desk.load,
    capacity: desk.capacity,
    waiting: desk.waiting,
    offers: desk.conversations.filter(isOffer).map(item),
    conversations: desk.conversations.filter((c) => !isOffer(c)).map(item),
    queue: desk.queue.map((q) => queueItem(q, now)),
    apiTrouble: apiTrouble || own.switchFailed,
    notice: deps.notices.getSnapshot(),
    endingShift: own.endingShift,
  };
}
