import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import { ApiError, type ConsoleLang, type CounsellorApi } from "../types.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { minutesSince, pick } from "./items.ts";
import { Lifetime } from "./Lifetime.ts";

// "Danger de mort" (issue 18): the counsellor in charge (or a supervisor) marks a conversation,
// after confirming; the bot alerts the supervisors on duty in the staff room, and their consoles
// ring and put it first. The mark then shows in the chat panel with the helpline's own guidance
// (its config's `crisis`: what to do, what professional secrecy allows, whom to call).

/** The helpline's guidance in the console's language (else its default); null when it has none. */
export interface Guidance {
  readonly paragraphs: readonly string[];
  readonly contacts: readonly { readonly label: string; readonly phone: string }[];
}

/** A marked conversation, as a supervisor's panel lists it: metadata only. */
export interface DangerItem {
  readonly reference: number;
  readonly counsellorId: string;
  readonly by: string;
  readonly minutesAgo: number | null;
}

export interface DangerSnapshot {
  /** Her own conversations that are marked, by reference: minutes since the mark. */
  readonly marked: Readonly<Record<number, number | null>>;
  /** The conversation whose mark awaits her confirmation. */
  readonly confirming: number | null;
  readonly busy: boolean;
  /** The last mark failed: refused by the bot (`refused`: nothing changed) or not sent. */
  readonly failed: { readonly reference: number; readonly why: "refused" | "generic" } | null;
  readonly guidance: Guidance | null;
  /** A supervisor's list, the latest marked first; null for a counsellor who is not one. */
  readonly supervisorMarks: readonly DangerItem[] | null;
}

export interface DangerDeps {
  readonly api: CounsellorApi;
  readonly feed: DeskFeed;
  /** The console's notifier (DeskViewModel's Notifier): the chime and the title's count. */
  readonly notifier: { chime(): void; dangerMarked(count: number): void };
  readonly now: () => number;
  readonly lang: ConsoleLang;
  readonly defaultLanguage: Promise<ConsoleLang | null>;
}

export class DangerViewModel extends SnapshotStore<DangerSnapshot> {
  readonly #deps: DangerDeps;
  readonly #lifetime = new Lifetime();
  #lang: ConsoleLang;
  #defaultLang: ConsoleLang | null = null;
  #confirming: number | null = null;
  #busy = false;
  #failed: DangerSnapshot["failed"] = null;
  /** Marks already announced by the chime, so each rings once. */
  readonly #announced = new Set<string>();
  #countShown = 0;

  constructor(deps: DangerDeps) {
    super({
      marked: {},
      confirming: null,
      busy: false,
      failed: null,
      guidance: null,
      supervisorMarks: null,
    });
    this.#deps = deps;
    this.#lang = deps.lang;
    this.#lifetime.settle(
      deps.defaultLanguage,
      (lang) => {
        this.#defaultLang = lang;
        this.#render();
      },
      () => undefined,
    );
    this.#lifetime.own(deps.feed.subscribe(() => this.#feedChanged()));
    this.#feedChanged();
  }

  setLanguage(lang: ConsoleLang): void {
    this.#lang = lang;
    this.#render();
  }

  /** "Danger de mort" pressed: nothing is sent before she confirms. */
  ask = (reference: number): void => {
    if (this.#busy) return;
    this.#confirming = reference;
    this.#failed = null;
    this.#render();
  };

  cancel = (): void => {
    if (this.#busy) return;
    this.#confirming = null;
    this.#render();
  };

  confirm = (): void => {
    const reference = this.#confirming;
    if (reference === null || this.#busy) return;
    this.#busy = true;
    this.#render();
    this.#lifetime.settle(
      this.#deps.api.markDanger(reference),
      () => {
        this.#busy = false;
        this.#confirming = null;
        this.#deps.feed.refresh();
        this.#render();
      },
      (error) => {
        this.#busy = false;
        this.#confirming = null;
        // Marked already (by a supervisor, say): the next answer of the bot shows the mark.
        if (error instanceof ApiError && error.code === "already_marked") {
          this.#deps.feed.refresh();
        } else {
          const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
          this.#failed = { reference, why: refused ? "refused" : "generic" };
        }
        this.#render();
      },
    );
  };

  dispose(): void {
    this.#lifetime.end();
    this.#showCount(0);
  }

  /** A new answer of the bot: a supervisor's console rings for each new mark. */
  #feedChanged(): void {
    const { desk, overview } = this.#deps.feed.getSnapshot();
    const marks = desk.supervisor ? (overview?.danger ?? []) : [];
    let fresh = false;
    for (const mark of marks) {
      const key = `${mark.reference}:${mark.markedAt ?? ""}`;
      if (this.#announced.has(key)) continue;
      this.#announced.add(key);
      fresh = true;
    }
    if (fresh) this.#deps.notifier.chime();
    this.#showCount(marks.length);
    this.#render();
  }

  #showCount(count: number): void {
    if (count === this.#countShown) return;
    this.#countShown = count;
    this.#deps.notifier.dangerMarked(count);
  }

  #guidance(): Guidance | null {
    const crisis = this.#deps.feed.getSnapshot().desk.crisis;
    if (crisis === undefined) return null;
    const text = pick(crisis.guidance, this.#lang, this.#defaultLang) ?? "";
    return {
      paragraphs: text
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== ""),
      contacts: crisis.contacts.map((contact) => ({
        label: pick(contact.label, this.#lang, this.#defaultLang) ?? contact.phone,
        phone: contact.phone,
      })),
    };
  }

  #render(): void {
    if (this.#lifetime.ended) return;
    const { desk, overview } = this.#deps.feed.getSnapshot();
    const now = this.#deps.now();
    const marked: Record<number, number | null> = {};
    for (const conversation of desk.conversations) {
      if (conversation.dangerAt === undefined) continue;
      marked[conversation.reference] = minutesSince(conversation.dangerAt, now);
    }
    this.set({
      marked,
      confirming: this.#confirming,
      busy: this.#busy,
      failed: this.#failed,
      guidance: this.#guidance(),
      supervisorMarks:
        desk.supervisor && overview !== null
          ? overview.danger.map((mark) => ({
              reference: mark.reference,
              counsellorId: mark.counsellorId,
              by: mark.by,
              minutesAgo: minutesSince(mark.markedAt, now),
            }))
          : null,
    });
  }
}
