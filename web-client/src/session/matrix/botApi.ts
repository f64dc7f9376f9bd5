import {
  apiErrorOf,
  isRecord,
  readFirstStatus,
  readInstant,
  type ApiErrorCode,
  type Feedback,
  type WritingAbout,
} from "@helpline/contract";
import type {
  CreateConversationRequest,
  FeedbackRequest,
  ReservePlaceRequest,
  UrgentRequest,
} from "@helpline/contract/requests";
import { SessionFailure, type SessionFailureKind, type YouthStatus } from "../types.ts";
import { fail, postJson, stringField, type Fetch } from "./http.ts";
import { createProofSource, type ProofSource } from "./proofOfWork.ts";
import type { IssuedToken } from "./register.ts";

/** The OpenID token exactly as the homeserver returned it; the bot checks it with Synapse. */
export type OpenIdToken = Readonly<Record<string, unknown>>;

/** The youth's conversation, as the bot opened it. */
export interface OpenedConversation {
  roomId: string;
  /**
   * What counsellors call the youth ("Jeune 4821"): her display name when she gives no pseudonym,
   * so they never see her random account id. Null if the bot gave none.
   */
  youthName: string | null;
  /**
   * The secret that lets this page say whether it is still open (POST /api/presence); null from
   * an older bot, which then hears nothing of the page.
   */
  presenceKey: string | null;
  /**
   * Her status when the bot answered: her place in the queue if she waits, or a counsellor
   * joining if one was offered her conversation at once; null if it gave neither (an older bot,
   * or anything else, which is the room's to say). Shown until the room's own status says more.
   */
  firstStatus: YouthStatus | null;
}

export interface BotApi {
  /** A single-use registration token, with when Synapse stops accepting it. */
  createRegistrationToken(): Promise<IssuedToken>;
  /**
   * Her place in the queue, held for her with her registration token before her account, her
   * OpenID token and her room exist (POST /api/places): the bot asks Synapse nothing for it, so
   * she sees her place at once on a busy night. Only a head start: her conversation request
   * remains what counts, and takes the place. Her place (a waiting status), or null whatever went
   * wrong (no network, a refusal, an older bot); never rejects, never asks twice.
   */
  reservePlace(registrationToken: string): Promise<YouthStatus | null>;
  createConversation(
    registrationToken: string,
    openIdToken: OpenIdToken,
    /** "About myself / someone close", where the service asks it and the youth answered. */
    writingAbout?: WritingAbout,
    /**
     * Called each time the bot answers that her room is still being made (`room_not_ready`),
     * before asking again: the start is not stuck, whatever its own time limit says. With her
     * place as that answer gives it (fresher than any before), or null if it gives none.
     */
    onRoomPreparing?: (place: YouthStatus | null) => void,
  ): Promise<OpenedConversation>;
  /**
   * The end screen's answers, proved by the conversation's presence key (POST /api/feedback).
   * Rejects with a SessionFailure if the bot did not count them.
   */
  sendFeedback(conversationId: string, presenceKey: string, feedback: Feedback): Promise<void>;
  /**
   * "I am in danger now" (POST /api/urgent), proved by the conversation's presence key: the bot
   * moves her ahead of the queue. Resolves too when a counsellor is already there (nothing to
   * move); rejects with a SessionFailure if the bot did not take it.
   */
  declareUrgent(conversationId: string, presenceKey: string): Promise<void>;
}

/** Synapse's own limit for a display name is 256; a name for counsellors to read is far shorter. */
const maxYouthNameLength = 64;

/**
 * The bot's presence key is 32 random bytes in base64url (43 characters). Anything that does not
 * look like base64url of a sane length is treated as no key at all, so the page sends nothing.
 */
const presenceKeyPattern = /^[A-Za-z0-9_-]{16,128}$/;

/** The bot's error codes that mean something to the youth; any other is "generic". */
const failureKinds = {
  closed: "closed",
  barred: "barred",
  rate_limited: "rateLimited",
  // Too many proofs at once, or the bot could not take her in: both "try again in a moment".
  busy: "busy",
  unavailable: "busy",
  // Her room still not made after her page's patience (roomPreparingPatienceMs): busy too.
  room_not_ready: "busy",
} as const satisfies Partial<Record<ApiErrorCode, SessionFailureKind>>;

