import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CaseForm, Feedback, WritingAbout } from "@helpline/contract";
import type { OperationsFact } from "./facts.ts";

// The anonymous statistics, kept as one aggregate per day and nothing else. Per day: counts, and
// the waits and durations as a sorted list of seconds. No id, no reference, no time of day, no
// order of arrival, and a wait is never linked to a duration or a language: a line cannot be
// matched back to one conversation, even by someone who saw it happen.

/** Counts per closed answer; a skipped question counts as `unanswered`. */
const tally = z.record(z.string(), z.int().min(0));

export const dailyAggregateSchema = z.strictObject({
  /** Youths who entered the queue. */
  conversations: z.int().min(0),
  /** Of which a counsellor joined. */
  pickedUp: z.int().min(0),
  /** Left the queue before any counsellor joined. */
  abandoned: z.int().min(0),
  /** Never picked up for another reason: sent away at closing, turned away on arrival, ended. */
  notPickedUp: z.int().min(0),
  /** Times the youth's page was shown while the helpline admitted nobody. */
  closedVisits: z.int().min(0),
  offersTimedOut: z.int().min(0),
  handovers: z.int().min(0),
  /**
   * Conversations marked "danger to life" (engine/danger.ts), counted once each. Absent in files
   * written before the mark existed, and on days nothing was marked.
   */
  dangerMarks: z.int().min(0).optional(),
  /**
   * Waiting youths who pressed "I am in danger now" (engine/urgent.ts), each once. Absent in
   * older files (none could say it).
   */
  urgent: z.int().min(0).optional(),
  /** Seconds waited before pickup, sorted. */
  waitSeconds: z.array(z.int().min(0)),
  /** Seconds from pickup to end, sorted (unknown durations are left out). */
  durationSeconds: z.array(z.int().min(0)),
  /** The youth's page language, when it said one; counts only. */
  languages: z.record(z.string(), z.int().min(0)),
  /**
   * Answers to "about myself / about someone close" (`unanswered`: the question was skipped), for
   * a service that asks it; counts only. Absent on days it was not asked, and in older files.
   */
  writingAbout: z
    .strictObject({
      self: z.int().min(0),
      "close-one": z.int().min(0),
      unanswered: z.int().min(0),
    })
    .optional(),
  /**
   * Counsellors' case forms (issue 17): how many were filed, and each question's answers counted
   * on their own, never together, so no combination of answers is ever kept. Absent in older files.
   */
  caseForms: z
    .strictObject({
      filed: z.int().min(0),
      /** A form may name several categories, and offers: their counts add up to more. */
      categories: tally,
      writer: tally,
      ageBand: tally,
      firstDisclosure: tally,
      offered: tally,
    })
    .optional(),
  /** Youths' answers on the end screen, each question counted on its own. */
  feedback: z
    .strictObject({
      given: z.int().min(0),
      helped: tally,
      wouldWriteAgain: tally,
    })
    .optional(),
});

/** An answer to "about myself / about someone close", or none. */
export type WritingAboutAnswer = WritingAbout | "unanswered";

export type DailyAggregate = z.infer<typeof dailyAggregateSchema>;
export const statisticsFileSchema = z.record(
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dailyAggregateSchema,
);
export type StatisticsFile = z.infer<typeof statisticsFileSchema>;

export function emptyDay(): DailyAggregate {
  return {
    conversations: 0,
    pickedUp: 0,
    abandoned: 0,
    notPickedUp: 0,
    closedVisits: 0,
    offersTimedOut: 0,
    handovers: 0,
    waitSeconds: [],
    durationSeconds: [],
    languages: {},
  };
}

function insertSorted(values: number[], value: number): number[] {
  const next = [...values, value];
  return next.sort((a, b) => a - b);
}

