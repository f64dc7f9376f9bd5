import { parseInstant } from "../../helpline/api.ts";
import { SessionFailure, type SessionFailureKind } from "../types.ts";
import { fail, isRecord, postJson, stringField, type Fetch } from "./http.ts";

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
  if (/busy|full|capacity|unavailable|no_counsellor/.test(normalized)) return "busy";
  return "generic";
}

/** Waits between attempts: a bot restarting takes a second or two to answer again. */
export const conversationRetryDelaysMs = [500, 1000, 2000, 4000];

export function createBotApi(
  fetchFn: Fetch,
  apiBase: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): BotApi {
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
      const { status, body } = await postJson(fetchFn, `${apiBase}/registration-tokens`, {});
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
      const { status, body } = await postConversation({ registrationToken, openIdToken });
      if (status < 200 || status >= 300) {
        fail(failureKindFromBotError(body), `conversation refused (${status})`);
      }
      const roomId = stringField(body, "roomId");
      if (roomId === undefined || !roomId.startsWith("!")) fail("generic", "conversation missing");
      return roomId;
    },
  };
}
