import { isRecord } from "./records.ts";

// The youth's consented safety form (issue 18): a counsellor proposes it, the youth may answer
// with a place and a phone number, or decline. Only the counsellor's and the youth's clients
// speak it, always end-to-end encrypted: the request and the refusal are Megolm-encrypted room
// events (their type is inside the ciphertext), the answer an Olm-encrypted to-device message to
// the requesting counsellor's devices alone, never a room event. The bot never sees any of it in
// clear. Decoders are hand-written (the youth's page imports no schema library) and strict: the
// answer is what a counsellor may act on in an emergency, so anything malformed is refused whole.

/** Room event, counsellor → room: "would you fill in the safety form?" */
export const safetyFormRequestType = "org.helplinechat.safety_form.request";
/** Room event, youth → room: "no thank you" to one request. Carries no answer. */
export const safetyFormDeclinedType = "org.helplinechat.safety_form.declined";
/** To-device message, youth → the requesting counsellor's devices: the answers. */
export const safetyFormAnswerType = "org.helplinechat.safety_form.answer";

/** Longest place accepted, in characters (code points). */
export const safetyPlaceMaxLength = 300;
/** Longest phone number accepted, in characters. */
export const safetyPhoneMaxLength = 30;

/** A request id: made by the counsellor's client, random, URL-safe. */
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Digits, spaces, +, -, ( and ): how people write phone numbers, nothing else. */
const PHONE = /^[0-9 +()-]*$/;
/** A Matrix room id, as far as this form needs to tell it apart from anything else. */
const ROOM_ID = /^![^\s:]+:\S+$/;

export interface SafetyFormRequest {
  readonly requestId: string;
}

export interface SafetyFormDeclined {
  readonly requestId: string;
}

/** The answers, trimmed; null for the one left empty (never both). */
export interface SafetyFormAnswers {
  readonly place: string | null;
  readonly phone: string | null;
}

export interface SafetyFormAnswer extends SafetyFormAnswers {
  readonly requestId: string;
  /** The conversation it answers: the console accepts it only there. */
  readonly roomId: string;
}

/** Why answers typed by the youth cannot be sent; none when they can. */
export type SafetyAnswerProblem = "empty" | "placeTooLong" | "phoneTooLong" | "phoneInvalid";

export function isSafetyRequestId(value: unknown): value is string {
  return typeof value === "string" && REQUEST_ID.test(value);
}

/**
 * Checks what the youth typed: both optional, not both empty; the place at most 300 characters;
 * the phone at most 30 characters of digits, spaces, +, -, ( and ), with at least one digit.
 */
export function checkSafetyAnswers(
  place: string,
  phone: string,
): { ok: true; answers: SafetyFormAnswers } | { ok: false; problem: SafetyAnswerProblem } {
  const p = place.trim();
  const t = phone.trim();
  if (p === "" && t === "") return { ok: false, problem: "empty" };
  if ([...p].length > safetyPlaceMaxLength) return { ok: false, problem: "placeTooLong" };
  if (t.length > safetyPhoneMaxLength) return { ok: false, problem: "phoneTooLong" };
  if (t !== "" && (!PHONE.test(t) || !/[0-9]/.test(t))) {
    return { ok: false, problem: "phoneInvalid" };
  }
  return { ok: true, answers: { place: p === "" ? null : p, phone: t === "" ? null : t } };
}

// --- Wire contents ------------------------------------------------------------------------------

export function safetyFormRequestContent(request: SafetyFormRequest): Record<string, unknown> {
  return { request_id: request.requestId };
}

export function safetyFormDeclinedContent(declined: SafetyFormDeclined): Record<string, unknown> {
  return { request_id: declined.requestId };
}

export function safetyFormAnswerContent(answer: SafetyFormAnswer): Record<string, unknown> {
  return {
    request_id: answer.requestId,
    room_id: answer.roomId,
    ...(answer.place !== null ? { place: answer.place } : {}),
    ...(answer.phone !== null ? { phone: answer.phone } : {}),
  };
}

// --- Decoders: null for anything malformed, oversize or unknown ---------------------------------

export function readSafetyFormRequest(content: unknown): SafetyFormRequest | null {
  if (!isRecord(content) || !isSafetyRequestId(content["request_id"])) return null;
  return { requestId: content["request_id"] };
}

export function readSafetyFormDeclined(content: unknown): SafetyFormDeclined | null {
  if (!isRecord(content) || !isSafetyRequestId(content["request_id"])) return null;
  return { requestId: content["request_id"] };
}

export function readSafetyFormAnswer(content: unknown): SafetyFormAnswer | null {
  if (!isRecord(content)) return null;
  const requestId = content["request_id"];
  const roomId = content["room_id"];
  const place = content["place"];
  const phone = content["phone"];
  if (!isSafetyRequestId(requestId)) return null;
  if (typeof roomId !== "string" || roomId.length > 255 || !ROOM_ID.test(roomId)) return null;
  if (place !== undefined && typeof place !== "string") return null;
  if (phone !== undefined && typeof phone !== "string") return null;
  // The same rules as the youth's form: a longer or odder value was not written by our page.
  const checked = checkSafetyAnswers(place ?? "", phone ?? "");
  if (!checked.ok) return null;
  if ((place ?? "") !== (checked.answers.place ?? "")) return null; // untrimmed: not ours
  if ((phone ?? "") !== (checked.answers.phone ?? "")) return null;
  return { requestId, roomId, ...checked.answers };
}