/** The day's aggregate once this fact is counted (pure). */
export function countFact(
  day: DailyAggregate,
  fact: OperationsFact | StatisticsOnlyFact,
): DailyAggregate {
  switch (fact.kind) {
    case "conversation_started":
      return { ...day, conversations: day.conversations + 1 };
    case "picked_up":
      return {
        ...day,
        pickedUp: day.pickedUp + 1,
        waitSeconds: insertSorted(day.waitSeconds, Math.round(fact.waitMs / 1000)),
      };
    case "conversation_ended": {
      const next = { ...day };
      if (fact.abandoned) next.abandoned += 1;
      else if (!fact.pickedUp) next.notPickedUp += 1;
      if (fact.durationMs !== null) {
        next.durationSeconds = insertSorted(
          day.durationSeconds,
          Math.round(fact.durationMs / 1000),
        );
      }
      return next;
    }
    case "offer_timed_out":
      return { ...day, offersTimedOut: day.offersTimedOut + 1 };
    case "handover":
      return { ...day, handovers: day.handovers + 1 };
    case "danger_marked":
      return { ...day, dangerMarks: (day.dangerMarks ?? 0) + 1 };
    case "urgent_declared":
      return { ...day, urgent: (day.urgent ?? 0) + 1 };
    case "closed_visit":
      return { ...day, closedVisits: day.closedVisits + 1 };
    case "language":
      return {
        ...day,
        languages: { ...day.languages, [fact.language]: (day.languages[fact.language] ?? 0) + 1 },
      };
    case "case_form": {
      const forms = day.caseForms ?? {
        filed: 0,
        categories: {},
        writer: {},
        ageBand: {},
        firstDisclosure: {},
        offered: {},
      };
      const { form } = fact;
      return {
        ...day,
        caseForms: {
          filed: forms.filed + 1,
          categories: addEach(forms.categories, form.categories),
          writer: addOne(forms.writer, form.writer),
          ageBand: addOne(forms.ageBand, form.ageBand),
          firstDisclosure: addOne(forms.firstDisclosure, form.firstDisclosure),
          offered: addEach(forms.offered, form.offered),
        },
      };
    }
    case "feedback": {
      const given = day.feedback ?? { given: 0, helped: {}, wouldWriteAgain: {} };
      return {
        ...day,
        feedback: {
          given: given.given + 1,
          helped: addOne(given.helped, fact.feedback.helped),
          wouldWriteAgain: addOne(given.wouldWriteAgain, fact.feedback.wouldWriteAgain),
        },
      };
    }
    case "writing_about": {
      const tally = day.writingAbout ?? { self: 0, "close-one": 0, unanswered: 0 };
      return { ...day, writingAbout: { ...tally, [fact.answer]: tally[fact.answer] + 1 } };
    }
  }
}

/** One more for `answer`, or for `unanswered` when the question was skipped. */
function addOne(
  counts: Record<string, number>,
  answer: string | undefined,
): Record<string, number> {
  const key = answer ?? "unanswered";
  return { ...counts, [key]: (counts[key] ?? 0) + 1 };
}

/** One more for each answer of a question that takes several (each counted once). */
function addEach(
  counts: Record<string, number>,
  answers: readonly string[],
): Record<string, number> {
  const next = { ...counts };
  for (const answer of new Set(answers)) next[answer] = (next[answer] ?? 0) + 1;
  return next;
}

/** Facts that only the statistics count (they do not come from the permanence). */
export type StatisticsOnlyFact =
  | { kind: "closed_visit" }
  | { kind: "case_form"; form: CaseForm }
  | { kind: "feedback"; feedback: Feedback }
  | { kind: "language"; language: string }
  | { kind: "writing_about"; answer: WritingAboutAnswer };

/** The helpline's calendar day (YYYY-MM-DD) of an instant, in its time zone. */
export function dayOf(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(at));
}

export const statisticsFileName = "statistics.json";

export function readStatistics(file: string): StatisticsFile {
  if (!existsSync(file)) return {};
  const parsed = statisticsFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${file}: not a statistics file (${parsed.error.issues[0]?.message ?? "invalid"})`,
    );
  }
  return parsed.data;
}

/**
 * Counts facts into `dir/statistics.json`. The whole file is rewritten (it is small: a few
 * numbers per day) to a temporary file and renamed, so a crash leaves the old or the new one.
 */
export class StatisticsStore {
  readonly #file: string;
  readonly #timeZone: string;
  #data: StatisticsFile;

  constructor(dir: string, timeZone: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#file = path.join(dir, statisticsFileName);
    this.#timeZone = timeZone;
    this.#data = readStatistics(this.#file);
  }

  get file(): string {
    return this.#file;
  }

  count(fact: OperationsFact | StatisticsOnlyFact, at: number): void {
    const day = dayOf(at, this.#timeZone);
    this.#data = { ...this.#data, [day]: countFact(this.#data[day] ?? emptyDay(), fact) };
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#data) + "\n", { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}
