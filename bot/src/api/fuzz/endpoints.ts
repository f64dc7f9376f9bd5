import type express from "express";
import {
  colleagueId,
  counsellorId,
  fakeHelplineId,
  youthId,
  type FakeWorld,
} from "./fake-api-deps.ts";

// Every endpoint of the bot's API, once. The fuzz tests read this table only; a test checks that
// it lists exactly the routes the express app declares, so a new endpoint fails until it has its
// line here. `valid` builds a request the endpoint accepts (when there is one): the fuzzer mutates
// it, so that random input also reaches the code behind the schema, not only the schema.

export interface ValidRequest {
  headers?: Record<string, string>;
  body?: unknown;
  /** Values for the path's parameters (`:reference`); the fuzzer also tries others. */
  params?: Record<string, string>;
}

export interface Endpoint {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  valid?: (world: FakeWorld) => ValidRequest;
}

const asCounsellor = (world: FakeWorld) => ({
  authorization: `Bearer ${world.openIdToken(counsellorId)}`,
});

const defaultHelplineEndpoints: readonly Endpoint[] = [
  { method: "GET", path: "/api/health" },
  { method: "GET", path: "/api/ready" },
  { method: "GET", path: "/api/status" },
  { method: "GET", path: "/api/helpline" },
  {
    method: "GET",
    path: "/api/vouchers/:userId",
    valid: () => ({ params: { userId: counsellorId } }),
  },
  { method: "POST", path: "/api/challenges", valid: () => ({ body: {} }) },
  {
    method: "POST",
    path: "/api/registration-tokens",
    valid: (world) => ({ body: world.solvedChallenge() }),
  },
  {
    method: "POST",
    path: "/api/places",
    valid: (world) => ({
      body: { registrationToken: world.conversationRequest().registrationToken },
    }),
  },
  {
    method: "POST",
    path: "/api/conversations",
    valid: (world) => ({ body: world.conversationRequest() }),
  },
  { method: "POST", path: "/api/presence", valid: (world) => ({ body: world.heartbeat() }) },
  { method: "POST", path: "/api/feedback", valid: (world) => ({ body: world.feedback() }) },
  { method: "POST", path: "/api/urgent", valid: (world) => ({ body: world.urgent() }) },
  { method: "GET", path: "/api/counsellor/me", valid: (w) => ({ headers: asCounsellor(w) }) },
  {
    method: "PUT",
    path: "/api/counsellor/availability",
    valid: (world) => ({ headers: asCounsellor(world), body: { availability: "on_duty" } }),
  },
  {
    method: "POST",
    path: "/api/counsellor/conversations/:reference/end",
    valid: (world) => ({
      headers: asCounsellor(world),
      params: { reference: String(world.activeReference()) },
    }),
  },
  {
    method: "POST",
    path: "/api/counsellor/conversations/:reference/requeue",
    valid: (world) => ({
      headers: asCounsellor(world),
      body: {},
      params: { reference: String(world.activeReference()) },
    }),
  },
  {
    method: "POST",
    path: "/api/counsellor/conversations/:reference/help",
    valid: (world) => ({
      headers: asCounsellor(world),
      params: { reference: String(world.activeReference()) },
    }),
  },
  {
    method: "POST",
    path: "/api/counsellor/conversations/:reference/danger",
    valid: (world) => ({
      headers: asCounsellor(world),
      body: {},
      params: { reference: String(world.activeReference()) },
    }),
  },
  { method: "GET", path: "/api/supervisor/overview", valid: (w) => ({ headers: asCounsellor(w) }) },
  {
    method: "POST",
    path: "/api/supervisor/queue/:reference/assign",
    valid: (world) => ({
      headers: asCounsellor(world),
      body: { counsellorId: colleagueId },
      params: { reference: String(world.waitingReference()) },
    }),
  },
  {
    method: "POST",
    path: "/api/supervisor/conversations/:reference/join",
    valid: (world) => ({
      headers: asCounsellor(world),
      params: { reference: String(world.activeReference(colleagueId)) },
    }),
  },
  {
    method: "POST",
    path: "/api/counsellor/conversations/:reference/observers",
    valid: (world) => ({
      headers: asCounsellor(world),
      body: { colleagueId },
      params: { reference: String(world.activeReference()) },
    }),
  },
  {
    method: "POST",
    path: "/api/counsellor/conversations/:reference/case-form",
    valid: (world) => ({
      headers: asCounsellor(world),
      body: { categories: ["rape"], writer: "victim", offered: ["listening"] },
      params: { reference: String(world.endedReference()) },
    }),
  },
  {
    method: "POST",
    path: "/api/counsellor/bars",
    valid: (world) => ({
      headers: asCounsellor(world),
      body: { reference: world.liveReference() },
    }),
  },
];

/** What the deployment answers for all its helplines at once: never under /api/h/<id>/. */
const deploymentWide = new Set(["/api/health", "/api/ready"]);

/**
 * Every endpoint: the default helpline's under /api/, and each helpline's own (the fake world's
 * one) under /api/h/<id>/, which must keep the same promises.
 */
export const endpoints: readonly Endpoint[] = [
  ...defaultHelplineEndpoints,
  ...defaultHelplineEndpoints
    .filter((endpoint) => !deploymentWide.has(endpoint.path))
    .map((endpoint) => ({
      ...endpoint,
      path: endpoint.path.replace(/^\/api\//, `/api/h/${fakeHelplineId}/`),
    })),
];

/** Identities a fuzzed Authorization header may carry, besides garbage. */
export const knownUsers = [counsellorId, colleagueId, youthId, "@helpline-bot:localhost"] as const;

/** More methods than this on one route means `app.all` (express knows some thirty). */
const catchAllMethods = 5;

interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/**
 * The routes an express app declares, as "METHOD /path". Express 4 keeps them in
 * `app._router.stack`, which its types do not expose: hence the cast. `app.all` registers its
 * handler under every method express knows: such catch-alls (the 405 answers) are left out.
 */
export function declaredRoutes(app: express.Express): string[] {
  const router = (app as unknown as { _router?: { stack: RouteLayer[] } })._router;
  const routes = new Set<string>();
  for (const layer of router?.stack ?? []) {
    if (layer.route === undefined || typeof layer.route.path !== "string") continue;
    const methods = Object.entries(layer.route.methods).filter(([, on]) => on);
    if (methods.length > catchAllMethods) continue;
    for (const [method] of methods) routes.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...routes].sort();
}
