import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import type { ConsoleMatrix, CounsellorApi, Desk, Overview } from "../types.ts";
import { Lifetime } from "./Lifetime.ts";

export const POLL_MS = 2_000;

/** The bot's latest word on this counsellor's desk. */
export interface DeskFeedSnapshot {
  readonly desk: Desk;
  /** For a supervisor only: loads and the queue of the whole permanence. */
  readonly overview: Overview | null;
  /** The bot's API could not be reached at the last try (the desk may be stale). */
  readonly apiTrouble: boolean;
}

export interface DeskFeedDeps {
  readonly api: CounsellorApi;
  readonly matrix: ConsoleMatrix;
  /** Runs `callback` after `ms`; returns a cancel function. */
  readonly schedule: (callback: () => void, ms: number) => () => void;
  readonly pollMs?: number;
}

/**
 * Asks the bot for the desk every POLL_MS, and at once after an action or an invite. Every answer
 * (or failure to get one) is a new snapshot: the view models react to it (sounds, invites, the
 * open chat), then show it.
 */
export class DeskFeed extends SnapshotStore<DeskFeedSnapshot> {
  readonly #deps: DeskFeedDeps;
  readonly #lifetime = new Lifetime();
  #cancelPoll: () => void = () => undefined;

  /** Starts from the first answer of /me, which opened the desk. */
  constructor(deps: DeskFeedDeps, first: Desk) {
    super({ desk: first, overview: null, apiTrouble: false });
    this.#deps = deps;
    // An invite means an offer or a handover: ask the bot now rather than at the next poll.
    this.#lifetime.own(deps.matrix.onInvite(() => this.refresh()));
    this.#lifetime.own(() => this.#cancelPoll());
  }

  /** Polls from now on (the first answer is in hand). */
  start(): void {
    this.#schedulePoll();
  }

  /** Asks the bot again at once (after an action), besides the regular poll. */
  refresh = (): void => {
    void this.#poll();
  };

  /** An action answered with the desk as it is now (the availability switch). */
  replace(desk: Desk): void {
    if (!this.#lifetime.ended) this.set({ ...this.getSnapshot(), desk });
  }

  dispose(): void {
    this.#lifetime.end();
  }

  #schedulePoll(): void {
    this.#cancelPoll = this.#deps.schedule(() => {
      void this.#poll().finally(() => {
        if (!this.#lifetime.ended) this.#schedulePoll();
      });
    }, this.#deps.pollMs ?? POLL_MS);
  }

  async #poll(): Promise<void> {
    if (this.#lifetime.ended) return;
    const { api } = this.#deps;
    try {
      const desk = await api.me();
      if (this.#lifetime.ended) return;
      let overview: Overview | null = null;
      if (desk.supervisor) {
        const fresh = await api.overview().catch(() => null);
        if (this.#lifetime.ended) return;
        overview = fresh ?? this.getSnapshot().overview; // a failed overview keeps the last one
      }
      this.set({ desk, overview, apiTrouble: false });
    } catch {
      if (this.#lifetime.ended) return;
      this.set({ ...this.getSnapshot(), apiTrouble: true });
    }
  }
}
