import {
  caseAgeBands,
  caseFirstDisclosures,
  caseOffers,
  caseWriters,
  type CaseAgeBand,
  type CaseFirstDisclosure,
  type CaseOffer,
  type CaseWriter,
} from "@helpline/contract";
import type { CaseFormRequest } from "@helpline/contract/requests";
import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import { ApiError, type CounsellorApi, type LocalizedText } from "../types.ts";
import type { DeskFeed } from "./DeskFeed.ts";
import { Lifetime } from "./Lifetime.ts";

// The case form after a conversation ends (issue 17): one at a time, the oldest the bot still
// lists for her. Closed answers only, every question skippable; "skip" hides it on this device
// (the bot forgets it at its deadline). Nothing of it outlives the answer: the bot only counts.

/** What the form shows; null when no form is due (or every due one was skipped). */
export type CaseFormSnapshot = {
  readonly reference: number;
  readonly categories: readonly { id: string; label: LocalizedText; checked: boolean }[];
  readonly offers: readonly { id: CaseOffer; checked: boolean }[];
  readonly writers: readonly CaseWriter[];
  readonly ageBands: readonly CaseAgeBand[];
  readonly firstDisclosures: readonly CaseFirstDisclosure[];
  readonly writer: CaseWriter | null;
  readonly ageBand: CaseAgeBand | null;
  readonly firstDisclosure: CaseFirstDisclosure | null;
  readonly sending: boolean;
  /** The last send failed for a reason other than "nothing to file": she may try again. */
  readonly failed: boolean;
} | null;

interface Answers {
  categories: ReadonlySet<string>;
  offered: ReadonlySet<CaseOffer>;
  writer: CaseWriter | null;
  ageBand: CaseAgeBand | null;
  firstDisclosure: CaseFirstDisclosure | null;
}

const blank = (): Answers => ({
  categories: new Set(),
  offered: new Set(),
  writer: null,
  ageBand: null,
  firstDisclosure: null,
});

export class CaseFormViewModel extends SnapshotStore<CaseFormSnapshot> {
  readonly #deps: { api: CounsellorApi; feed: DeskFeed };
  readonly #lifetime = new Lifetime();
  /** Sent or skipped on this device: not shown again, whatever the next poll says. */
  readonly #done = new Set<number>();
  #reference: number | null = null;
  #answers: Answers = blank();
  #sending = false;
  #failed = false;

  constructor(deps: { api: CounsellorApi; feed: DeskFeed }) {
    super(null);
    this.#deps = deps;
    this.#lifetime.own(deps.feed.subscribe(() => this.#render()));
    this.#render();
  }

  toggleCategory = (id: string): void => {
    this.#answers = { ...this.#answers, categories: toggled(this.#answers.categories, id) };
    this.#render();
  };

  toggleOffer = (id: CaseOffer): void => {
    this.#answers = { ...this.#answers, offered: toggled(this.#answers.offered, id) };
    this.#render();
  };

  setWriter = (writer: CaseWriter): void => this.#answer({ writer });
  setAgeBand = (ageBand: CaseAgeBand): void => this.#answer({ ageBand });
  setFirstDisclosure = (firstDisclosure: CaseFirstDisclosure): void =>
    this.#answer({ firstDisclosure });

  send = (): void => {
    const reference = this.#reference;
    if (reference === null || this.#sending) return;
    this.#sending = true;
    this.#failed = false;
    this.#render();
    this.#lifetime.settle(
      this.#deps.api.fileCaseForm(reference, formOf(this.#answers)),
      () => this.#finish(reference),
      (error) => {
        // Nothing to file any more (expired, or filed elsewhere): the form goes.
        if (error instanceof ApiError && error.status === 404) this.#finish(reference);
        else {
          this.#sending = false;
          this.#failed = true;
          this.#render();
        }
      },
    );
  };

  skip = (): void => {
    if (this.#reference === null || this.#sending) return;
    this.#finish(this.#reference);
  };

  dispose(): void {
    this.#lifetime.end();
  }

  #answer(answer: Partial<Answers>): void {
    this.#answers = { ...this.#answers, ...answer };
    this.#render();
  }

  #finish(reference: number): void {
    this.#done.add(reference);
    this.#sending = false;
    this.#failed = false;
    this.#deps.feed.refresh();
    this.#render();
  }

  #render(): void {
    if (this.#lifetime.ended) return;
    const { desk } = this.#deps.feed.getSnapshot();
    const due = desk.caseFormsDue.find((entry) => !this.#done.has(entry.reference));
    if (due === undefined) {
      this.#reference = null;
      this.set(null);
      return;
    }
    if (due.reference !== this.#reference) {
      this.#reference = due.reference;
      this.#answers = blank();
      this.#failed = false;
    }
    const answers = this.#answers;
    this.set({
      reference: due.reference,
      categories: desk.caseCategories.map(({ id, label }) => ({
        id,
        label,
        checked: answers.categories.has(id),
      })),
      offers: caseOffers.map((id) => ({ id, checked: answers.offered.has(id) })),
      writers: caseWriters,
      ageBands: caseAgeBands,
      firstDisclosures: caseFirstDisclosures,
      writer: answers.writer,
      ageBand: answers.ageBand,
      firstDisclosure: answers.firstDisclosure,
      sending: this.#sending,
      failed: this.#failed,
    });
  }
}

function toggled<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

/** The request: the contract's order for lists, unanswered questions left out. */
function formOf(answers: Answers): CaseFormRequest {
  return {
    categories: [...answers.categories],
    offered: caseOffers.filter((offer) => answers.offered.has(offer)),
    ...(answers.writer === null ? {} : { writer: answers.writer }),
    ...(answers.ageBand === null ? {} : { ageBand: answers.ageBand }),
    ...(answers.firstDisclosure === null ? {} : { firstDisclosure: answers.firstDisclosure }),
  };
}
