import type { ApiErrorBody, ApiErrorCode } from "@helpline/contract";
import type { Response } from "express";
import { HomeserverError } from "../matrix/homeserver.ts";

export type { ApiErrorBody };

/** Every API error has one shape and a code of the contract, so a client decides on the code. */
export function sendError(
  response: Response,
  status: number,
  code: ApiErrorCode,
  message: string,
): void {
  const body: ApiErrorBody = { error: { code, message } };
  response.status(status).json(body);
}

/**
 * The same shape for the bot's private admin API (operations/private-api.ts), whose codes are
 * between the bot and its admin CLI, not part of the public contract.
 */
export function sendPrivateError(
  response: Response,
  status: number,
  code: string,
  message: string,
): void {
  response.status(status).json({ error: { code, message } });
}

/**
 * Whether a failed request failed because the homeserver did not serve the bot: it timed out, it
 * could not be reached, or it answered 5xx or 429. Then the youth is told "busy, try again" (503),
 * which her page retries, rather than "something went wrong" (500): on a campaign night an
 * overloaded Synapse is the expected case, not a bug of ours. Only the bot's own calls reach here:
 * a youth's bad request is answered 4xx long before.
 */
export function isHomeserverUnavailable(error: unknown): boolean {
  if (error instanceof HomeserverError) return error.status >= 500 || error.status === 429;
  if (!(error instanceof Error)) return false;
  // AbortSignal.timeout() rejects fetch with a DOMException named TimeoutError.
  if (error.name === "TimeoutError") return true;
  // undici's "fetch failed", whose cause says the connection never carried an answer.
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return (
    error instanceof TypeError &&
    typeof code === "string" &&
    (code === "ECONNREFUSED" || code === "ECONNRESET" || code.startsWith("UND_ERR_"))
  );
}
