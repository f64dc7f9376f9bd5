import { isRecord } from "@helpline/contract";
import type { Fetch } from "../../shared/fetch.ts";
import { SessionFailure, type SessionFailureKind } from "../types.ts";

export type { Fetch };

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

/** POSTs JSON on the same origin; never sends cookies elsewhere, never follows a redirect. */
export async function postJson(fetchFn: Fetch, url: string, body: unknown, accessToken?: string) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (accessToken !== undefined) headers["Authorization"] = `Bearer ${accessToken}`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      credentials: "omit",
      redirect: "error",
      cache: "no-store",
    });
  } catch (error: unknown) {
    throw new SessionFailure("generic", `network error on ${url}`, { cause: error });
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // Not JSON (e.g. a proxy error page): the status alone decides below.
  }
  return { status: response.status, body: parsed } satisfies JsonResponse;
}

export function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === "string" ? field : undefined;
}

export function fail(kind: SessionFailureKind, detail: string): never {
  throw new SessionFailure(kind, detail);
}
