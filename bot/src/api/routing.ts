// Small helpers every route module of the API shares.

import type { Request, RequestHandler, Response } from "express";
import { sendError } from "./errors.ts";

// Express 4 does not catch rejected promises; route them to the error handler.
export function handle(
  fn: (request: Request, response: Response) => Promise<void>,
): RequestHandler {
  return (request, response, next) => {
    fn(request, response).catch(next);
  };
}

export function emptyObject(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 0
  );
}

export function hasBody(request: Request): boolean {
  const length = request.headers["content-length"];
  return (
    request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0")
  );
}

/** For `app.all` after a route: the other methods get a JSON 405 naming the allowed one. */
export function methodNotAllowed(allowed: string): RequestHandler {
  return (_request, response) => {
    response.set("Allow", allowed);
    sendError(response, 405, "method_not_allowed", `This endpoint only accepts ${allowed}.`);
  };
}

/** For actions that take no parameters: no body, or `{}`. Answers 400 and returns false otherwise. */
export function refuseNonEmptyBody(request: Request, response: Response): boolean {
  if (hasBody(request) && !emptyObject(request.body)) {
    sendError(response, 400, "invalid_request", "The request body must be empty or {}.");
    return true;
  }
  return false;
}
