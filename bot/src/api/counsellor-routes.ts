// The counsellor console's routes (docs/counsellor-api.md). Counsellors prove who they are like
// youths do, with a Matrix OpenID token (in the Authorization header), so the bot never holds a
// counsellor's password or access token either. Bodies and path parameters are checked before
// the token, so malformed requests cost no call to Synapse.

import {
  caseFormBody,
  createBarBody,
  referenceParam,
  setAvailabilityBody,
} from "@helpline/contract/requests";
import type { Express, Request, Response } from "express";
import { clientKeyOf, sendRateLimited, type LimitClass } from "./abuse/guard.ts";
import type { RateLimiter } from "./abuse/rate-limiter.ts";
import type { ApiDeps } from "./deps.ts";
import { sendError } from "./errors.ts";
import { describeInvalidRequest, referenceParamMessage } from "./request-schemas.ts";
import { handle, methodNotAllowed, refuseNonEmptyBody } from "./routing.ts";
import type { VerifiedOpenIdTokens } from "./verified-openid-tokens.ts";

type AuthDeps = Pick<ApiDeps, "homeserver" | "counsellorIds" | "now">;

/** What spares Synapse a call per request: confirmed tokens, and a limit on unconfirmed ones. */
export interface CounsellorTokens {
  verified: VerifiedOpenIdTokens;
  limiter: RateLimiter<LimitClass>;
}

/** The counsellor's user id, or null once a 401, 403 or 429 has been sent. */
export async function authenticateCounsellor(
  deps: AuthDeps,
  tokens: CounsellorTokens,
  request: Request,
  response: Response,
): Promise<string | null> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,1024})$/.exec(request.headers.authorization ?? "");
  const token = match?.[1];
  let userId: string | null = null;
  if (token !== undefined) {
    const now = deps.now();
    userId = tokens.verified.lookup(token, now) ?? null;
    if (userId === null) {
      // Only a token not confirmed recently costs a call to Synapse, and a client may make the
      // bot ask only so often: random tokens cannot turn the bot into a lever on Synapse.
      const decision = tokens.limiter.take("counsellorTokenChecks", clientKeyOf(response), now);
      if (!decision.allowed) {
        sendRateLimited(response, decision.retryAfterSeconds);
        return null;
      }
      userId = await tokens.verified.verify(token, now, (asked) =>
        deps.homeserver.openIdUserId(asked),
      );
    }
  }
  if (userId === null) {
    response.set("WWW-Authenticate", "Bearer");
    sendError(
      response,
      401,
      "unauthenticated",
      "Send a Matrix OpenID token of a counsellor in the Authorization header (Bearer).",
    );
    return null;
  }
  if (!deps.counsellorIds.includes(userId)) {
    sendError(
      response,
      403,
      "not_a_counsellor",
      "This account is not a counsellor of this helpline.",
    );
    return null;
  }
  return userId;
}

/** The path's `:reference`, or null once a 400 has been sent. */
export function referenceOf(request: Request, response: Response): number | null {
  const parsed = referenceParam.safeParse(request.params.reference);
  if (!parsed.success) {
    sendError(response, 400, "invalid_request", referenceParamMessage);
    return null;
  }
  return Number(parsed.data);
}

function sendNotFound(response: Response): void {
  sendError(
    response,
    404,
    "conversation_not_found",
    "None of your live conversations has this reference.",
  );
}

