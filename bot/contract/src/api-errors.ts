import { isRecord } from "./records.ts";

// Every refusal of the bot's HTTP API has one shape, `{ error: { code, message } }`, and one of the
// codes below: clients decide on the code, never on the message (English, for people reading
// logs) nor on the status alone.

/** Codes any endpoint may answer: the request itself was wrong, or the bot could not serve it. */
export const requestErrorCodes = [
  "invalid_request",
  "invalid_json",
  "invalid_body",
  "payload_too_large",
  "unsupported_media_type",
  "method_not_allowed",
  "not_found",
  "cross_origin_refused",
  /** 429 with Retry-After and `retryAfterSeconds`. */
  "rate_limited",
  /** GET /api/ready: the helpline cannot serve youths now. */
  "not_ready",
  "internal_error",
  /** `/api/h/<id>/…` names no helpline of this deployment. */
  "unknown_helpline",
] as const;

/** The youth's endpoints (challenges, registration tokens, conversations, presence). */
export const youthErrorCodes = [
  /** Outside admission hours; the error carries `nextOpensAt` (an Instant, or null). */
  "closed",
  /** The service has ended: its page points to its successors (GET /api/helpline, `ended`). */
  "helpline_ended",
  /** A counsellor barred this client for a while. */
  "barred",
  /** Too many proofs of work at once. */
  "busy",
  /** The bot could not take the youth in (e.g. its disk is full). */
  "unavailable",
  /**
   * 503 with Retry-After: her room is still being made (a busy Synapse). The bot keeps it for
   * her: asking again with the same request gets that room (bot/src/conversations/late-rooms.ts).
   */
  "room_not_ready",
  /** The proof was wrong, expired or spent: solve a fresh challenge. */
  "invalid_proof_of_work",
  "invalid_openid_token",
  "user_not_allowed",
  "unknown_registration_token",
  "registration_token_not_used",
  "registration_token_already_claimed",
  "invalid_presence_key",
  "unknown_conversation",
  /** POST /api/feedback: this conversation's feedback was already counted (409). */
  "feedback_already_given",
  /** POST /api/urgent: a counsellor is already with her, so the queue has nothing to change (409). */
  "not_waiting",
] as const;

/** The counsellor console's endpoints (docs/counsellor-api.md). */
export const counsellorErrorCodes = [
  "unauthenticated",
  "not_a_counsellor",
  "not_a_supervisor",
  "conversation_not_found",
  "already_requeued",
  "handover_pending",
  "counsellor_unavailable",
  /** POST …/danger: only the counsellor in charge, or a supervisor, may mark it (403). */
  "not_in_charge",
  /** POST …/danger: the youth still waits; only a conversation in progress can be marked. */
  "not_in_progress",
  /** POST …/danger: marked already; nobody is alerted again (409). */
  "already_marked",
  /**
   * 409: this colleague may not read this conversation now (already reading it, in charge of it,
   * or the conversation has no counsellor in the room); the message says which.
   */
  "observer_refused",
] as const;

export type RequestErrorCode = (typeof requestErrorCodes)[number];
export type YouthErrorCode = (typeof youthErrorCodes)[number];
export type CounsellorErrorCode = (typeof counsellorErrorCodes)[number];
export type ApiErrorCode = RequestErrorCode | YouthErrorCode | CounsellorErrorCode;

/**
 * Every code, for a client that keeps any it meets (the console's ApiError). Marked pure so that
 * bundlers leave it out of the youth's page, which never uses it (a spread could have effects).
 */
export const apiErrorCodes: readonly ApiErrorCode[] = /* @__PURE__ */ allCodes();

function allCodes(): ApiErrorCode[] {
  return [...requestErrorCodes, ...youthErrorCodes, ...counsellorErrorCodes];
}

/** The body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

/** An answer's error object, with its code narrowed to those the caller expects. */
export type ApiErrorFields<Code extends ApiErrorCode> = Record<string, unknown> & { code: Code };

/**
 * The error object of an answer's body if its code is one of `expected`, the codes the caller
 * acts on (so a typo is a compile error, and the youth's page carries only the codes it knows);
 * null otherwise: a proxy's error page, another code, a newer bot's code.
 */
export function apiErrorOf<Code extends ApiErrorCode>(
  body: unknown,
  expected: readonly Code[],
): ApiErrorFields<Code> | null {
  const error = isRecord(body) ? body["error"] : undefined;
  if (!isRecord(error)) return null;
  const code = expected.find((known) => known === error["code"]);
  return code === undefined ? null : { ...error, code };
}
