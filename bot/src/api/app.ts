import { helplineApiBase, type ApiErrorCode, type ReservedPlaceAnswer } from "@helpline/contract";
import {
  createConversationBody,
  createRegistrationTokenBody,
  feedbackBody,
  presenceBody,
  reservePlaceBody,
  urgentBody,
} from "@helpline/contract/requests";
import express, { type NextFunction, type Request, type Response } from "express";
import {
  issueRegistrationToken,
  openConversation,
  type OpenConversationResult,
} from "../conversations/open-conversation.ts";
import { reservePlace, type ReservePlaceResult } from "../conversations/reserve-place.ts";
import { errorFields } from "../logging/logger.ts";
import { homeserverUnavailable } from "../matrix/homeserver.ts";
import { failingChecks } from "../operations/readiness.ts";
import { clientKeyOf, createAbuseGuard } from "./abuse/guard.ts";
import { createAbuseProtection } from "./abuse/protection.ts";
import { addCounsellorRoutes } from "./counsellor-routes.ts";
import type { ApiDeps } from "./deps.ts";
import { refuseWhenEnded } from "./ended.ts";
import { sendError } from "./errors.ts";
import { describeInvalidRequest, proofOfWorkFailure } from "./request-schemas.ts";
import { handle, hasBody, methodNotAllowed, refuseNonEmptyBody } from "./routing.ts";
import { addObserverRoutes } from "./observer-routes.ts";
import { addSupervisorRoutes } from "./supervisor-routes.ts";
import { VerifiedOpenIdTokens } from "./verified-openid-tokens.ts";

export const maxBodyBytes = 16 * 1024;

/** A Matrix user id as the vouchers route accepts it: `@name:server`, nothing odd. */
const matrixUserId = /^@[a-z0-9._=\-/+]{1,255}:[A-Za-z0-9.:[\]-]{1,255}$/;

const closedMessage = "The helpline does not admit new conversations now.";

const failures: Record<
  Extract<OpenConversationResult, { ok: false }>["reason"],
  { status: number; code: ApiErrorCode; message: string }
> = {
  closed: { status: 403, code: "closed", message: closedMessage },
  wrong_server: {
    status: 401,
    // Same code as a bad token: to the client both mean "this OpenID token is not for us".
    code: "invalid_openid_token",
    message: 'The field "openIdToken.matrix_server_name" does not name this helpline\'s server.',
  },
  invalid_openid_token: {
    code: "invalid_openid_token",
    status: 401,
    message: 'The field "openIdToken.access_token" is not a valid OpenID token for this server.',
  },
  user_not_allowed: {
    code: "user_not_allowed",
    status: 403,
    message: "This account cannot open a conversation (it is the bot or a counsellor).",
  },
  unknown_registration_token: {
    code: "unknown_registration_token",
    status: 403,
    message: 'The field "registrationToken" is not a token issued by this helpline.',
  },
  registration_token_not_used: {
    code: "registration_token_not_used",
    status: 403,
    message: 'The field "registrationToken" has not been used to register an account.',
  },
  registration_token_already_claimed: {
    code: "registration_token_already_claimed",
    status: 409,
    message: 'The field "registrationToken" has already been used to open a conversation.',
  },
  // The bot could not store the arrival (its disk is full): the youth was not taken in. The web
  // client shows its "busy, try again" message for this code.
  unavailable: {
    code: "unavailable",
    status: 503,
    message: "The helpline cannot take a new conversation right now. Please try again later.",
  },
  // Synapse is making her room more slowly than she is made to wait: her page asks again at once
  // and gets that same room (conversations/late-rooms.ts), for as long as this is the answer.
  room_not_ready: {
    code: "room_not_ready",
    status: 503,
    message: "The conversation is still being prepared. Please ask again in a moment.",
  },
};

/** POST /api/places's refusals other than "closed" (sent with when it reopens). */
const placeFailures: Record<
  Exclude<Extract<ReservePlaceResult, { ok: false }>["reason"], "closed">,
  { status: number; code: ApiErrorCode; message: string }
