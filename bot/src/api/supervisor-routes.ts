// The supervisor's routes (docs/counsellor-api.md): the whole team and queue, metadata only,
// offering a waiting youth to a named counsellor, and joining a conversation to read it. A
// supervisor is a counsellor with the role from the admin CLI or `supervisor: true` in the bot
// config; anyone else gets 403 not_a_supervisor.

import { assignBody } from "@helpline/contract/requests";
import type { Express, Request, Response } from "express";
import type { ApiDeps } from "./deps.ts";
import { authenticateCounsellor, referenceOf, type CounsellorTokens } from "./counsellor-routes.ts";
import { sendError } from "./errors.ts";
import { describeInvalidRequest } from "./request-schemas.ts";
import { answerObserve } from "./observer-routes.ts";
import { handle, methodNotAllowed, refuseNonEmptyBody } from "./routing.ts";

async function authenticateSupervisor(
  deps: ApiDeps,
  tokens: CounsellorTokens,
  request: Request,
  response: Response,
): Promise<string | null> {
  const userId = await authenticateCounsellor(deps, tokens, request, response);
  if (userId === null) return null;
  if (!deps.supervisorDesk.isSupervisor(userId)) {
    sendError(response, 403, "not_a_supervisor", "This counsellor is not a supervisor.");
    return null;
  }
  return userId;
}

/** `base` is where the helpline's routes live: `/api`, or `/api/h/<id>` (api/app.ts). */
export function addSupervisorRoutes(
  app: Express,
  deps: ApiDeps,
  tokens: CounsellorTokens,
  base = "/api",
): void {
  const desk = deps.supervisorDesk;

  app.get(
    `${base}/supervisor/overview`,
    handle(async (request, response) => {
      const userId = await authenticateSupervisor(deps, tokens, request, response);
      if (userId === null) return;
      response.status(200).json(desk.overview());
    }),
  );
  app.all(`${base}/supervisor/overview`, methodNotAllowed("GET"));

  app.post(
    `${base}/supervisor/queue/:reference/assign`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null) return;
      const parsed = assignBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateSupervisor(deps, tokens, request, response);
      if (userId === null) return;
      const result = await desk.assign(userId, reference, parsed.data.counsellorId);
      if (result === "not_found") {
        sendError(
          response,
          404,
          "conversation_not_found",
          "No youth waiting in the queue has this reference.",
        );
        return;
      }
      if (result === "not_a_counsellor") {
        sendError(
          response,
          400,
          "invalid_request",
          'The field "counsellorId" does not name a counsellor of this helpline.',
        );
        return;
      }
      if (result === "counsellor_unavailable") {
        sendError(
          response,
          409,
          "counsellor_unavailable",
          "This counsellor is not on duty, or has no free slot for another conversation.",
        );
        return;
      }
      deps.logger.info("supervisor.assigned");
      response.status(200).json({ reference, offeredTo: result.offeredTo });
    }),
  );
  app.all(`${base}/supervisor/queue/:reference/assign`, methodNotAllowed("POST"));

  // She reads a conversation beside its counsellor (permanence/engine/observers.ts): the
  // counsellor's console invites her with the history, and the youth is told before anything
  // she writes is encrypted for her.
  app.post(
    `${base}/supervisor/conversations/:reference/join`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null || refuseNonEmptyBody(request, response)) return;
      const userId = await authenticateSupervisor(deps, tokens, request, response);
      if (userId === null) return;
      const result = await desk.join?.(userId, reference);
      answerObserve(deps, response, reference, result, "supervisor.observer_requested");
    }),
  );
  app.all(`${base}/supervisor/conversations/:reference/join`, methodNotAllowed("POST"));
}
