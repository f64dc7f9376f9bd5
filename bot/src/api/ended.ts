import type { RequestHandler, Response } from "express";
import { sendError } from "./errors.ts";

// A service that has ended admits no one: its page shows the successors (GET /api/helpline,
// `ended`), and whatever would start a conversation is refused before anything is created, not
// even a proof-of-work challenge or a registration token on Synapse.

export function sendHelplineEnded(response: Response): void {
  sendError(
    response,
    410,
    "helpline_ended",
    "This service has ended and admits no one: its page points to the services that took over.",
  );
}

/** Refuses every POST while `ended()` says so; other methods go on (to their 405). */
export function refuseWhenEnded(ended: () => boolean): RequestHandler {
  return (request, response, next) => {
    if (request.method === "POST" && ended()) {
      sendHelplineEnded(response);
      return;
    }
    next();
  };
}
