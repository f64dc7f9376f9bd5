import { z } from "zod";
import { writingAboutValues, type WritingAbout } from "./helplines.ts";
import type { Localized } from "./public-api.ts";

// The counsellor console's API (docs/counsellor-api.md): what the bot answers, and the console's
// decoders for it. Metadata only: references, room ids of the counsellor's own conversations,
// availabilities and times, never anything a youth wrote. The decoders are lenient, like every
// reader of this contract: unknown states and malformed entries are dropped, missing numbers read
// as 0, so a newer or older bot never breaks the console. A separate entry of the package
// (@helpline/contract/counsellor-api), since it loads zod: the youth's page never imports it.

export const availabilities = ["on_duty", "paused", "off_duty"] as const;
export type Availability = (typeof availabilities)[number];

/**
 * "observing": she reads a conversation beside its counsellor (a supervisor who joined, a
 * counsellor in training), invited or in the room; it is not hers to answer for.
 */
export const conversationStates = ["offered", "active", "handover_offered", "observing"] as const;
export type CounsellorConversationState = (typeof conversationStates)[number];

// --- What the bot sends -------------------------------------------------------------------------

export interface CounsellorConversationView {
  reference: number;
  roomId: string;
  /** The room's name in counsellors' clients, "Jeune 4821 · 18:42". */
  name: string;
  state: CounsellorConversationState;
  /** ISO 8601, like every time below. */
  arrivedAt: string;
  /** "offered", and "handover_offered" when the handover has an expiry. */
  offerExpiresAt?: string;
  /** She invited this colleague to take over, who has not joined yet. */
  handoverTo?: string;
  /** "handover_offered": the colleague who invited her. */
  handoverFrom?: string;
  /** She sent it back to the queue and no colleague took it over yet. */
  requeued?: true;
  /** The youth's answer to "about myself / about someone close", where the service asks it. */
  writingAbout?: WritingAbout;
  /** Its side channel with the supervisors (POST …/help), once there is one. */
  sideChannelRoomId?: string;
  /** When it was marked "danger to life" (POST …/danger). */
  dangerAt?: string;
  /** The youth pressed "I am in danger now" while she waited: she went ahead of the queue. */
  urgent?: true;
  /** "active": colleagues asked for, invited or reading beside her. */
  observers?: string[];
  /** "observing": invited (her console joins), or in the room. */
  observing?: "invited" | "joined";
  /** "observing": the counsellor in charge. */
  counsellorId?: string;
}

/**
 * A side channel she was invited into: her own conversation's (`mine`), or, for a supervisor,
 * a colleague's conversation she was asked to help with. The youth is never in it.
 */
export interface SideChannelView {
  reference: number;
  roomId: string;
  mine: boolean;
}

/** POST /api/counsellor/conversations/:reference/help. */
export interface HelpAnswer {
  reference: number;
  roomId: string;
  /** The supervisors invited now; empty: none is on duty (nobody but her is in the room). */
  supervisors: string[];
  /** False: the side channel existed already and is reused. */
  created: boolean;
}

/** The helpline's guidance for a conversation marked "danger to life" (its config's `crisis`). */
export interface CrisisView {
  guidance: Localized;
  contacts: { label: Localized; phone: string }[];
}

/** A conversation marked "danger to life", in the supervisor's overview: metadata only. */
export interface DangerView {
  reference: number;
  /** The counsellor in charge of it. */
  counsellorId: string;
  /** Who marked it: the counsellor in charge, or a supervisor. */
  by: string;
  markedAt: string;
}

export interface QueueEntryView {
  reference: number;
  position: number;
  waitingSince: string;
  state: "queued" | "offered";
  /** The youth pressed "I am in danger now": urgent youths come first, in the order they said it. */
  urgent?: true;
}

export interface TeamMemberView {
  userId: string;
  availability: Availability;
  load: number;
  capacity: number;
}

export interface CannedReplyView {
  id: string;
  label: Localized;
  text: Localized;
}

