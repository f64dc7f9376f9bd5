import { apiErrorCodes, apiErrorOf, isLanguage, isRecord } from "@helpline/contract";
import { readDesk, readHelpAnswer, readOverview } from "@helpline/contract/counsellor-api";
import type {
  AddObserverRequest,
  AssignRequest,
  CreateBarRequest,
  SetAvailabilityRequest,
} from "@helpline/contract/requests";
import type { Fetch } from "../shared/fetch.ts";
import { ApiError, type CounsellorApi, type Desk, type Overview } from "./types.ts";

// The bot's counsellor API (same origin, /api). Every answer is cleaned here, at the edge, by the
// contract's decoders: unknown states and malformed entries are dropped, so a newer or older bot
// never breaks the screens.

export function parseDesk(body: unknown): Desk {
  return readDesk(body) ?? malformed();
}

export function parseOverview(body: unknown): Overview {
  return readOverview(body) ?? malformed();
}

function malformed(): never {
  throw new ApiError(200, "malformed_answer");
}

export function createCounsellorApi(
  fetchFn: Fetch,
  apiBase: string,
  token: (fresh?: boolean) => Promise<string>,
): CounsellorApi {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    try {
      return await callOnce(method, path, body, false);
    } catch (error: unknown) {
      // The bot no longer accepts the cached token (e.g. the homeserver restarted): once more
      // with a new one.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      return callOnce(method, path, body, true);
    }
  }
  async function callOnce(
    method: string,
    path: string,
    body: unknown,
    freshToken: boolean,
  ): Promise<unknown> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await token(freshToken)}`,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetchFn(`${apiBase}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        credentials: "omit",
        redirect: "error",
        cache: "no-store",
      });
    } catch {
      throw new ApiError(0, "network_error");
    }
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      // Not JSON (a proxy's error page): the status decides.
    }
    if (!response.ok) {
      throw new ApiError(response.status, apiErrorOf(parsed, apiErrorCodes)?.code ?? "unknown");
    }
    return parsed;
  }
  const ref = (reference: number): string => encodeURIComponent(String(reference));
  return {
    me: async () => parseDesk(await call("GET", "/counsellor/me")),
    setAvailability: async (value) =>
      parseDesk(
        await call("PUT", "/counsellor/availability", {
          availability: value,
        } satisfies SetAvailabilityRequest),
      ),
    end: async (reference) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/end`, {});
    },
    requeue: async (reference) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/requeue`, {});
    },
    markDanger: async (reference) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/danger`, {});
    },
    bar: async (reference) => {
      await call("POST", "/counsellor/bars", { reference } satisfies CreateBarRequest);
    },
    fileCaseForm: async (reference, form) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/case-form`, form);
    },
    askForHelp: async (reference) =>
      readHelpAnswer(await call("POST", `/counsellor/conversations/${ref(reference)}/help`)) ??
      malformed(),
    overview: async () => parseOverview(await call("GET", "/supervisor/overview")),
    assign: async (reference, counsellorId) => {
      await call("POST", `/supervisor/queue/${ref(reference)}/assign`, {
        counsellorId,
      } satisfies AssignRequest);
    },
    joinConversation: async (reference) => {
      await call("POST", `/supervisor/conversations/${ref(reference)}/join`);
    },
    addObserver: async (reference, colleagueId) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/observers`, {
        colleagueId,
      } satisfies AddObserverRequest);
    },
    defaultLanguage: async () => {
      // Public endpoint: no token needed.
      const response = await fetchFn(`${apiBase}/helpline`, {
        credentials: "omit",
        redirect: "error",
        cache: "no-store",
      });
      if (!response.ok) return null;
      const body: unknown = await response.json();
      const language = isRecord(body) ? body["defaultLanguage"] : null;
      return isLanguage(language) ? language : null;
    },
  };
}
