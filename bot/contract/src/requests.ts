import { z } from "zod";
import {
  caseAgeBands,
  caseFirstDisclosures,
  caseOffers,
  caseWriters,
  feedbackHelped,
  feedbackWriteAgain,
} from "./case-form.ts";
import { availabilities } from "./counsellor-api.ts";
import { writingAboutValues } from "./helplines.ts";

// Request bodies of the bot's API, as the bot checks them (it answers 400 invalid_request, naming
// the field, for anything else). Strings are bounded so a caller cannot make the bot forward
// megabytes to Synapse. Clients build their requests from these types (`z.input`), which cost
// them nothing: a type-only import loads no zod.

/** POST /api/registration-tokens: a solved proof of work (./proof-of-work.ts). */
export const createRegistrationTokenBody = z.strictObject({
  challenge: z.string().min(1).max(200),
  solution: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "letters and digits" }),
});

/** POST /api/conversations. */
export const createConversationBody = z.object({
  registrationToken: z.string().min(1).max(256),
  /** The OpenID token exactly as the homeserver returned it; the bot checks it with Synapse. */
  openIdToken: z.object({
    access_token: z.string().min(1).max(1024),
    token_type: z.literal("Bearer"),
    matrix_server_name: z.string().min(1).max(255),
    expires_in: z.number().nonnegative(),
  }),
  /**
   * The page's language (e.g. "fr"), optional: counted in the anonymous statistics only, as a
   * tally per day, never kept with the conversation. Anything unexpected is dropped, never refused:
   * a statistic must not stop a youth from talking.
   */
  language: z.string().max(35).optional().catch(undefined),
  /**
   * A service for adults and their relatives may ask first whether one writes about oneself or
   * about someone close (./helplines.ts). Optional, and anything else is dropped, never refused.
   */
  writingAbout: z.enum(writingAboutValues).optional().catch(undefined),
});

/**
 * POST /api/places: her place in the queue, asked at her press with the registration token the
 * bot gave her page, before her account, her OpenID token and her room exist (each of them a
 * round trip to a Synapse that is slow on a busy night). The token proves a solved proof of work.
 */
export const reservePlaceBody = z.strictObject({
  registrationToken: z.string().min(1).max(256),
});

/** The bot's presence key: 32 random bytes in base64url. */
const presenceKeyPattern = /^[A-Za-z0-9_-]{43}$/;

/** POST /api/presence: what a youth's page says of itself. */
export const presenceBody = z.strictObject({
  conversationId: z
    .string()
    .max(255)
    .regex(/^![^:\s]+:\S+$/, { error: "a Matrix room id like !abc:server" }),
  presenceKey: z.string().regex(presenceKeyPattern, { error: "the key given with the room" }),
  page: z.enum(["visible", "hidden", "closed", "quick_exit"]),
  kept: z.boolean(),
});

/**
 * POST /api/feedback: the youth's answers on the end screen, proved hers by the conversation's
 * presence key. Both answers optional, but at least one: an empty feedback says nothing.
 */
export const feedbackBody = z
  .strictObject({
    conversationId: presenceBody.shape.conversationId,
    presenceKey: presenceBody.shape.presenceKey,
    helped: z.enum(feedbackHelped).optional(),
    wouldWriteAgain: z.enum(feedbackWriteAgain).optional(),
  })
  .refine((body) => body.helped !== undefined || body.wouldWriteAgain !== undefined, {
    error: "at least one answer (helped or wouldWriteAgain)",
  });

/**
 * POST /api/urgent: the waiting youth pressed "I am in danger now", proved hers by the
 * conversation's presence key. Nothing else: the bot learns the fact, never why.
 */
export const urgentBody = z.strictObject({
  conversationId: presenceBody.shape.conversationId,
  presenceKey: presenceBody.shape.presenceKey,
});

/** PUT /api/counsellor/availability. */
export const setAvailabilityBody = z.strictObject({
  availability: z.enum(availabilities),
});

/** POST /api/counsellor/bars: a conversation's short reference, as counsellors see it. */
export const createBarBody = z.strictObject({
  reference: z.int().min(0).max(999_999_999),
});

/** A path's `:reference`: a conversation's short number, as the console shows it (1–999999). */
export const referenceParam = z.string().regex(/^[1-9][0-9]{0,5}$/);

/** POST /api/supervisor/queue/:reference/assign: offer a waiting youth to a named counsellor. */
export const assignBody = z.strictObject({
  counsellorId: z
    .string()
    .max(255)
    .regex(/^@[^:\s]+:\S+$/, { error: "a Matrix user id like @name:server" }),
});

/**
 * POST /api/counsellor/conversations/:reference/observers: the counsellor in charge asks for a
 * colleague (a counsellor in training) to read the conversation beside her.
 */
export const addObserverBody = z.strictObject({
  colleagueId: assignBody.shape.counsellorId,
});

/** A list in which each value may appear once: each answer is counted once. */
function distinct<T extends z.ZodType<string>>(value: T, max: number) {
  return z
    .array(value)
    .max(max)
    .refine((values) => new Set(values).size === values.length, { error: "each value once" });
}

/**
 * POST /api/counsellor/conversations/:reference/case-form (./case-form.ts): closed answers only.
 * Which categories exist is the helpline's (the bot checks them against its taxonomy).
 */
export const caseFormBody = z.strictObject({
  categories: distinct(
    z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "a category id like sexual-assault" }),
    30,
  ).default([]),
  writer: z.enum(caseWriters).optional(),
  ageBand: z.enum(caseAgeBands).optional(),
  firstDisclosure: z.enum(caseFirstDisclosures).optional(),
  offered: distinct(z.enum(caseOffers), caseOffers.length).default([]),
});

export type CreateRegistrationTokenRequest = z.input<typeof createRegistrationTokenBody>;
export type CreateConversationRequest = z.input<typeof createConversationBody>;
export type ReservePlaceRequest = z.input<typeof reservePlaceBody>;
export type PresenceRequest = z.input<typeof presenceBody>;
export type FeedbackRequest = z.input<typeof feedbackBody>;
export type UrgentRequest = z.input<typeof urgentBody>;
export type SetAvailabilityRequest = z.input<typeof setAvailabilityBody>;
export type CreateBarRequest = z.input<typeof createBarBody>;
export type AssignRequest = z.input<typeof assignBody>;
export type AddObserverRequest = z.input<typeof addObserverBody>;
export type CaseFormRequest = z.input<typeof caseFormBody>;