/** GET /api/counsellor/me: a counsellor's own situation, her team and the queue (metadata). */
export interface CounsellorView extends TeamMemberView {
  supervisor: boolean;
  waiting: number;
  conversations: CounsellorConversationView[];
  queue: QueueEntryView[];
  colleagues: TeamMemberView[];
  /**
   * A colleague was found for a conversation she sent back to the queue: her client must invite
   * `to` into `roomId` itself, so that her device shares the room's key history (MSC4268).
   */
  pendingHandovers: { reference: number; roomId: string; to: string }[];
  /**
   * A colleague is to read a conversation in her charge (a supervisor who asked, or the colleague
   * she asked for): her client must invite `observerId` into `roomId`, to share the history.
   */
  pendingObservers?: { reference: number; roomId: string; observerId: string }[];
  cannedReplies: CannedReplyView[];
  /**
   * Conversations she ended in her charge and may still file a case form for (issue 17), until
   * `until` (ISO 8601); filed or expired ones are no longer listed.
   */
  caseFormsDue: { reference: number; until: string }[];
  /** The helpline's case-form categories (./case-form.ts), labelled. */
  caseCategories: { id: string; label: Localized }[];
  /** The side channels she was invited into (absent from bots before side channels). */
  sideChannels?: SideChannelView[];
  /** What to do with a conversation marked "danger to life"; absent when the helpline has none. */
  crisis?: CrisisView;
}

/** GET /api/supervisor/overview: the whole team and queue, metadata only. */
export interface SupervisorOverview {
  counsellors: TeamMemberView[];
  queue: (QueueEntryView & { offeredTo?: string })[];
  /** Conversations in progress (a counsellor in charge), however many were handed over. */
  active: number;
  /** Conversations marked "danger to life", the latest marked first. */
  danger: DangerView[];
  /** The same conversations, which a supervisor may join to read beside their counsellor. */
  inProgress?: InProgressView[];
}

/** A conversation in progress, for the supervisor: metadata only, never its room id. */
export interface InProgressView {
  reference: number;
  counsellorId: string;
  arrivedAt: string;
  /** Colleagues asked for, invited or reading it. */
  observers: string[];
}

// --- What the console reads ---------------------------------------------------------------------

const text = z.string().nullable().catch(null);
const count = z.number().catch(0);
/** An ISO 8601 time as epoch milliseconds; null if absent or unreadable. */
const time = z
  .string()
  .transform((v) => {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  })
  .catch(null);
/** True only when the bot says true. */
const flag = z.boolean().catch(false);

/** A list of which only the entries `entry` accepts are kept; anything else reads as empty. */
function listOf<T extends z.ZodType>(entry: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((item): z.output<T>[] => {
        const parsed = entry.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      }),
    );
}

/** Texts per language; blank ones and unknown languages are dropped. */
const localized = z
  .record(z.string(), z.unknown())
  .catch({})
  .transform((texts): Localized => {
    const out: Partial<Record<keyof Localized, string>> = {};
    for (const language of ["fr", "nl", "en"] as const) {
      const value = texts[language];
      if (typeof value === "string" && value.trim() !== "") out[language] = value;
    }
    return out;
  });

const deskConversation = z
  .object({
    reference: z.number(),
    roomId: z.string(),
    name: text,
    state: z.enum(conversationStates),
    arrivedAt: time,
    offerExpiresAt: time,
    handoverTo: text,
    handoverFrom: text,
    requeued: flag,
    writingAbout: z.enum(writingAboutValues).optional().catch(undefined),
    sideChannelRoomId: z.string().optional().catch(undefined),
    dangerAt: time.optional(),
    urgent: flag,
    // Optional, as the fields below: absent from an older bot, and from the console's fakes.
    observers: listOf(z.string()).optional(),
    observing: z.enum(["invited", "joined"]).optional().catch(undefined),
    counsellorId: z.string().optional().catch(undefined),
  })
  .transform(({ name, ...conversation }) => ({
    ...conversation,
    name: name ?? String(conversation.reference),
  }));

const queueEntry = z.object({
  reference: z.number(),
  position: z.number(),
  waitingSince: time,
  state: z.enum(["queued", "offered"]),
  urgent: flag,
  /** Supervisor overview only. */
  offeredTo: text.optional(),
});

