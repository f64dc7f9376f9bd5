import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import { ApiError, type CounsellorApi, type CounsellorLoad } from "../types.ts";
import type { DangerViewModel } from "./DangerViewModel.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { queueItem, type QueueItem } from "./items.ts";
import { Lifetime } from "./Lifetime.ts";
import type { NoticeBoard } from "./NoticeBoard.ts";

export interface SupervisorPanel {
  readonly counsellors: readonly CounsellorLoad[];
  readonly queue: readonly QueueItem[];
  readonly active: number;
  readonly assigning: number | null;
  readonly failed: "unavailable" | "generic" | null;
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
          }
        : null,
    );
  }
}
