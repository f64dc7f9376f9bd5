// What a helpline learns without knowing anyone (issue 17): the counsellor's case form at the end
// of a conversation, and the youth's optional feedback. Closed answers only, never free text: each
// answer only increments a daily counter of its helpline (no row per conversation, no time finer
// than the day, no counsellor), and reports suppress small cells.

/**
 * The default taxonomy, aligned with Child Helpline International's data framework for sexual
 * violence. A helpline's config may replace it (ids, with fr/nl/en labels).
 */
export const defaultCaseCategories = [
  "rape",
  "sexual-assault",
  "incest-intra-family",
  "online-exploitation-sextortion",
  "harassment",
  "what-is-normal",
  "other",
] as const;

export const caseWriters = ["victim", "relative-or-friend", "professional", "unknown"] as const;
export type CaseWriter = (typeof caseWriters)[number];

export const caseAgeBands = ["under-12", "12-14", "15-17", "18-24", "25-plus", "unknown"] as const;
export type CaseAgeBand = (typeof caseAgeBands)[number];

export const caseFirstDisclosures = ["yes", "no", "unknown"] as const;
export type CaseFirstDisclosure = (typeof caseFirstDisclosures)[number];

export const caseOffers = [
  "listening",
  "information",
  "referral-sos-enfants",
  "referral-cpvs",
  "referral-police",
  "referral-emergency",
] as const;
export type CaseOffer = (typeof caseOffers)[number];

/**
 * POST /api/h/<id>/counsellor/conversations/:reference/case-form, or `!fiche` in the staff room:
 * every field optional (a skipped question counts as "not answered"), categories from the
 * helpline's taxonomy.
 */
export interface CaseForm {
  readonly categories: readonly string[];
  readonly writer?: CaseWriter;
  readonly ageBand?: CaseAgeBand;
  readonly firstDisclosure?: CaseFirstDisclosure;
  readonly offered: readonly CaseOffer[];
}

export const feedbackHelped = ["yes", "a-little", "no"] as const;
export type FeedbackHelped = (typeof feedbackHelped)[number];

export const feedbackWriteAgain = ["yes", "maybe", "no"] as const;
export type FeedbackWriteAgain = (typeof feedbackWriteAgain)[number];

/** POST /api/h/<id>/feedback, from the youth's end screen: both optional, never blocking. */
export interface Feedback {
  readonly helped?: FeedbackHelped;
  readonly wouldWriteAgain?: FeedbackWriteAgain;
}

/** Reports suppress every cell under this count unless the deployment sets another threshold. */
export const defaultMinimumCell = 5;
