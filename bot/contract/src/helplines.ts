// Several helplines share one deployment (one bot, one Synapse, one web server): each has a short
// id from its config (`maintenant-jen-parle`, `sos-viol`…), its page at `/<id>/` and its console
// at `/<id>/console`, and its API under `/api/h/<id>/`. The bare `/`, `/console` and `/api/<route>`
// address the deployment's default helpline (the first one in the bot's config), so a deployment
// of one helpline keeps the addresses it always had. A host name of its own (through the web
// server) serves a helpline at `/` by rewriting `/api/<route>` to `/api/h/<id>/<route>`.

/** A helpline's id, as its config file gives it. */
export const helplineIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** First path segments that are never a helpline's id: the web server routes them elsewhere. */
export const reservedPathSegments: readonly string[] = [
  "api",
  "assets",
  "console",
  "_matrix",
  "_synapse",
  "health",
];

/** Where a page at `pathname` sends its API calls: its helpline's prefix, or the default's. */
export function helplineApiBase(helplineId: string | null): string {
  return helplineId === null ? "/api" : `/api/h/${helplineId}`;
}

/**
 * The helpline a page's address names (`/sos-viol/`, `/sos-viol/console`), or null for the
 * deployment's default (`/`, `/console`). Only the first segment counts.
 */
export function helplineIdFromPath(pathname: string): string | null {
  const first = pathname.split("/")[1] ?? "";
  if (!helplineIdPattern.test(first) || reservedPathSegments.includes(first)) return null;
  return first;
}

/**
 * The optional first question of a service for adults and their relatives: "I write about myself"
 * or "about someone close to me". Never required; the counsellor sees the answer with the offer,
 * and it is counted in the anonymous statistics, never kept with anything else.
 */
export const writingAboutValues = ["self", "close-one"] as const;
export type WritingAbout = (typeof writingAboutValues)[number];

export function isWritingAbout(value: unknown): value is WritingAbout {
  return value === "self" || value === "close-one";
}
