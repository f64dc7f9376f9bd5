// A colleague reads a conversation beside its counsellor (permanence/engine/observers.ts): the
// counsellor in charge asks for a colleague in training here; a supervisor asks for herself in
// supervisor-routes.ts. Both answer the desk's outcome the same way (docs/counsellor-api.md).
// Nothing is invited by the bot: the counsellor in charge's console sends the invite, with the
// history, once her desk lists it (`pendingObservers`).

import { addObserverBody } from "@helpline/contract/requests";
import type { Express, Response } from "express";
import type { ObserveResult } from "../permanence/desk.ts";
import type { ApiDeps } from "./deps.ts";
import { authenticateCounsellor, referenceOf, type CounsellorTokens } from "./counsellor-routes.ts";
import { sendError } from "./errors.ts";
import { describeInvalidRequest } from "./request-schemas.ts";
import { handle, methodNotAllowed } from "./routing.ts";

const refusals: Record<
  Exclude<ObserveResult, { requested: true } | "not_found" | "not_a_supervisor">,
  string
> = {
  not_active:
    "This conversation has no counsellor in the room to read it with (it still waits, or its counsellor left).",
  not_allowed: "Only the counsellor in charge of this conversation may ask a colleague to read it.",
  not_a_counsellor: "This person is not a counsellor of this helpline.",
  in_charge: "This counsellor is in charge of the conversation, or invited to take it over.",
  already_observing: "This colleague already reads this conversation, or is about to.",
};

/** 202 with who will invite her; 404 or 409 with the reason otherwise. */
export function answerObserve(
  deps: ApiDeps,
  response: Response,
  reference: number,
  result: ObserveResult | undefined,
  event: string,
): void {
  if (result === undefined || result === "not_found") {
    sendError(response, 404, "conversation_not_found", "No live conversation has this reference.");
    return;
  }
  if (result === "not_a_supervisor") {
    sendError(response, 403, "not_a_supervisor", "This counsellor is not a supervisor.");
    return;
  }
  if (typeof result === "string") {
    sendError(response, 409, "observer_refused", refusals[result]);
    return;
  }
  deps.logger.info(event);
  // Requested: the counsellor in charge's console invites her, with the history.
  response.status(202).json({ reference, invitedBy: result.counsellorId });
}

/** `base` is where the helpline's routes live: `/api`, or `/api/h/<id>` (api/app.ts). */
export function addObserverRoutes(
  app: Express,
  deps: ApiDeps,
  tokens: CounsellorTokens,
  base = "/api",
): void {
  app.post(
    `${base}/counsellor/conversations/:reference/observers`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null) return;
      const parsed = addObserverBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      const result = await deps.counsellorDesk.addObserver?.(
        userId,
        reference,
        parsed.data.colleagueId,
      );
      answerObserve(deps, response, reference, result, "counsellor.observer_requested");
    }),
  );
  app.all(`${base}/counsellor/conversations/:reference/observers`, methodNotAllowed("POST"));
}