const counsellorLoad = z.object({
  userId: z.string(),
  availability: z.enum(availabilities),
  load: count,
  capacity: count,
});

const pendingHandover = z.object({ reference: z.number(), roomId: z.string(), to: z.string() });

const pendingObserver = z.object({
  reference: z.number(),
  roomId: z.string(),
  observerId: z.string(),
});

const inProgress = z.object({
  reference: z.number(),
  counsellorId: z.string(),
  arrivedAt: time,
  observers: listOf(z.string()),
});

const cannedReply = z
  .object({ id: z.string(), label: localized, text: localized })
  .refine((reply) => Object.keys(reply.text).length > 0);

const sideChannel = z.object({ reference: z.number(), roomId: z.string(), mine: flag });

const helpAnswer = z.object({
  reference: z.number(),
  roomId: z.string(),
  supervisors: z.array(z.string()).catch([]),
  created: flag,
});

const caseFormDue = z.object({ reference: z.number(), until: time });

const caseCategory = z
  .object({ id: z.string(), label: localized })
  .refine((category) => Object.keys(category.label).length > 0);

const crisis = z
  .object({
    guidance: localized,
    contacts: listOf(
      z
        .object({ label: localized, phone: z.string() })
        .refine((contact) => Object.keys(contact.label).length > 0),
    ),
  })
  .optional()
  .catch(undefined);

const danger = z.object({
  reference: z.number(),
  counsellorId: z.string(),
  by: z.string(),
  markedAt: time,
});

const desk = z.object({
  userId: z.string(),
  availability: z.enum(availabilities),
  load: count,
  capacity: count,
  supervisor: flag,
  waiting: count,
  conversations: listOf(deskConversation),
  queue: listOf(queueEntry),
  colleagues: listOf(counsellorLoad),
  pendingHandovers: listOf(pendingHandover),
  pendingObservers: listOf(pendingObserver).optional(),
  cannedReplies: listOf(cannedReply),
  caseFormsDue: listOf(caseFormDue),
  caseCategories: listOf(caseCategory),
  /** Absent (bots before side channels, or none): undefined, read as none. */
  sideChannels: listOf(sideChannel).optional(),
  crisis,
});

const overview = z.object({
  counsellors: listOf(counsellorLoad),
  queue: listOf(queueEntry),
  active: count,
  danger: listOf(danger),
  inProgress: listOf(inProgress).optional(),
});

export type DeskConversation = Readonly<z.output<typeof deskConversation>>;
export type QueueEntry = Readonly<z.output<typeof queueEntry>>;
export type CounsellorLoad = Readonly<z.output<typeof counsellorLoad>>;
export type PendingHandover = Readonly<z.output<typeof pendingHandover>>;
export type PendingObserver = Readonly<z.output<typeof pendingObserver>>;
export type InProgress = Readonly<z.output<typeof inProgress>>;
export type CannedReply = Readonly<z.output<typeof cannedReply>>;
export type SideChannelEntry = Readonly<z.output<typeof sideChannel>>;
export type HelpAnswerRead = Readonly<z.output<typeof helpAnswer>>;
export type CaseFormDue = Readonly<z.output<typeof caseFormDue>>;
export type CaseCategoryView = Readonly<z.output<typeof caseCategory>>;
export type Crisis = Readonly<NonNullable<z.output<typeof crisis>>>;
export type DangerMark = Readonly<z.output<typeof danger>>;
/** GET /api/counsellor/me, as the console reads it (times as epoch milliseconds). */
export type Desk = Readonly<z.output<typeof desk>>;
export type Overview = Readonly<z.output<typeof overview>>;

/** GET /api/counsellor/me (and PUT /api/counsellor/availability); null if it is not a desk. */
export function readDesk(body: unknown): Desk | null {
  const parsed = desk.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** POST /api/counsellor/conversations/:reference/help; null if it is not that answer. */
export function readHelpAnswer(body: unknown): HelpAnswerRead | null {
  const parsed = helpAnswer.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** GET /api/supervisor/overview; null if it is not an overview. */
export function readOverview(body: unknown): Overview | null {
  const parsed = overview.safeParse(body);
  return parsed.success ? parsed.data : null;
}
