import type { Fetch } from "../session/matrix/http.ts";
import {
  ApiError,
  type Availability,
  type CannedReply,
  type ConsoleLang,
  type CounsellorApi,
  type CounsellorLoad,
  type Desk,
  type DeskConversation,
  type LocalizedText,
  type Overview,
  type PendingHandover,
  type QueueEntry,
} from "./types.ts";

// The bot's counsellor API (same origin, /api). Every answer is cleaned here, at the edge: unknown
// states and malformed entries are dropped, so a newer or older bot never breaks the screens.

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const time = (v: unknown): number | null => {
  if (typeof v !== "string") return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
};
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);

const AVAILABILITIES: readonly Availability[] = ["on_duty", "paused", "off_duty"];
const availability = (v: unknown): Availability | null =>
  AVAILABILITIES.find((a) => a === v) ?? null;

function conversation(v: Json): DeskConversation | null {
  const reference = num(v["reference"]);
  const roomId = str(v["roomId"]);
  const state = v["state"];
  if (reference === null || roomId === null) return null;
  if (state !== "offered" && state !== "active" && state !== "handover_offered") return null;
  return {
    reference,
    roomId,
    name: str(v["name"]) ?? String(reference),
    state,
    arrivedAt: time(v["arrivedAt"]),
    offerExpiresAt: time(v["offerExpiresAt"]),
    handoverTo: str(v["handoverTo"]),
    handoverFrom: str(v["handoverFrom"]),
    requeued: v["requeued"] === true,
  };
}

function queueEntry(v: Json): QueueEntry | null {
  const reference = num(v["reference"]);
  const position = num(v["position"]);
  const state = v["state"];
  if (reference === null || position === null) return null;
  if (state !== "queued" && state !== "offered") return null;
  return {
    reference,
    position,
    waitingSince: time(v["waitingSince"]),
    state,
    offeredTo: str(v["offeredTo"]),
  };
}

function counsellorLoad(v: Json): CounsellorLoad | null {
  const userId = str(v["userId"]);
  const avail = availability(v["availability"]);
  if (userId === null || avail === null) return null;
  return {
    userId,
    availability: avail,
    load: num(v["load"]) ?? 0,
    capacity: num(v["capacity"]) ?? 0,
  };
}

function pendingHandover(v: Json): PendingHandover | null {
  const reference = num(v["reference"]);
  const roomId = str(v["roomId"]);
  const to = str(v["to"]);
  return reference === null || roomId === null || to === null ? null : { reference, roomId, to };
}

function localized(v: unknown): LocalizedText {
  if (!isRecord(v)) return {};
  const out: Partial<Record<ConsoleLang, string>> = {};
  for (const lang of ["fr", "nl", "en"] as const) {
    const text = str(v[lang]);
    if (text !== null && text.trim() !== "") out[lang] = text;
  }
  return out;
}

function cannedReply(v: Json): CannedReply | null {
  const id = str(v["id"]);
  const label = localized(v["label"]);
  const text = localized(v["text"]);
  if (id === null || Object.keys(text).length === 0) return null;
  return { id, label, text };
}

const clean = <T>(items: Json[], parse: (v: Json) => T | null): T[] =>
  items.map(parse).filter((x): x is T => x !== null);

export function parseDesk(body: unknown): Desk {
  if (!isRecord(body)) throw new ApiError(200, "malformed_answer");
  const userId = str(body["userId"]);
  const avail = availability(body["availability"]);
  if (userId === null || avail === null) throw new ApiError(200, "malformed_answer");
  return {
    userId,
    availability: avail,
    load: num(body["load"]) ?? 0,
    capacity: num(body["capacity"]) ?? 0,
    supervisor: body["supervisor"] === true,
    waiting: num(body["waiting"]) ?? 0,
    conversations: clean(list(body["conversations"]), conversation),
    queue: clean(list(body["queue"]), queueEntry),
    colleagues: clean(list(body["colleagues"]), counsellorLoad),
    pendingHandovers: clean(list(body["pendingHandovers"]), pendingHandover),
    cannedReplies: clean(list(body["cannedReplies"]), cannedReply),
  };
}

export function parseOverview(body: unknown): Overview {
  if (!isRecord(body)) throw new ApiError(200, "malformed_answer");
  return {
    counsellors: clean(list(body["counsellors"]), counsellorLoad),
    queue: clean(list(body["queue"]), queueEntry),
    active: num(body["active"]) ?? 0,
  };
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
      const error = isRecord(parsed) ? parsed["error"] : undefined;
      const code = isRecord(error) ? (str(error["code"]) ?? "unknown") : "unknown";
      throw new ApiError(response.status, code);
    }
    return parsed;
  }
  const ref = (reference: number): string => encodeURIComponent(String(reference));
  return {
    me: async () => parseDesk(await call("GET", "/counsellor/me")),
    setAvailability: async (value) =>
      parseDesk(await call("PUT", "/counsellor/availability", { availability: value })),
    end: async (reference) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/end`, {});
    },
    requeue: async (reference) => {
      await call("POST", `/counsellor/conversations/${ref(reference)}/requeue`, {});
    },
    bar: async (reference) => {
      await call("POST", "/counsellor/bars", { reference });
    },
    overview: async () => parseOverview(await call("GET", "/supervisor/overview")),
    assign: async (reference, counsellorId) => {
      await call("POST", `/supervisor/queue/${ref(reference)}/assign`, { counsellorId });
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
      const lang = isRecord(body) ? body["defaultLanguage"] : null;
      return lang === "fr" || lang === "nl" || lang === "en" ? lang : null;
    },
  };
}