const failureCodes = Object.keys(failureKinds) as (keyof typeof failureKinds)[];

export function failureKindFromBotError(body: unknown): SessionFailureKind {
  const code = apiErrorOf(body, failureCodes)?.code;
  return code === undefined ? "generic" : failureKinds[code];
}

/** Waits between attempts: a bot restarting takes a second or two to answer again. */
export const conversationRetryDelaysMs = [500, 1000, 2000, 4000];

/**
 * While the bot answers that her room is still being made (`room_not_ready`, a busy night), her
 * page asks again after this wait (the bot's Retry-After), and keeps asking for this long from
 * her first request: the bot keeps that room for her, so each request waits for the same room
 * rather than asking for another. Her starting screen says meanwhile that it is busy.
 */
export const roomPreparingRetryMs = 1_000;
export const roomPreparingPatienceMs = 180_000;

/** Where her conversation request's retries stand: lost answers asked again, and since when. */
export interface ConversationRetries {
  readonly lost: number;
  readonly since: number;
}

/**
 * After a 5xx answer to her conversation request, or none at all: how long to wait before asking
 * again, and the retries then; null to give up. `preparing`: the bot said her room is still being
 * made (room_not_ready), which does not use up the retries of a lost answer while her patience
 * lasts. Shared with the campaign-night bench, which asks as her page does.
 */
export function nextConversationAttempt(
  retries: ConversationRetries,
  preparing: boolean,
  now: number,
): { wait: number; retries: ConversationRetries } | null {
  if (preparing && now - retries.since < roomPreparingPatienceMs) {
    return { wait: roomPreparingRetryMs, retries };
  }
  const wait = conversationRetryDelaysMs[retries.lost];
  return wait === undefined ? null : { wait, retries: { ...retries, lost: retries.lost + 1 } };
}

/**
 * Her place in the queue as an answer before her conversation gives it (`place`), read as her
 * conversation's first status is; null if it gives none. Never anything but a place: only her
 * conversation's answer, or her room, may say that a counsellor is coming.
 */
function placeIn(body: unknown): YouthStatus | null {
  const status = readFirstStatus(body);
  return status?.state === "waiting" ? status : null;
}

