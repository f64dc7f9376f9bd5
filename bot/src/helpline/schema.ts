import { weekdays, type Weekday } from "@helpline/contract";
import { isEd25519PublicKey } from "@helpline/contract/provenance";
import { IANAZone } from "luxon";
import { z } from "zod";
import { isCalendarDate, minutesOfDay, slotMinutes } from "./clock.ts";
import { crisisSchema } from "./crisis.ts";

// The helpline's config file, declared once: it describes a SERVICE (name, audience, hours,
// conversation limits, resources for youths), so the same software runs several helplines from
// config alone. Counsellor accounts are not here: they belong to the deployment's config.
// Objects are strict so a misspelt key is an error instead of a silently ignored setting.

export const languages = ["fr", "nl", "en"] as const;
export type Language = (typeof languages)[number];

// The days are the wire contract's: the youth's page reads opening hours by the same names.
export { weekdays, type Weekday };

const startTime = z.string().refine((text) => {
  const minutes = minutesOfDay(text);
  return minutes !== null && minutes < 24 * 60;
}, "a time written HH:MM between 00:00 and 23:59");

const endTime = z
  .string()
  .refine((text) => minutesOfDay(text) !== null, "a time written HH:MM between 00:00 and 24:00");

const localDate = z
  .string()
  .refine(isCalendarDate, "a real calendar date written YYYY-MM-DD (e.g. 2026-12-25)");

/** A text in one or more languages; which language is required is checked at the top level. */
const localizedText = z.strictObject({
  fr: z.string().min(1).optional(),
  nl: z.string().min(1).optional(),
  en: z.string().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedText>;

/** Refuses from = to: an empty slot, or a 24-hour one written ambiguously (write 00:00–24:00). */
function distinctEnds(ctx: z.core.ParsePayload<{ from: string; to: string }>): void {
  const { from, to } = ctx.value;
  const start = minutesOfDay(from);
  // A malformed time was already reported by its own key.
  if (start === null || start !== minutesOfDay(to)) return;
  ctx.issues.push({
    code: "custom",
    input: `${from}–${to}`,
    message: 'a slot whose "to" differs from "from" (00:00–24:00 is a whole day)',
  });
}

const timeSlot = z.strictObject({ from: startTime, to: endTime }).check(distinctEnds);
export type TimeSlot = z.infer<typeof timeSlot>;

const closure = z
  .strictObject({
    date: localDate.optional(),
    from: localDate.optional(),
    to: localDate.optional(),
    reason: z.string().min(1).optional(),
  })
  .check((ctx) => {
    const { date, from, to } = ctx.value;
    const single = date !== undefined;
    const range = from !== undefined || to !== undefined;
    if (single === range || (range && (from === undefined || to === undefined))) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: 'either "date" (one day) or both "from" and "to" (an inclusive range of days)',
      });
    } else if (from !== undefined && to !== undefined && from > to) {
      ctx.issues.push({
        code: "custom",
        path: ["to"],
        input: to,
        message: `a date on or after "from" (${from})`,
      });
    }
  });
export type Closure = z.infer<typeof closure>;

const opening = z
  .strictObject({
    date: localDate,
    from: startTime,
    to: endTime,
    reason: z.string().min(1).optional(),
  })
  .check(distinctEnds);
export type Opening = z.infer<typeof opening>;

const weekly = z.strictObject(
  Object.fromEntries(weekdays.map((day) => [day, z.array(timeSlot).default([])])) as Record<
    Weekday,
    z.ZodDefault<z.ZodArray<typeof timeSlot>>
  >,
);

const week = 7 * 24 * 60;

/** Overlapping weekly slots (a slot crossing midnight included) are an error naming both. */
function checkOverlaps(ctx: z.core.ParsePayload<z.infer<typeof weekly>>): void {
  const spans = weekdays.flatMap((day, dayIndex) =>
    ctx.value[day].flatMap((slot, index) => {
      const from = minutesOfDay(slot.from);
      const to = minutesOfDay(slot.to);
      // Slots already reported as malformed are left out rather than reported twice.
      if (from === null || to === null || from === to || from === 24 * 60) return [];
      const start = dayIndex * 24 * 60 + from;
      return [{ day, index, slot, start, end: start + slotMinutes(from, to) }];
    }),
  );
  for (const [i, a] of spans.entries()) {
    for (const b of spans.slice(i + 1)) {
      // Sunday night may run into Monday: compare with b shifted a week either way.
      const overlaps = [-week, 0, week].some(
        (shift) => a.start < b.end + shift && b.start + shift < a.end,
      );
      if (!overlaps) continue;
      ctx.issues.push({
        code: "custom",
        path: [b.day, b.index],
        input: `${b.slot.from}–${b.slot.to}`,
        message: `a slot that does not overlap hours.weekly.${a.day}.${a.index} (${a.slot.from}–${a.slot.to})`,
      });
    }
  }
}

