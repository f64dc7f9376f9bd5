// The counsellor in charge of a conversation that ended files its case form (issue 17): once,
// before its deadline (../case-forms.ts), with categories of the helpline's taxonomy.

import type { CaseForm } from "@helpline/contract";
import type { UserId } from "../types.ts";

/** One form she may still file (kept by ../case-forms.ts). */
export interface CaseFormDue {
  readonly reference: number;
  readonly counsellor: UserId;
  /** Epoch milliseconds after which it is forgotten. */
  readonly until: number;
}

/**
 * `not_found`: nothing to file (an unknown reference, a colleague's, already filed, expired).
 * `unknown_category`: a category the helpline does not have; nothing is counted.
 */
export type CaseFormRefusal = "not_found" | "unknown_category";

export function fileCaseForm(
  due: readonly CaseFormDue[],
  categories: readonly string[],
  by: UserId,
  input: { reference: number; form: CaseForm },
): { refused: CaseFormRefusal } | { form: CaseForm } {
  const entry = due.find((e) => e.reference === input.reference && e.counsellor === by);
  if (entry === undefined) return { refused: "not_found" };
  if (input.form.categories.some((category) => !categories.includes(category))) {
    return { refused: "unknown_category" };
  }
  return { form: input.form };
}
