import type { Request, RequestHandler, Response } from "express";
import { sendError } from "../errors.ts";
import type { Bars } from "./bars.ts";
import { clientAddressOf, publicHostOf, reachedOverTls } from "./client-address.ts";
import type { ClientKeys } from "./client-keys.ts";
import type { RateLimiter } from "./rate-limiter.ts";

// The HTTP edge of abuse protection: it turns a request into client keys (never keeping the
// address), and refuses foreign origins, floods and barred clients before any handler runs.

export type LimitClass =
  | "registrationTokens"
  | "conversations"
  | "challenges"
  | "status"
  | "presence"
  | "counsellor"
  | "counsellorTokenChecks";

export interface AbuseDeps {
  trustProxy: boolean;
  clientKeys: ClientKeys;
  limiter: RateLimiter<LimitClass>;
  bars: Bars;
  now: () => number;
}

/** What a handler knows of its client: keys, never the address. */
interface ClientLocals {
  clientKey?: string;
  clientKeys?: string[];
}

function locals(response: Response): ClientLocals {
  return response.locals as ClientLocals;
}

export function createAbuseGuard(deps: AbuseDeps) {
  /** Hashes the address once per request; the address itself goes out of scope right here. */
  const identify: RequestHandler = (request, response, next) => {
    const address = clientAddressOf(request, deps.trustProxy);
    const now = deps.now();
    locals(response).clientKey = deps.clientKeys.keyOf(address, now);
    locals(response).clientKeys = deps.clientKeys.keysOf(address, now);
    next();
  };

  /**
   * The API is for the web client, served from the same origin. It never sends
   * Access-Control-Allow-Origin, and refuses any request (preflight or not) that a page of another
   * origin makes, before it can change anything. Callers without a browser send no Origin.
   */
  const sameOriginOnly: RequestHandler = (request, response, next) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, request, deps.trustProxy)) {
      sendError(
        response,
        403,
        "cross_origin_refused",
        "This API only answers the helpline's own page.",
      );
      return;
    }
    if (request.method === "OPTIONS") {
      // Same-origin requests need no preflight; answer one without allowing anything extra.
      response.status(204).end();
      return;
    }
    next();
  };

  /** Strict-Transport-Security only when the browser came over TLS: over HTTP it means nothing. */
  const transportSecurity: RequestHandler = (request, response, next) => {
    if (reachedOverTls(request, deps.trustProxy)) {
      response.set("Strict-Transport-Security", "max-age=31536000");
    }
    next();
  };

  const limit =
    (limitClass: LimitClass): RequestHandler =>
    (_request, response, next) => {
      const decision = deps.limiter.take(limitClass, locals(response).clientKey ?? "", deps.now());
      if (decision.allowed) {
        next();
        return;
      }
      sendRateLimited(response, decision.retryAfterSeconds);
    };

  const refuseBarred: RequestHandler = (_request, response, next) => {
    if (deps.bars.refuses(locals(response).clientKeys ?? [], deps.now())) {
      sendError(
        response,
        403,
        "barred",
        "A new conversation cannot be started from here for a while.",
      );
      return;
    }
    next();
  };

  return { identify, sameOriginOnly, transportSecurity, limit, refuseBarred };
}

/** 429 with Retry-After: the request changed nothing and cost nothing upstream. */
export function sendRateLimited(response: Response, retryAfterSeconds: number): void {
  response.set("Retry-After", String(retryAfterSeconds));
  response.status(429).json({
    error: {
      code: "rate_limited",
      message: `Too many requests. Try again in ${retryAfterSeconds} seconds.`,
      retryAfterSeconds,
    },
  });
}

/** The client key the request was identified under (by `identify`). */
export function clientKeyOf(response: Response): string {
  return locals(response).clientKey ?? "";
}

function isSameOrigin(origin: string, request: Request, trustProxy: boolean): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== "" && host === publicHostOf(request, trustProxy);
}
