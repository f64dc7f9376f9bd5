import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import {
  issueRegistrationToken,
  openConversation,
  type ConversationDeps,
  type OpenConversationResult,
} from "../conversations/open-conversation.ts";
import { errorFields, type Logger } from "../logging/logger.ts";
import type { CounsellorView, PublicStatus } from "../permanence/public-view.ts";
import type { Availability } from "../permanence/types.ts";
import { clientKeyOf, createAbuseGuard } from "./abuse/guard.ts";
import { createAbuseProtection, type AbuseProtection } from "./abuse/protection.ts";
import { sendError } from "./errors.ts";
import {
  createConversationBody,
  createRegistrationTokenBody,
  proofOfWorkFailure,
  describeInvalidRequest,
  setAvailabilityBody,
  createBarBody,
} from "./request-schemas.ts";

export interface ApiDeps extends ConversationDeps {
  registrationTokenLifetimeSeconds: number;
  logger: Logger;
  publicStatus(): PublicStatus;
  publicHelpline(): unknown;
  /** What the counsellor console (and any authenticated counsellor client) may see and do. */
  counsellorDesk: {
    view(userId: string): CounsellorView | null;
    setAvailability(userId: string, availability: Availability): Promise<void>;
    /**
     * Ends the conversation with this reference and bars the client that opened it, as
     * `!bloquer` does in the staff room. Null when no live conversation has this reference.
     */
    bar?(
      userId: string,
      reference: number,
    ): Promise<{ barred: boolean; barMinutes: number } | null>;
  };
  /** A new conversation was opened, from a page in this language if it said (statistics). */
  conversationOpened?(language: string | undefined): void;
  /** Rate limits, bars and the proof of work (see api/abuse/); the config's defaults if absent. */
  abuse?: AbuseProtection;
}

export const maxBodyBytes = 16 * 1024;

// Express 4 does not catch rejected promises; route them to the error handler.
function handle(fn: (request: Request, response: Response) => Promise<void>): RequestHandler {
  return (request, response, next) => {
    fn(request, response).catch(next);
  };
}

function emptyObject(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 0
  );
}

function hasBody(request: Request): boolean {
  const length = request.headers["content-length"];
  return (
    request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0")
  );
}

const closedMessage = "The helpline does not admit new conversations now.";

const failures: Record<
  Extract<OpenConversationResult, { ok: false }>["reason"],
  { status: number; code: string; message: string }
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
};

/**
 * The public HTTP API for the youth's web client. Separate from the appservice's own express app:
 * the appservice listener must only ever be reachable by Synapse.
 */
export function createApiApp(deps: ApiDeps): express.Express {
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

  const methodNotAllowed =
    (allowed: string): RequestHandler =>
    (_request, response) => {
      response.set("Allow", allowed);
      sendError(response, 405, "method_not_allowed", `This endpoint only accepts ${allowed}.`);
    };

  app.get("/api/health", (_request, response) => {
    response.status(200).json({ ok: true });
  });
  app.all("/api/health", methodNotAllowed("GET"));

  app.post(
    "/api/challenges",
    guard.limit("challenges"),
    guard.refuseBarred,
    (request, response) => {
      if (hasBody(request) && !emptyObject(request.body)) {
        sendError(response, 400, "invalid_request", "The request body must be empty or {}.");
        return;
      }
      const issued = abuse.proofOfWork.issue(deps.now());
      response.status(201).json({
        challenge: issued.challenge,
        difficultyBits: issued.difficultyBits,
        expiresAt: new Date(issued.expiresAt).toISOString(),
      });
    },
  );
  app.all("/api/challenges", methodNotAllowed("POST"));

  app.post(
    "/api/registration-tokens",
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
      response
        .status(201)
        .json({ token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
    }),
  );
  app.all("/api/registration-tokens", methodNotAllowed("POST"));

  app.post(
    "/api/conversations",
    guard.limit("conversations"),
    guard.refuseBarred,
    handle(async (request, response) => {
      const parsed = createConversationBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const result = await openConversation(deps, parsed.data);
      if (!result.ok) {
        deps.logger.info("conversation.refused", { reason: result.reason });
        if (result.reason === "closed") {
          sendClosed(response);
          return;
        }
        const failure = failures[result.reason];
        sendError(response, failure.status, failure.code, failure.message);
        return;
      }
      if (result.existing) {
        response.status(200).json({ roomId: result.roomId });
        return;
      }
      // So that a counsellor can bar this client later (`!bloquer`); memory only.
      abuse.bars.rememberOpener(result.roomId, clientKeyOf(response));
      deps.logger.info("conversation.opened", { roomId: result.roomId });
      deps.conversationOpened?.(parsed.data.language);
      response.status(201).json({ roomId: result.roomId });
    }),
  );
  app.all("/api/conversations", methodNotAllowed("POST"));

  app.get("/api/status", guard.limit("status"), (_request, response) => {
    response.status(200).json(deps.publicStatus());
  });
  app.all("/api/status", methodNotAllowed("GET"));

  app.get("/api/helpline", guard.limit("status"), (_request, response) => {
    response.status(200).json(deps.publicHelpline());
  });
  app.all("/api/helpline", methodNotAllowed("GET"));

  // Counsellors prove who they are like youths do, with a Matrix OpenID token (in the
  // Authorization header), so the bot never holds a counsellor's password or access token either.
  const authenticateCounsellor = async (
    request: Request,
    response: Response,
  ): Promise<string | null> => {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,1024})$/.exec(request.headers.authorization ?? "");
    const userId = match?.[1] === undefined ? null : await deps.homeserver.openIdUserId(match[1]);
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
  };

  app.get(
    "/api/counsellor/me",
    handle(async (request, response) => {
      const userId = await authenticateCounsellor(request, response);
      if (userId === null) return;
      response.status(200).json(deps.counsellorDesk.view(userId));
    }),
  );
  app.all("/api/counsellor/me", methodNotAllowed("GET"));

  app.put(
    "/api/counsellor/availability",
    handle(async (request, response) => {
      const parsed = setAvailabilityBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateCounsellor(request, response);
      if (userId === null) return;
      await deps.counsellorDesk.setAvailability(userId, parsed.data.availability);
      response.status(200).json(deps.counsellorDesk.view(userId));
    }),
  );
  app.all("/api/counsellor/availability", methodNotAllowed("PUT"));

  app.post(
    "/api/counsellor/bars",
    handle(async (request, response) => {
      const parsed = createBarBody.safeParse(request.body);
      if (!parsed.success) {
        sendError(response, 400, "invalid_request", describeInvalidRequest(parsed.error));
        return;
      }
      const userId = await authenticateCounsellor(request, response);
      if (userId === null) return;
      const { reference } = parsed.data;
      const result = (await deps.counsellorDesk.bar?.(userId, reference)) ?? null;
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
  app.all("/api/counsellor/bars", methodNotAllowed("POST"));

  function sendClosed(response: Response): void {
    const status = deps.publicStatus();
    response.status(403).json({
      error: { code: "closed", message: closedMessage, nextOpensAt: status.nextOpensAt },
    });
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
    // Any other refusal of the body parser (e.g. a body labelled gzip that is not) is the
    // client's error, not ours: a 4xx, never a 500.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      sendError(response, 400, "invalid_body", "The request body could not be read.");
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
