import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import { ApiError, type CounsellorApi, type CounsellorLoad } from "../types.ts";
import type { DangerViewModel } from "./DangerViewModel.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { minutesSince, queueItem, type QueueItem } from "./items.ts";
import { Lifetime } from "./Lifetime.ts";
import type { NoticeBoard } from "./NoticeBoard.ts";

export interface SupervisorPanel {
  readonly counsellors: readonly CounsellorLoad[];
  readonly queue: readonly QueueItem[];
  readonly active: number;
  readonly assigning: number | null;
  readonly failed: "unavailable" | "generic" | null;
  /** Conversations in progress she may join to read beside their counsellor. */
  readonly inProgress: readonly InProgressItem[];
  /** Asking to join this one is under way. */
  readonly joining: number | null;
  /** The last request to join was refused (already reading it, it ended…). */
  readonly joinFailed: boolean;
}

export interface InProgressItem {
  readonly reference: number;
  readonly counsellorId: string;
  readonly minutes: number | null;
  /** She is in charge of it, or reads it (or asked to) already: nothing to join. */
  readonly joinable: boolean;
  readonly reading: boolean;
}

export interface SupervisorDeps {
  readonly api: CounsellorApi;
  readonly feed: DeskFeed;
  readonly notices: NoticeBoard;
  readonly now: () => number;
  /** Conversations marked "danger to life", listed first (./DangerViewModel.ts). */
  readonly danger?: DangerViewModel;
}

/**
 * The supervisor's panel (metadata only: loads, the queue, a count) and the reassignment of a
 * waiting youth to a counsellor. Null for a counsellor who is not a supervisor.
 */
export class SupervisorViewModel extends SnapshotStore<SupervisorPanel | null> {
  readonly #deps: SupervisorDeps;
  readonly #lifetime = new Lifetime();
  #assigning: number | null = null;
  #failed: SupervisorPanel["failed"] = null;
  #joining: number | null = null;
  #joinFailed = false;

  constructor(deps: SupervisorDeps) {
    super(null);
    this.#deps = deps;
    this.#lifetime.own(deps.feed.subscribe(() => this.#render()));
    this.#render();
  }

  /** The marked conversations and the guidance, shown first in the panel. */
  get danger(): DangerViewModel | null {
    return this.#deps.danger ?? null;
  }

  assign = (reference: number, counsellorId: string): void => {
    if (this.#assigning !== null || counsellorId === "") return;
    this.#assigning = reference;
    this.#failed = null;
    this.#render();
    this.#lifetime.settle(
      this.#deps.api.assign(reference, counsellorId),
      () => {
        this.#assigning = null;
        this.#deps.notices.tell({ kind: "assigned", to: counsellorId });
        this.#deps.feed.refresh();
        this.#render();
      },
      (error) => {
        this.#assigning = null;
        this.#failed =
          error instanceof ApiError && error.code === "counsellor_unavailable"
            ? "unavailable"
            : "generic";
        this.#render();
      },
    );
  };

  /**
   * She asks to read a conversation beside its counsellor: the counsellor's console invites her
   * with the history, and her own desk then joins it (ObserverInvites.ts).
   */
  join = (reference: number): void => {
    const { api, notices, feed } = this.#deps;
    if (this.#joining !== null || api.joinConversation === undefined) return;
    this.#joining = reference;
    this.#joinFailed = false;
    this.#render();
    this.#lifetime.settle(
      api.joinConversation(reference),
      () => {
        this.#joining = null;
        notices.tell({ kind: "joinRequested", reference });
        feed.refresh();
        this.#render();
      },
      () => {
        this.#joining = null;
        this.#joinFailed = true;
        this.#render();
      },
    );
  };

  dispose(): void {
    this.#lifetime.end();
  }

  #render(): void {
    if (this.#lifetime.ended) return;
    const { desk, overview } = this.#deps.feed.getSnapshot();
    const now = this.#deps.now();
    this.set(
      desk.supervisor && overview !== null
        ? {
            counsellors: overview.counsellors,
            queue: overview.queue.map((q) => queueItem(q, now)),
            active: overview.active,
            assigning: this.#assigning,
            failed: this.#failed,
            inProgress: (overview.inProgress ?? []).map((c) => {
              const reading = c.observers.includes(desk.userId);
              return {
                reference: c.reference,
                counsellorId: c.counsellorId,
                minutes: minutesSince(c.arrivedAt, now),
                joinable: !reading && c.counsellorId !== desk.userId,
                reading,
              };
            }),
            joining: this.#joining,
            joinFailed: this.#joinFailed,
          }
        : null,
    );
  }
}
