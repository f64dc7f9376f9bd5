import type { ApiErrorBody, ApiErrorCode } from "@helpline/contract";
import type { Response } from "express";

export type { ApiErrorBody };

/**
 * Every API error has one shape and a code of the contract, so a client decides on the code.
 * `beside`: what the answer says besides the refusal, next to `error` (a 503 room_not_ready says
 * her place), never inside it.
 */
export function sendError(
  response: Response,
  status: number,
  code: ApiErrorCode,
  message: string,
  beside: Record<string, unknown> = {},
): void {
  const body: ApiErrorBody = { ...beside, error: { code, message } };
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
