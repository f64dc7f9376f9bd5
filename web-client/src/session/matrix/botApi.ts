import { parseInstant } from "../../helpline/api.ts";
import { SessionFailure, type SessionFailureKind } from "../types.ts";
import { fail, isRecord, postJson, stringField, type Fetch } from "./http.ts";
import { createProofSource, type ProofSource } from "./proofOfWork.ts";

/** The OpenID token exactly as the homeserver returned it; the bot checks it with Synapse. */
export type OpenIdToken = Readonly<Record<string, unknown>>;

export interface BotApi {
  createRegistrationToken(): Promise<string>;
  createConversation(registrationToken: string, openIdToken: OpenIdToken): Promise<string>;
}

/** Bot error codes that mean something to the youth; anything else is "generic". */
export function failureKindFromBotError(body: unknown): SessionFailureKind {
  const code = isRecord(body) ? stringField(body["error"], "code") : undefined;
  if (code === undefined) return "generic";
  const normalized = code.toLowerCase();
  if (/closed|hours|outside/.test(normalized)) return "closed";
  if (normalized === "barred") return "barred";
  if (normalized === "rate_limited") return "rateLimited";
  if (/busy|full|capacity|unavailable|no_counsellor/.test(normalized)) return "busy";
  return "generic";
}

/** Waits between attempts: a bot restarting takes a second or two to answer again. */
export const conversationRetryDelaysMs = [500, 1000, 2000, 4000];

export function createBotApi(
  fetchFn: Fetch,
  apiBase: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  proofs: ProofSource = createProofSource(fetchFn, apiBase),
  /** The page's language, counted by the bot in its anonymous daily statistics (optional). */
  pageLanguage?: () => string,
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
      const code = isRecord(response.body)
        ? stringField(response.body["error"], "code")
        : undefined;
      if (code !== "invalid_proof_of_work" || attempt >= 2) return response;
    }
  }

  /**
   * Asking for the conversation again is safe: the bot answers a youth who already has one with
   * that same conversation. So a lost answer (network cut, bot restarting: no answer or a 5xx) is
   * retried a few times; a 4xx is an answer and is not.
   */
  async function postConversation(body: unknown) {
    for (const delay of [...conversationRetryDelaysMs, null]) {
      try {
        const response = await postJson(fetchFn, `${apiBase}/conversations`, body);
        if (response.status < 500 || delay === null) return response;
      } catch (error: unknown) {
        if (delay === null) throw error;
      }
      await sleep(delay);
    }
    throw new SessionFailure("generic", "unreachable");
  }

  return {
    async createRegistrationToken() {
      const { status, body } = await postRegistrationToken();
      if (status < 200 || status >= 300) {
        const kind = failureKindFromBotError(body);
        // Outside admission hours the bot says when it reopens: the closed screen shows it.
        const error = isRecord(body) ? body["error"] : undefined;
        const nextOpensAt = isRecord(error) ? parseInstant(error["nextOpensAt"]) : null;
        throw new SessionFailure(kind, `registration token refused (${status})`, {
          nextOpensAt: kind === "closed" ? nextOpensAt : null,
        });
      }
      const token = stringField(body, "token");
      if (token === undefined || token === "") fail("generic", "registration token missing");
      return token;
    },

    async createConversation(registrationToken, openIdToken) {
      const language = pageLanguage?.();
      const { status, body } = await postConversation({
        registrationToken,
        openIdToken,
        ...(language ? { language } : {}),
      });
      if (status < 200 || status >= 300) {
        fail(failureKindFromBotError(body), `conversation refused (${status})`);
      }
      const roomId = stringField(body, "roomId");
      if (roomId === undefined || !roomId.startsWith("!")) fail("generic", "conversation missing");
      return roomId;
    },
  };
}
