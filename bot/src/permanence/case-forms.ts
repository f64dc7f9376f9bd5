// Who may still file a case form for which ended conversation (issue 17). When a conversation in
// a counsellor's charge leaves the permanence, she alone may file one form for it, for a while.
// What is kept meanwhile points to no youth: the short reference the counsellor already saw, her
// id and a deadline; no room id, no youth id, nothing the youth wrote. The entry goes at filing
// or at the deadline. It is kept in memory only: a restart forgets the forms not yet filed, which
// costs a few counts and keeps the journal free of anything about the form.

import type { CaseForm } from "@helpline/contract";
import * as actions from "./actions/index.ts";
import type { PermanenceObserver } from "./runtime.ts";
import type { UserId } from "./types.ts";

/**
 * Long enough to finish the next conversation, or a colleague's debriefing, before filling the
 * form in; short enough that she still remembers this conversation, and that the bot does not
 * hold even "she had Jeune 4821" beyond an evening's permanence.
 */
export const caseFormWindowMs = 2 * 60 * 60_000;

export type CaseFormDue = actions.CaseFormDue;

export type CaseFormOutcome = "filed" | actions.CaseFormRefusal;

export interface CaseForms {
  /** Sees conversations end (add it to the permanence's observers). */
  observe: PermanenceObserver;
  /** Who may still file the form of this reference, if anyone. */
  counsellorOf(reference: number): UserId | undefined;
  /** The forms she may still file, oldest first. */
  dueFor(counsellor: UserId): CaseFormDue[];
  /** Files one form: counted once for the day, then forgotten (as the possibility to file it). */
  file(counsellor: UserId, reference: number, form: CaseForm): CaseFormOutcome;
  /** The helpline's category ids, in its order. */
  readonly categories: readonly string[];
}

export function createCaseForms(deps: {
  categories: readonly string[];
  /** operations.caseForm: increments the day's counters of each answer. */
  count(form: CaseForm): void;
  now(): number;
  windowMs?: number;
}): CaseForms {
  const windowMs = deps.windowMs ?? caseFormWindowMs;
  // By reference: a reference is unique among live conversations, and a reused one ends later.
  const due = new Map<number, CaseFormDue>();
  const current = (): CaseFormDue[] => {
    const now = deps.now();
    for (const [reference, entry] of due) if (entry.until <= now) due.delete(reference);
    return [...due.values()];
  };
  return {
    categories: deps.categories,
    observe({ before, after, at }) {
      for (const [id, conversation] of Object.entries(before.conversations)) {
        if (after.conversations[id] !== undefined) continue;
        const { phase, reference } = conversation;
        // Only a conversation someone was in charge of has anything to describe.
        if (phase.kind !== "active") continue;
        due.set(reference, { reference, counsellor: phase.counsellorId, until: at + windowMs });
      }
    },
    counsellorOf: (reference) =>
      current().find((entry) => entry.reference === reference)?.counsellor,
    dueFor: (counsellor) =>
      current()
        .filter((entry) => entry.counsellor === counsellor)
        .sort((a, b) => a.until - b.until),
    file(counsellor, reference, form) {
      const outcome = actions.fileCaseForm(current(), deps.categories, counsellor, {
        reference,
        form,
      });
      if ("refused" in outcome) return outcome.refused;
      due.delete(reference);
      deps.count(outcome.form);
      return "filed";
    },
  };
}
