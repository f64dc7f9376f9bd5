// The optional name a youth may give, shown to the counsellor instead of nothing. It must not
// become a way to identify them: no e-mail, no link, no phone number; short and plain.

export type PseudonymProblem = "too_short" | "too_long" | "characters" | "contact";

export type PseudonymCheck =
  | { readonly ok: true; readonly pseudonym: string | null }
  | { readonly ok: false; readonly problem: PseudonymProblem };

export const PSEUDONYM_MAX_LENGTH = 24;

/** Trims and checks; an empty field is fine (no pseudonym). */
export function checkPseudonym(input: string): PseudonymCheck {
  const pseudonym = input.trim().replace(/\s+/g, " ");
  if (pseudonym === "") return { ok: true, pseudonym: null };
  if ([...pseudonym].length < 2) return { ok: false, problem: "too_short" };
  if ([...pseudonym].length > PSEUDONYM_MAX_LENGTH) return { ok: false, problem: "too_long" };
  if (/@|https?:|www\.|\.(com|be|fr|nl|net|org)\b/i.test(pseudonym)) {
    return { ok: false, problem: "contact" };
  }
  // Several digits in a row look like a phone number or a date of birth.
  if ((pseudonym.match(/\d/g) ?? []).length >= 4) return { ok: false, problem: "contact" };
  if (!/^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’._-]*$/u.test(pseudonym)) {
    return { ok: false, problem: "characters" };
  }
  return { ok: true, pseudonym };
}