export function createBotApi(
  fetchFn: Fetch,
  apiBase: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  proofs: ProofSource = createProofSource(fetchFn, apiBase),
  /** The page's language, counted by the bot in its anonymous daily statistics (optional). */
  pageLanguage?: () => string,
  /** The page's clock, on which a registration token's expiry is given (IssuedToken). */
  now: () => number = () => Date.now(),
): BotApi {
  /**
   * A proof can be refused if it went stale (the bot restarted, or the page sat open for long):
   * solve a fresh one once, transparently.
   */
  async function postRegistrationToken() {
    for (let attempt = 1; ; attempt += 1) {
      const response = await postJson(
        fetchFn,
        `${apiBase}/registration-tokens`,
        await proofs.take(),
      );
      const stale = apiErrorOf(response.body, ["invalid_proof_of_work"]) !== null;
      if (!stale || attempt >= 2) return response;
    }
  }

  /**
   * Asking for the conversation again is safe: the bot answers a youth who already has one with
   * that same conversation. So a lost answer (network cut, bot restarting: no answer or a 5xx) is
   * retried a few times; a 4xx is an answer and is not. "Her room is still being made" is asked
   * again apart, for as long as the page's patience lasts (roomPreparingPatienceMs).
   */
  async function postConversation(
    // The OpenID token goes as the homeserver gave it: the bot, not the page, checks its fields.
    body: Omit<CreateConversationRequest, "openIdToken"> & { openIdToken: OpenIdToken },
    onRoomPreparing: ((place: YouthStatus | null) => void) | undefined,
  ) {
    let retries: ConversationRetries = { lost: 0, since: now() };
    for (;;) {
      let response: Awaited<ReturnType<typeof postJson>>;
      try {
        response = await postJson(fetchFn, `${apiBase}/conversations`, body);
      } catch (error: unknown) {
        const next = nextConversationAttempt(retries, false, now());
        if (next === null) throw error;
        retries = next.retries;
        await sleep(next.wait);
        continue;
      }
      if (response.status < 500) return response;
      const preparing = apiErrorOf(response.body, ["room_not_ready"]) !== null;
      const next = nextConversationAttempt(retries, preparing, now());
      if (next === null) return response;
      if (preparing) onRoomPreparing?.(placeIn(response.body));
      retries = next.retries;
      await sleep(next.wait);
    }
  }

  return {
    async createRegistrationToken() {
      const { status, body } = await postRegistrationToken();
      if (status < 200 || status >= 300) {
        const kind = failureKindFromBotError(body);
        // Outside admission hours the bot says when it reopens: the closed screen shows it.
        const nextOpensAt = readInstant(apiErrorOf(body, ["closed"])?.["nextOpensAt"]);
        throw new SessionFailure(kind, `registration token refused (${status})`, {
          nextOpensAt: kind === "closed" ? nextOpensAt : null,
        });
      }
      const token = stringField(body, "token");
      if (token === undefined || token === "") fail("generic", "registration token missing");
      // When the page may still use it (earlyRegistration.ts), on the page's own clock: the
      // lifetime the bot gives, counted from now. Never the bot's `expiresAt` against this
      // device's clock, which may be minutes off. An older bot gives no lifetime: unknown.
      const seconds = isRecord(body) ? body["expiresInSeconds"] : undefined;
      const known = typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0;
      return { token, expiresAt: known ? now() + seconds * 1000 : null };
    },

    async reservePlace(registrationToken) {
      const body: ReservePlaceRequest = { registrationToken };
      try {
        // Once: a head start is worth nothing late, and her conversation request asks anyway.
        const response = await postJson(fetchFn, `${apiBase}/places`, body);
        if (response.status < 200 || response.status >= 300) return null;
        return placeIn(response.body);
      } catch {
        return null; // no network: her conversation request says her place later
      }
    },

    async createConversation(registrationToken, openIdToken, writingAbout, onRoomPreparing) {
      const language = pageLanguage?.();
      const { status, body } = await postConversation(
        {
          registrationToken,
          openIdToken,
          ...(language ? { language } : {}),
          ...(writingAbout !== undefined ? { writingAbout } : {}),
        },
        onRoomPreparing,
      );
      if (status < 200 || status >= 300) {
        fail(failureKindFromBotError(body), `conversation refused (${status})`);
      }
      const roomId = stringField(body, "roomId");
      if (roomId === undefined || !roomId.startsWith("!")) fail("generic", "conversation missing");
      const name = stringField(body, "youthName")?.trim();
      const youthName =
        name === undefined || name === "" || name.length > maxYouthNameLength ? null : name;
      const key = stringField(body, "presenceKey");
      const presenceKey = key !== undefined && presenceKeyPattern.test(key) ? key : null;
      return { roomId, youthName, presenceKey, firstStatus: readFirstStatus(body) };
    },

    async sendFeedback(conversationId, presenceKey, feedback) {
      const body: FeedbackRequest = { conversationId, presenceKey, ...feedback };
      // Once: a lost answer is not worth asking twice (the bot counts one per conversation).
      const { status } = await postJson(fetchFn, `${apiBase}/feedback`, body);
      if (status < 200 || status >= 300) fail("generic", `feedback refused (${status})`);
    },

    async declareUrgent(conversationId, presenceKey) {
      const body: UrgentRequest = { conversationId, presenceKey };
      // Once: saying it again is harmless, but it is the youth who retries, seeing it failed.
      const response = await postJson(fetchFn, `${apiBase}/urgent`, body);
      if (response.status >= 200 && response.status < 300) return;
      // A counsellor joined meanwhile: she is no longer in the queue, and is no longer waiting.
      if (apiErrorOf(response.body, ["not_waiting"]) !== null) return;
      fail("generic", `urgent refused (${response.status})`);
    },
  };
}