> = {
  unknown_registration_token: failures.unknown_registration_token,
  // Her conversation was asked for already: its answer says her place.
  registration_token_already_claimed: {
    ...failures.registration_token_already_claimed,
    message: 'A conversation was already asked for with the field "registrationToken".',
  },
  unavailable: failures.unavailable,
};

/**
 * The public HTTP API for the youth's web client. Separate from the appservice's own express app:
 * the appservice listener must only ever be reachable by Synapse.
 */
export function createApiApp(helplines: ApiDeps | readonly ApiDeps[]): express.Express {
  const all: readonly ApiDeps[] = Array.isArray(helplines) ? helplines : [helplines as ApiDeps];
  // What the deployment shares (the abuse guard, readiness, the log) is read from the first,
  // which is also the default helpline, served at /api/ as well as at /api/h/<id>/.
  const deps = all[0];
  if (deps === undefined) throw new Error("the API needs at least one helpline");
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  // Client addresses are none of express's business: never read them from X-Forwarded-For. The
  // abuse guard reads the one header our proxy sets, and only hashes it.
  app.set("trust proxy", false);
  const abuse = deps.abuse ?? createAbuseProtection({ now: deps.now(), trustProxy: true });
  const guard = createAbuseGuard({ ...abuse, now: deps.now });

  app.use((_request, response, next) => {
    response.set({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
      // JSON only: nothing here may ever be rendered, framed or run as a page.
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      "X-Frame-Options": "DENY",
    });
    next();
  });
  app.use(guard.transportSecurity);
  app.use(guard.sameOriginOnly);
  app.use(guard.identify);
  // Before the body is even read: a flood of console requests is refused at once.
  app.use(
    [
      "/api/counsellor",
      "/api/supervisor",
      "/api/h/:helpline/counsellor",
      "/api/h/:helpline/supervisor",
    ],
    guard.limit("counsellor"),
  );

  app.use((request, response, next) => {
    if (hasBody(request) && !request.is("application/json")) {
      sendError(
        response,
        415,
        "unsupported_media_type",
        "The request body must be JSON (Content-Type: application/json).",
      );
      return;
    }
    next();
  });

  app.use(express.json({ limit: maxBodyBytes, strict: true, type: "application/json" }));

  app.get("/api/health", (_request, response) => {
    response.status(200).json({ ok: true });
  });
  app.all("/api/health", methodNotAllowed("GET"));

  // Readiness, for the compose healthcheck and uptime checkers: 503 names the failing checks.
  // Not rate-limited, like /api/health; the probes behind it are reused for a couple of seconds.
  app.get(
    "/api/ready",
    handle(async (_request, response) => {
      const readiness = await deps.readiness();
      if (readiness.ready) {
        response.status(200).json(readiness);
        return;
      }
      response.status(503).json({
        error: {
          code: "not_ready",
          message: `The helpline cannot serve youths right now: ${failingChecks(readiness).join(", ")}.`,
        },
        ...readiness,
      });
    }),
  );
  app.all("/api/ready", methodNotAllowed("GET"));

  const counsellorTokens = { verified: new VerifiedOpenIdTokens(), limiter: abuse.limiter };

  const served = new Set<string>();
  for (const helpline of all) {
    if (helpline === deps) addHelplineRoutes(helpline, "/api");
    if (helpline.helplineId === undefined || served.has(helpline.helplineId)) continue;
    served.add(helpline.helplineId);
    addHelplineRoutes(helpline, helplineApiBase(helpline.helplineId));
  }
  // Any other id under /api/h/ names no helpline of this deployment.
  app.use("/api/h/:helpline", (request, response, next) => {
    if (served.has(request.params.helpline ?? "")) {
      next();
      return;
    }
    sendError(response, 404, "unknown_helpline", "This deployment has no helpline of this id.");
  });

  /** A helpline's own routes (youths' and counsellors'), under `base`. */
  function addHelplineRoutes(deps: ApiDeps, base: string): void {
    // An ended service: nothing that starts a conversation is even begun (api/ended.ts).
    app.use(
      ["challenges", "registration-tokens", "places", "conversations"].map(
        (route) => `${base}/${route}`,
      ),
      refuseWhenEnded(() => deps.ended === true),
    );
    app.post(
      `${base}/challenges`,
      guard.limit("challenges"),
      guard.refuseBarred,
      (request, response) => {
        if (refuseNonEmptyBody(request, response)) return;
        const issued = abuse.proofOfWork.issue(deps.now());
        response.status(201).json({
          challenge: issued.challenge,
          difficultyBits: issued.difficultyBits,
          expiresAt: new Date(issued.expiresAt).toISOString(),
        });
      },
    );
    app.all(`${base}/challenges`, methodNotAllowed("POST"));

    app.post(
      `${base}/registration-tokens`,
      guard.limit("registrationTokens"),
      guard.refuseBarred,
      handle(async (request, response) => {
        // Closed first: outside hours nobody should spend work on a proof for nothing.
        if (!deps.admission.admitting()) {
          sendClosed(response);
          return;
        }
        const parsed = createRegistrationTokenBody.safeParse(request.body ?? {});
        if (!parsed.success) {
          sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
          return;
        }
        const verdict = abuse.proofOfWork.redeem(
          parsed.data.challenge,
          parsed.data.solution,
          deps.now(),
        );
        if (verdict !== "valid") {
          deps.logger.info("registration_token.refused", { reason: `proof_${verdict}` });
          const failure = proofOfWorkFailure(verdict);
          sendError(response, failure.status, failure.code, failure.message);
          return;
        }
        const issued = await issueRegistrationToken(deps, deps.registrationTokenLifetimeSeconds);
        if (issued === "closed") {
          sendClosed(response);
          return;
        }
        deps.logger.info("registration_token.issued");
        // The lifetime too, rounded down: the page counts it on its own clock, which may be
        // minutes off the bot's (web-client earlyRegistration.ts).
        const expiresInSeconds = Math.max(0, Math.floor((issued.expiresAt - deps.now()) / 1000));
        response.status(201).json({
          token: issued.token,
          expiresAt: new Date(issued.expiresAt).toISOString(),
          expiresInSeconds,
        });
      }),
    );
    app.all(`${base}/registration-tokens`, methodNotAllowed("POST"));

    app.post(
      `${base}/places`,
      guard.limit("conversations"),
      guard.refuseBarred,
      handle(async (request, response) => {
        const parsed = reservePlaceBody.safeParse(request.body);
        if (!parsed.success) {
          sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
          return;
        }
        const result = await reservePlace(deps, parsed.data.registrationToken);
        if (!result.ok) {
          deps.logger.info("place.refused", { reason: result.reason });
          if (result.reason === "closed") {
            sendClosed(response);
            return;
          }
          const failure = placeFailures[result.reason];
          sendError(response, failure.status, failure.code, failure.message);
          return;
        }
        if (!result.existing) deps.logger.info("place.reserved");
        const answer: ReservedPlaceAnswer = { place: result.place };
        response.status(result.existing ? 200 : 201).json(answer);
      }),
    );
    app.all(`${base}/places`, methodNotAllowed("POST"));

    app.post(
      `${base}/conversations`,
      guard.limit("conversations"),
      guard.refuseBarred,
      handle(async (request, response) => {
        const parsed = createConversationBody.safeParse(request.body);
        if (!parsed.success) {
          sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
          return;
        }
        // Asked only by some services: an answer the service did not ask for is dropped.
        const writingAbout = deps.asksWhoIsWriting === true ? parsed.data.writingAbout : undefined;
        const result = await openConversation(deps, { ...parsed.data, writingAbout });
        if (!result.ok) {
          deps.logger.info("conversation.refused", { reason: result.reason });
          if (result.reason === "closed") {
            sendClosed(response);
            return;
          }
          const failure = failures[result.reason];
          // Her place, held while her room is made: her page shows it as it asks again.
          const beside =
            result.reason === "room_not_ready" && result.place !== null
              ? { place: result.place }
              : {};
          if (result.reason === "room_not_ready") response.set("Retry-After", "1");
          sendError(response, failure.status, failure.code, failure.message, beside);
          return;
        }
        // The page proves with this key that it opened the conversation when it says it is leaving.
        const opened = {
          roomId: result.roomId,
          youthName: result.youthName,
          presenceKey: deps.youthPages.keyOf(result.roomId),
          ...result.first,
        };
        if (result.existing) {
          response.status(200).json(opened);
          return;
        }
        // So that a counsellor can bar this client later (`!bloquer`); memory only.
        abuse.bars.rememberOpener(result.roomId, clientKeyOf(response));
        deps.logger.info("conversation.opened", { roomId: result.roomId });
        deps.conversationOpened?.(parsed.data.language, writingAbout);
        response.status(201).json(opened);
      }),
    );
    app.all(`${base}/conversations`, methodNotAllowed("POST"));

    // Not behind the bars: a barred client's page must still be able to say it is leaving.
    app.post(`${base}/presence`, guard.limit("presence"), (request, response) => {
      const parsed = presenceBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const { conversationId, presenceKey, page, kept } = parsed.data;
      const result = deps.youthPages.report(conversationId, presenceKey, page, kept);
      if (result === "invalid_key") {
        sendInvalidPresenceKey(response);
        return;
      }
      if (result === "unknown_conversation") {
        sendError(response, 404, "unknown_conversation", "This conversation is over.");
        return;
      }
      if (page === "closed" || page === "quick_exit") {
        deps.logger.info("youth_page.left", { roomId: conversationId, how: page });
      }
      response.status(204).end();
    });
    app.all(`${base}/presence`, methodNotAllowed("POST"));

    // The end screen's feedback: once per ended conversation, within its window
    // (conversations/feedback-window.ts). Any refusal counts nothing.
    app.post(`${base}/feedback`, guard.limit("presence"), (request, response) => {
      const parsed = feedbackBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const { conversationId, presenceKey, helped, wouldWriteAgain } = parsed.data;
      const result = deps.youthFeedback?.give(conversationId, presenceKey, {
        ...(helped === undefined ? {} : { helped }),
        ...(wouldWriteAgain === undefined ? {} : { wouldWriteAgain }),
      });
      if (result === "invalid_key") {
        sendInvalidPresenceKey(response);
        return;
      }
      if (result === "already_given") {
        sendError(
          response,
          409,
          "feedback_already_given",
          "This conversation's feedback was already counted.",
        );
        return;
      }
      if (result !== "accepted") {
        sendError(
          response,
          404,
          "unknown_conversation",
          "This conversation has not ended, or its time for feedback is over.",
        );
        return;
      }
      response.status(204).end();
    });
    app.all(`${base}/feedback`, methodNotAllowed("POST"));

    // "I am in danger now" from a waiting youth's page (permanence/youth-urgent.ts). Rate-limited
    // like presence, and not behind the bars either: a barred client in danger is still heard.
    app.post(
      `${base}/urgent`,
      guard.limit("presence"),
      handle(async (request, response) => {
        const parsed = urgentBody.safeParse(request.body);
        if (!parsed.success) {
          sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
          return;
        }
        const { conversationId, presenceKey } = parsed.data;
        const result = (await deps.youthUrgent?.declare(conversationId, presenceKey)) ?? null;
        if (result === "invalid_key") {
          sendInvalidPresenceKey(response);
          return;
        }
        if (result === "not_waiting") {
          sendError(
            response,
            409,
            "not_waiting",
            "A counsellor is already in this conversation: the queue has nothing to change.",
          );
          return;
        }
        if (result !== "ahead") {
          sendError(response, 404, "unknown_conversation", "This conversation is over.");
          return;
        }
        // The fact only, and no room id: the log must not tell which youth said it.
        deps.logger.info("youth.urgent_declared");
        response.status(204).end();
      }),
    );
    app.all(`${base}/urgent`, methodNotAllowed("POST"));

    app.get(`${base}/status`, guard.limit("status"), (_request, response) => {
      response.status(200).json(deps.publicStatus());
    });
    app.all(`${base}/status`, methodNotAllowed("GET"));

    app.get(`${base}/helpline`, guard.limit("status"), (_request, response) => {
      response.status(200).json(deps.publicHelpline());
    });
    app.all(`${base}/helpline`, methodNotAllowed("GET"));

    // Counsellor provenance: the vouchers the operator installed for this account, relayed as
    // they are. The page checks them against the key the web server gave it (never this API's),
    // so nothing here can make anyone pass for a counsellor (docs/threat-model.md).
    app.get(`${base}/vouchers/:userId`, guard.limit("status"), (request, response) => {
      const userId = request.params.userId ?? "";
      if (!matrixUserId.test(userId)) {
        sendError(response, 400, "invalid_request", "The path must end with a Matrix user id.");
        return;
      }
      response.status(200).json({ vouchers: deps.vouchersOf?.(userId) ?? [] });
    });
    app.all(`${base}/vouchers/:userId`, methodNotAllowed("GET"));

    addCounsellorRoutes(app, deps, counsellorTokens, base);
    addSupervisorRoutes(app, deps, counsellorTokens, base);
    addObserverRoutes(app, deps, counsellorTokens, base);

    function sendClosed(response: Response): void {
      const status = deps.publicStatus();
      response.status(403).json({
        error: { code: "closed", message: closedMessage, nextOpensAt: status.nextOpensAt },
      });
    }
  }

  app.use((_request, response) => {
    sendError(response, 404, "not_found", "There is no such endpoint.");
  });

  // Four parameters is how express recognises an error handler.
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const type = (error as { type?: unknown } | null)?.type;
    if (type === "entity.parse.failed") {
      sendError(response, 400, "invalid_json", "The request body is not valid JSON.");
      return;
    }
    if (type === "entity.too.large") {
      sendError(
        response,
        413,
        "payload_too_large",
        `The request body must be at most ${maxBodyBytes} bytes.`,
      );
      return;
    }
    if (type === "charset.unsupported" || type === "encoding.unsupported") {
      sendError(response, 415, "unsupported_media_type", "The request body must be UTF-8 JSON.");
      return;
    }
    // A path parameter express could not percent-decode ("/conversations/%zz/end").
    if (error instanceof URIError) {
      sendError(
        response,
        400,
        "invalid_request",
        "The request path is not valid percent-encoding.",
      );
      return;
    }
    // Any other refusal of the body parser (e.g. a body labelled gzip that is not) is the
    // client's error, not ours: a 4xx, never a 500. Only the body parser's own errors, which it
    // marks `expose` (http-errors): a homeserver's 4xx refusal of a call the bot made is the
    // helpline's failure, not a bad body.
    const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
    if (typeof status === "number" && status >= 400 && status < 500 && expose === true) {
      sendError(response, 400, "invalid_body", "The request body could not be read.");
      return;
    }
    if (homeserverUnavailable(error)) {
      // Not a bug of ours: Synapse is overloaded or restarting; on a campaign night, expected. Logged as a warning, with the
      // error's name and status only (errorFields), and the page asks again after a moment.
      deps.logger.warn("api.homeserver_unavailable", errorFields(error));
      if (response.headersSent) return;
      response.set("Retry-After", "5");
      sendError(
        response,
        503,
        "unavailable",
        "The helpline's server is busy right now. Please try again in a moment.",
      );
      return;
    }
    deps.logger.error("api.internal_error", errorFields(error));
    if (response.headersSent) return;
    sendError(
      response,
      500,
      "internal_error",
      "Something went wrong on the helpline's side. Please try again.",
    );
  });

  return app;
}

/** Presence and feedback: the page's key is not the one given with this conversation. */
function sendInvalidPresenceKey(response: express.Response): void {
  sendError(
    response,
    403,
    "invalid_presence_key",
    'The field "presenceKey" is not the key of this conversation.',
  );
}
