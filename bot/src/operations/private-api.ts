import express, { type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { sendPrivateError as sendError } from "../api/errors.ts";
import { secretMatches } from "./admin-endpoint.ts";

// The bot's private listener, bound to loopback or an internal network by config and never
// proxied by the web server: Prometheus scrapes /metrics (no secret: it holds no identities), and
// the admin CLI calls /admin/* with the secret from the state folder.

export interface AdminStatus {
  helpline: string;
  admitting: boolean;
  open: boolean;
  closesAt: string | null;
  nextOpensAt: string | null;
  /** Metadata only: the short reference counsellors see, how long, and where it stands. */
  queue: { reference: number; waitingSeconds: number; phase: "queued" | "offered" }[];
  conversationsActive: number;
  /** Conversations with a counsellor: reference and how long since the youth arrived. */
  inProgress: { reference: number; sinceSeconds: number }[];
  counsellors: {
    userId: string;
    availability: string;
    activeConversations: number;
    disabled: boolean;
    supervisor: boolean;
  }[];
}

/** What the admin CLI may see and do in one helpline (operations.ts, createAdminDesk). */
export interface HelplineAdmin {
  status(): AdminStatus;
  /** Ends the live conversation with this reference; null when there is none. */
  closeConversation(reference: number): Promise<{ erasureAt: string | null } | null>;
  /** Ends it if live and erases the youth's account and the room now; null when unknown. */
  eraseConversation(reference: number): Promise<{ erased: true } | null>;
  /** False when the user is not one of the configured counsellors. */
  setDisabled(userId: string, disabled: boolean): Promise<boolean>;
  setSupervisor(userId: string, supervisor: boolean): boolean;
}

export interface PrivateApiDeps {
  secret: string;
  /** Reads readiness too, which may ask Synapse: hence a promise. */
  metrics(): Promise<string>;
  /**
   * Each helpline's admin desk, by id: served under /admin/h/<id>/…, and the default's also
   * under /admin/… (the CLI's `--helpline`, docs/operations.md).
   */
  helplines: ReadonlyMap<string, HelplineAdmin>;
  defaultHelpline: string;
}

const userIdParam = z.string().regex(/^@[^:\s]+:\S+$/);
const referenceParam = z.coerce.number().int().min(0).max(999_999_999);
const flagBody = z.strictObject({ value: z.boolean() });

function handle(fn: (request: Request, response: Response) => Promise<void>): RequestHandler {
  return (request, response, next) => {
    fn(request, response).catch(next);
  };
}

export function createPrivateApiApp(deps: PrivateApiDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.set("trust proxy", false);
  app.use((_request, response, next) => {
    response.set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    next();
  });

  app.get(
    "/metrics",
    handle(async (_request, response) => {
      response.type("text/plain; version=0.0.4; charset=utf-8").send(await deps.metrics());
    }),
  );

  app.use("/admin", (request, response, next) => {
    const header = request.headers.authorization;
    const presented = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    if (!secretMatches(presented, deps.secret)) {
      sendError(response, 401, "unauthorized", "The admin secret is missing or wrong.");
      return;
    }
    next();
  });
  app.use("/admin", express.json({ limit: 1024 }));

  const routers = new Map(
    [...deps.helplines].map(([id, desk]) => [id, helplineRoutes(desk)] as const),
  );
  const fallback = routers.get(deps.defaultHelpline);
  if (fallback === undefined) throw new Error("the default helpline has no admin desk");
  app.use("/admin/h/:helpline", (request, response, next) => {
    const router = routers.get(request.params.helpline ?? "");
    if (router === undefined) {
      sendError(
        response,
        404,
        "unknown_helpline",
        `No helpline of this bot has the id "${request.params.helpline}".`,
      );
      return;
    }
    router(request, response, next);
  });
  app.use("/admin", fallback);

  app.use((_request, response) => {
    sendError(response, 404, "not_found", "No such endpoint.");
  });
  app.use((error: unknown, _request: Request, response: Response, _next: express.NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status !== undefined && status >= 400 && status < 500) {
      sendError(response, status, "invalid_request", "The request body is not valid JSON.");
      return;
    }
    sendError(response, 500, "internal", "The bot failed to do this; see its log.");
  });
  return app;
}

/** One helpline's admin routes, relative to where they are mounted. */
function helplineRoutes(desk: HelplineAdmin): express.Router {
  const router = express.Router();
  router.get("/status", (_request, response) => {
    response.json(desk.status());
  });

  /** Close and erase share their checks: a numeric reference, and a conversation that exists. */
  const onConversation = (
    action: (reference: number) => Promise<Record<string, unknown> | null>,
  ): RequestHandler =>
    handle(async (request, response) => {
      const reference = referenceParam.safeParse(request.params["reference"]);
      if (!reference.success) {
        sendError(
          response,
          400,
          "invalid_reference",
          "A conversation's reference is a number, e.g. 4821.",
        );
        return;
      }
      const done = await action(reference.data);
      if (done === null) {
        sendError(
          response,
          404,
          "unknown_conversation",
          `No live conversation is "Jeune ${reference.data}".`,
        );
        return;
      }
      response.json({ reference: reference.data, ...done });
    });

  router.post(
    "/conversations/:reference/close",
    onConversation((reference) => desk.closeConversation(reference)),
  );
  router.post(
    "/conversations/:reference/erase",
    onConversation((reference) => desk.eraseConversation(reference)),
  );

  const counsellorFlag = (apply: (userId: string, value: boolean) => Promise<boolean>) =>
    handle(async (request, response) => {
      const userId = userIdParam.safeParse(request.params.userId);
      const body = flagBody.safeParse(request.body);
      if (!userId.success || !body.success) {
        sendError(
          response,
          400,
          "invalid_request",
          'Expected a Matrix user id and {"value": true|false}.',
        );
        return;
      }
      if (!(await apply(userId.data, body.data.value))) {
        sendError(
          response,
          404,
          "unknown_counsellor",
          `${userId.data} is not one of the counsellors in the bot's config.`,
        );
        return;
      }
      response.json({ userId: userId.data, value: body.data.value });
    });
  router.put("/counsellors/:userId/disabled", counsellorFlag(desk.setDisabled));
  router.put(
    "/counsellors/:userId/supervisor",
    counsellorFlag((userId, value) => Promise.resolve(desk.setSupervisor(userId, value))),
  );
  return router;
}