/** `base` is where the helpline's routes live: `/api`, or `/api/h/<id>` (api/app.ts). */
export function addCounsellorRoutes(
  app: Express,
  deps: ApiDeps,
  tokens: CounsellorTokens,
  base = "/api",
): void {
  const desk = deps.counsellorDesk;

  app.get(
    `${base}/counsellor/me`,
    handle(async (request, response) => {
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      response.status(200).json(desk.view(userId));
    }),
  );
  app.all(`${base}/counsellor/me`, methodNotAllowed("GET"));

  app.put(
    `${base}/counsellor/availability`,
    handle(async (request, response) => {
      const parsed = setAvailabilityBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      await desk.setAvailability(userId, parsed.data.availability);
      response.status(200).json(desk.view(userId));
    }),
  );
  app.all(`${base}/counsellor/availability`, methodNotAllowed("PUT"));

  app.post(
    `${base}/counsellor/conversations/:reference/end`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null || refuseNonEmptyBody(request, response)) return;
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      if ((await desk.end(userId, reference)) === "not_found") {
        sendNotFound(response);
        return;
      }
      deps.logger.info("counsellor.ended");
      response.status(200).json({ reference, ended: true });
    }),
  );
  app.all(`${base}/counsellor/conversations/:reference/end`, methodNotAllowed("POST"));

  app.post(
    `${base}/counsellor/conversations/:reference/requeue`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null || refuseNonEmptyBody(request, response)) return;
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      const result = await desk.requeue(userId, reference);
      switch (result) {
        case "not_found":
          sendNotFound(response);
          return;
        case "already_requeued":
          sendError(
            response,
            409,
            "already_requeued",
            "This conversation is already back in the queue, waiting for a free colleague.",
          );
          return;
        case "handover_pending":
          sendError(
            response,
            409,
            "handover_pending",
            "A colleague is already invited to take this conversation over.",
          );
          return;
        case "requeued":
          deps.logger.info("counsellor.requeued");
          response.status(202).json({ reference });
          return;
      }
    }),
  );
  app.all(`${base}/counsellor/conversations/:reference/requeue`, methodNotAllowed("POST"));

  // A side channel with the supervisors on duty (permanence/side-channels.ts): created, or reused.
  app.post(
    `${base}/counsellor/conversations/:reference/help`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null || refuseNonEmptyBody(request, response)) return;
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      const outcome = (await desk.askForHelp?.(userId, reference)) ?? {
        refused: "not_found" as const,
      };
      if ("refused" in outcome) {
        sendError(
          response,
          404,
          "conversation_not_found",
          "None of the live conversations in your charge has this reference.",
        );
        return;
      }
      deps.logger.info("counsellor.asked_for_help", {
        created: outcome.created,
        supervisors: outcome.supervisors.length,
      });
      response.status(outcome.created ? 201 : 200).json(outcome);
    }),
  );
  app.all(`${base}/counsellor/conversations/:reference/help`, methodNotAllowed("POST"));

  // "Danger to life" (engine/danger.ts): the supervisors on duty are alerted in the staff room and
  // their consoles. Refusals change nothing; marking twice alerts nobody again.
  app.post(
    `${base}/counsellor/conversations/:reference/danger`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null || refuseNonEmptyBody(request, response)) return;
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      const result = (await desk.markDanger?.(userId, reference)) ?? "not_found";
      switch (result) {
        case "not_found":
          sendError(
            response,
            404,
            "conversation_not_found",
            "No live conversation has this reference.",
          );
          return;
        case "not_active":
          sendError(
            response,
            409,
            "not_in_progress",
            "This youth is still waiting for a counsellor: only a conversation in progress can be marked.",
          );
          return;
        case "not_in_charge":
          sendError(
            response,
            403,
            "not_in_charge",
            "Only the counsellor in charge of this conversation, or a supervisor, may mark it.",
          );
          return;
        case "already_marked":
          sendError(
            response,
            409,
            "already_marked",
            "This conversation is already marked: the supervisors were alerted.",
          );
          return;
        case "marked":
          deps.logger.info("counsellor.danger_marked");
          response.status(200).json({ reference, danger: true });
          return;
      }
    }),
  );
  app.all(`${base}/counsellor/conversations/:reference/danger`, methodNotAllowed("POST"));

  // Nothing is counted on any refusal: the body is checked first, then the form's categories.
  app.post(
    `${base}/counsellor/conversations/:reference/case-form`,
    handle(async (request, response) => {
      const reference = referenceOf(request, response);
      if (reference === null) return;
      const parsed = caseFormBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      switch (desk.fileCaseForm?.(userId, reference, parsed.data) ?? "not_found") {
        case "not_found":
          sendError(
            response,
            404,
            "conversation_not_found",
            "You have no case form to file for this reference (none of your conversations ended " +
              "with it lately, or its form was filed already).",
          );
          return;
        case "unknown_category":
          sendError(
            response,
            400,
            "invalid_request",
            'The field "categories" holds a category this helpline does not have.',
          );
          return;
        case "filed":
          deps.logger.info("counsellor.case_form_filed");
          response.status(204).end();
          return;
      }
    }),
  );
  app.all(`${base}/counsellor/conversations/:reference/case-form`, methodNotAllowed("POST"));

  app.post(
    `${base}/counsellor/bars`,
    handle(async (request, response) => {
      const parsed = createBarBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateCounsellor(deps, tokens, request, response);
      if (userId === null) return;
      const { reference } = parsed.data;
      const result = (await desk.bar?.(userId, reference)) ?? null;
      if (result === null) {
        sendError(
          response,
          404,
          "conversation_not_found",
          'No live conversation has the reference in the field "reference".',
        );
        return;
      }
      deps.logger.info("counsellor.barred", { barred: result.barred });
      response.status(201).json({ reference, ...result });
    }),
  );
  app.all(`${base}/counsellor/bars`, methodNotAllowed("POST"));
}
