import type { SafetyFormAnswers } from "@helpline/contract";
import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import type { SafetyForms } from "../safetyForms.ts";
import type { ConsoleMatrix } from "../types.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { Lifetime } from "./Lifetime.ts";

/**
 * Where the safety form stands in one conversation, for the counsellor:
 * none (never proposed), proposing (on its way), proposed (waiting for the youth), declined,
 * answered (with the answers), failed (the proposal could not leave).
 */
export type SafetyFormStatus =
  | { readonly status: "none" | "proposing" | "proposed" | "declined" | "failed" }
  | { readonly status: "answered"; readonly answer: SafetyFormAnswers };

/** By conversation (room id), for her live conversations only; empty when not offered. */
export type SafetyFormSnapshot = ReadonlyMap<string, SafetyFormStatus>;

/**
 * The control "Proposer le formulaire de mise en sécurité" of each live conversation, and what
 * came of it. The answers reach this view model from the Matrix layer's memory and are dropped
 * there as soon as the conversation is no longer hers (ended, handed over) or the console closes.
 */
export class SafetyFormViewModel extends SnapshotStore<SafetyFormSnapshot> {
  readonly #forms: SafetyForms | undefined;
  readonly #feed: DeskFeed;
  readonly #lifetime = new Lifetime();
  /** Proposals that failed before the request existed (e.g. the room not yet encrypted). */
  readonly #failed = new Set<string>();
  /** Proposals on their way, before their local echo shows. */
  readonly #proposing = new Set<string>();

  constructor(deps: { matrix: ConsoleMatrix; feed: DeskFeed }) {
    super(new Map());
    this.#forms = deps.matrix.safetyForms;
    this.#feed = deps.feed;
    if (this.#forms === undefined) return;
    const render = (): void => this.#render();
    this.#lifetime.own(deps.feed.subscribe(render));
    this.#lifetime.own(deps.matrix.onChange(render));
    this.#lifetime.own(this.#forms.onChange(render));
    this.#render();
  }

  propose = (roomId: string): void => {
    const forms = this.#forms;
    const current = this.getSnapshot().get(roomId)?.status;
    if (forms === undefined || current === undefined || this.#proposing.has(roomId)) return;
    // Once proposed it waits for the youth; a refusal or a failure may be proposed again.
    if (current !== "none" && current !== "declined" && current !== "failed") return;
    this.#failed.delete(roomId);
    this.#proposing.add(roomId);
    this.#render();
    this.#lifetime.settle(
      forms.propose(roomId),
      () => {
        this.#proposing.delete(roomId);
        this.#render();
      },
      () => {
        this.#proposing.delete(roomId);
        this.#failed.add(roomId);
        this.#render();
      },
    );
  };

  dispose(): void {
    this.#lifetime.end();
    this.#forms?.clear();
  }

  #render(): void {
    const forms = this.#forms;
    if (this.#lifetime.ended || forms === undefined) return;
    const live = new Set(
      this.#feed
        .getSnapshot()
        .desk.conversations.filter((c) => c.state === "active")
        .map((c) => c.roomId),
    );
    forms.keepOnly(live);
    const next = new Map<string, SafetyFormStatus>();
    for (const roomId of live) next.set(roomId, this.#statusOf(forms, roomId));
    if (!sameSnapshot(this.getSnapshot(), next)) this.set(next);
  }

  #statusOf(forms: SafetyForms, roomId: string): SafetyFormStatus {
    if (this.#proposing.has(roomId)) return { status: "proposing" };
    if (this.#failed.has(roomId)) return { status: "failed" };
    const { request, declined, answer } = forms.state(roomId);
    if (request === null) return { status: "none" };
    if (request.failed) return { status: "failed" };
    if (request.sending) return { status: "proposing" };
    if (answer !== null) return { status: "answered", answer };
    return { status: declined ? "declined" : "proposed" };
  }
}

function sameSnapshot(a: SafetyFormSnapshot, b: SafetyFormSnapshot): boolean {
  if (a.size !== b.size) return false;
  for (const [roomId, x] of b) {
    const y = a.get(roomId);
    if (y === undefined || y.status !== x.status) return false;
    if (x.status === "answered" && y.status === "answered") {
      if (x.answer.place !== y.answer.place || x.answer.phone !== y.answer.phone) return false;
    }
  }
  return true;
}