const minutes = (max: number) => z.int().min(0).max(max);

const hours = z.strictObject({
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), "an IANA time zone such as Europe/Brussels")
    .default("Europe/Brussels"),
  weekly: weekly.check(checkOverlaps),
  closures: z.array(closure).default([]),
  openings: z.array(opening).default([]),
  /** No new youth in the last N minutes of a slot. */
  lastAdmissionMinutes: minutes(240),
  /** Counsellors are warned N minutes before closing. */
  closingWarningMinutes: minutes(240),
});
export type Hours = z.infer<typeof hours>;

const conversations = z.strictObject({
  defaultMaxPerCounsellor: z.int().min(1).max(20),
  offerTimeoutSeconds: z.int().min(10).max(3600),
  inactivityTimeoutMinutes: z
    .int()
    .min(1)
    .max(24 * 60),
  typicalDurationMinutes: z
    .int()
    .min(1)
    .max(24 * 60),
  /** After the end, the youth's account is erased and the room purged; 0 means at once. */
  erasureGraceMinutes: z
    .int()
    .min(0)
    .max(24 * 60),
  /**
   * How long `!bloquer` bars the client that opened an abusive conversation. At most 24 h: a bar
   * is kept under a client key whose secret rotates daily (bot/src/api/abuse/client-keys.ts), and
   * in memory only, so a restart of the bot lifts it.
   */
  barMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .default(24 * 60),
  /**
   * A youth's page beats every 30 s while it is shown: silent this long, it is taken as gone (a
   * tab killed, a phone out of signal). Queued, the youth leaves the queue; with a counsellor, the
   * counsellor is told and may end the conversation.
   */
  pageSilentSeconds: z.int().min(60).max(3600).default(90),
  /**
   * A hidden page (another app in front, the screen locked) may not beat at all, yet the youth
   * can come back to it: it is taken as gone only after this long.
   */
  hiddenPageSilentMinutes: z.int().min(1).max(120).default(10),
});
type Conversations = z.infer<typeof conversations>;

const resource = z
  .strictObject({
    label: localizedText,
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ]*$/, { error: 'a phone number of digits and spaces, e.g. "103"' })
      .optional(),
    url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).optional(),
    description: localizedText.optional(),
    /** An emergency number (112…): shown first and marked as such. */
    emergency: z.boolean().default(false),
  })
  .refine((entry) => entry.phone !== undefined || entry.url !== undefined, {
    error: 'a "phone" or a "url" (or both)',
  });
export type Resource = z.infer<typeof resource>;

/**
 * A ready-made reply a counsellor can insert in a conversation from her console (emergency
 * numbers, the hours, "take your time"), then adapt before sending. Texts only: the console puts
 * them in the message box, the bot never sends them.
 */
const cannedReply = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
    error: "a lower-case id of at most 40 letters, digits and dashes (e.g. emergency-numbers)",
  }),
  /** What the console's button or list shows. */
  label: localizedText,
  /** What goes into the message box. */
  text: z.strictObject({
    fr: z.string().min(1).max(2000).optional(),
    nl: z.string().min(1).max(2000).optional(),
    en: z.string().min(1).max(2000).optional(),
  }),
});
export type CannedReply = z.infer<typeof cannedReply>;

/**
 * What a case form may say a conversation was about (issue 17). Only the id is counted, so an id
 * must stay the same for as long as its counts should add up; the label is what counsellors see.
 */
const caseCategory = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    error: "a lower-case id of letters, digits and single dashes (e.g. online-harassment)",
  }),
  label: localizedText,
});
export type CaseCategory = z.infer<typeof caseCategory>;

/** The counsellor's case form; without it, the default taxonomy (./case-categories.ts). */
const caseForm = z.strictObject({
  categories: z
    .array(caseCategory)
    .min(1, { error: "at least one category" })
    .max(30, { error: "at most 30 categories, so the form stays quick" }),
});

/**
 * A short text the youth may read while she waits in the queue (what happens next, what the
 * counsellor can and cannot do, the secrecy exception, resources): shown folded, under its title.
 */
const waitingText = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
    error: "a lower-case id of at most 40 letters, digits and dashes (e.g. what-happens-next)",
  }),
  title: z.strictObject({
    fr: z.string().min(1).max(120).optional(),
    nl: z.string().min(1).max(120).optional(),
    en: z.string().min(1).max(120).optional(),
  }),
  body: z.strictObject({
    fr: z.string().min(1).max(2000).optional(),
    nl: z.string().min(1).max(2000).optional(),
    en: z.string().min(1).max(2000).optional(),
  }),
});
export type WaitingText = z.infer<typeof waitingText>;

const httpUrl = z.url({ protocol: /^https?$/, error: "an http(s) URL" });

/** A service that took over an ended one's work: its page links to it. */
const successor = z.strictObject({
  name: localizedText,
  url: httpUrl,
  /** Who it is for, in a few words ("for adults and their relatives"). */
  description: localizedText.optional(),
});

/**
 * A service that has stopped: its page says so in its languages and points to its successors; it
 * admits no one, runs no permanence and needs no counsellor.
 */
const ended = z.strictObject({
  /** The day it stopped. */
  on: localDate,
  successors: z.array(successor).min(1, { error: "at least one successor" }),
});
export type Ended = z.infer<typeof ended>;

/** An ended service never opens: the week it is given when its file has no hours. */
const neverOpen: Hours = {
  timeZone: "Europe/Brussels",
  weekly: Object.fromEntries(weekdays.map((day) => [day, []])) as unknown as Hours["weekly"],
  closures: [],
  openings: [],
  lastAdmissionMinutes: 0,
  closingWarningMinutes: 0,
};

/**
 * An ended service holds no conversation, so its limits are never used; these only keep one
 * shape for every definition. Its runtime still runs an idle permanence on this week that never
 * opens (helplines/runtime.ts), and its API refuses every admission (api/ended.ts).
 */
const noConversations: Conversations = {
  defaultMaxPerCounsellor: 1,
  offerTimeoutSeconds: 60,
  inactivityTimeoutMinutes: 30,
  typicalDurationMinutes: 30,
  erasureGraceMinutes: 0,
  barMinutes: 24 * 60,
  pageSilentSeconds: 90,
  hiddenPageSilentMinutes: 10,
};

/** An issue for each entry whose id an earlier entry of the same list already has. */
function duplicateIds(
  path: readonly PropertyKey[],
  entries: readonly { id: string }[],
): z.core.$ZodRawIssue[] {
  const seen = new Map<string, number>();
  return entries.flatMap((entry, index): z.core.$ZodRawIssue[] => {
    const first = seen.get(entry.id);
    if (first === undefined) {
      seen.set(entry.id, index);
      return [];
    }
    const where = [...path, first, "id"].map(String).join(".");
    return [
      {
        code: "custom",
        path: [...path, index, "id"],
        input: entry.id,
        message: `an id not used already (${where} is "${entry.id}" too)`,
      },
    ];
  });
}

export const helplineSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
      error: "a lower-case id made of letters, digits and dashes",
    }),
    name: localizedText,
    defaultLanguage: z.enum(languages),
    audience: z.enum(["minors", "adults"]),
    /** Required while the service runs; an ended one may leave it out. */
    hours: hours.optional(),
    /** Required while the service runs; an ended one may leave it out. */
    conversations: conversations.optional(),
    resources: z.array(resource).min(1, { error: "at least one resource for youths" }),
    /** Where the youth's "quick exit" goes: a neutral site that replaces the chat in history. */
    quickExitUrl: z
      .url({ protocol: /^https?$/, error: "an http(s) URL" })
      .default("https://www.google.com/"),
    /** Ready-made replies for counsellors' consoles (GET /api/counsellor/me). */
    cannedReplies: z.array(cannedReply).max(50).default([]),
    /**
     * Ask youths first "I write about myself / about someone close to me" (never required): for
     * services that also hear relatives. The counsellor sees the answer with the offer, and the
     * anonymous statistics count the answers.
     */
    asksWhoIsWriting: z.boolean().default(false),
    /** The counsellor's case form (issue 17): its categories, else the default taxonomy. */
    caseForm: caseForm.optional(),
    /** Texts the youth may read while queued (GET /api/helpline), in this order. */
    waitingTexts: z.array(waitingText).max(12).default([]),
    /** Present once the service has stopped (see `ended` above). */
    ended: ended.optional(),
    /**
     * Counsellor provenance (docs/threat-model.md): the public half of the helpline key the
     * operator keeps offline. The web server hands it to the youth's page, which then marks the
     * messages of counsellors this key vouched for, and those of anyone else. Absent: no mark.
     */
    provenance: z
      .strictObject({
        publicKey: z.string().refine(isEd25519PublicKey, {
          error:
            "an Ed25519 public key: 32 bytes in unpadded base64, as `npm run admin -- provenance create-key` prints it",
        }),
      })
      .optional(),
    /** Guidance for a conversation marked "danger to life" (./crisis.ts); none when absent. */
    crisis: crisisSchema.optional(),
  })
  .check((ctx) => {
    // Every text must exist at least in the default language, the one shown when no other fits.
    const language = ctx.value.defaultLanguage;
    const texts: [PropertyKey[], LocalizedText | undefined][] = [
      [["name"], ctx.value.name],
      ...ctx.value.resources.flatMap(
        (entry, index): [PropertyKey[], LocalizedText | undefined][] => [
          [["resources", index, "label"], entry.label],
          [["resources", index, "description"], entry.description],
        ],
      ),
      ...(ctx.value.ended?.successors ?? []).flatMap(
        (entry, index): [PropertyKey[], LocalizedText | undefined][] => [
          [["ended", "successors", index, "name"], entry.name],
          [["ended", "successors", index, "description"], entry.description],
        ],
      ),
      ...ctx.value.cannedReplies.flatMap(
        (entry, index): [PropertyKey[], LocalizedText | undefined][] => [
          [["cannedReplies", index, "label"], entry.label],
          [["cannedReplies", index, "text"], entry.text],
        ],
      ),
      ...(ctx.value.caseForm?.categories ?? []).map(
        (entry, index): [PropertyKey[], LocalizedText | undefined] => [
          ["caseForm", "categories", index, "label"],
          entry.label,
        ],
      ),
      ...ctx.value.waitingTexts.flatMap(
        (entry, index): [PropertyKey[], LocalizedText | undefined][] => [
          [["waitingTexts", index, "title"], entry.title],
          [["waitingTexts", index, "body"], entry.body],
        ],
      ),
      [["crisis", "guidance"], ctx.value.crisis?.guidance],
      ...(ctx.value.crisis?.contacts ?? []).map(
        (entry, index): [PropertyKey[], LocalizedText | undefined] => [
          ["crisis", "contacts", index, "label"],
          entry.label,
        ],
      ),
    ];
    for (const [path, text] of texts) {
      if (text === undefined || text[language] !== undefined) continue;
      ctx.issues.push({
        code: "custom",
        path: [...path, language],
        input: undefined,
        message: `a text in the default language (${language})`,
      });
    }
    ctx.issues.push(...duplicateIds(["cannedReplies"], ctx.value.cannedReplies));
    ctx.issues.push(
      ...duplicateIds(["caseForm", "categories"], ctx.value.caseForm?.categories ?? []),
    );
    ctx.issues.push(...duplicateIds(["waitingTexts"], ctx.value.waitingTexts));
    // An ended service admits no one: it needs neither hours nor conversation limits.
    if (ctx.value.ended !== undefined) return;
    for (const key of ["hours", "conversations"] as const) {
      if (ctx.value[key] !== undefined) continue;
      ctx.issues.push({
        code: "custom",
        path: [key],
        input: undefined,
        message: `a "${key}" mapping (only a helpline with "ended" may leave it out)`,
      });
    }
    const weekly = ctx.value.hours?.weekly;
    if (weekly !== undefined && weekdays.every((day) => weekly[day].length === 0)) {
      ctx.issues.push({
        code: "custom",
        path: ["hours", "weekly"],
        input: weekly,
        message: "at least one weekly slot",
      });
    }
  })
  // One shape for every definition: an ended service's missing hours and limits are filled in
  // (it never opens), so code that reads them needs no second case.
  .transform((definition) => ({
    ...definition,
    hours: definition.hours ?? neverOpen,
    conversations: definition.conversations ?? noConversations,
  }));

export type HelplineDefinition = z.output<typeof helplineSchema>;
