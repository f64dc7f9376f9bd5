import { Filter } from "matrix-js-sdk";

// What the youth's page never needs from the homeserver, kept off the wire after the press
// (issue 19: bytes after the press ≤ 50 kB). The page shows no notifications, so Synapse's default
// push rules (~5 kB, fetched by the SDK at start and again in the first sync's account data) are
// of no use to it. Nothing here touches what is sent, nor any safety check.

/** An empty rule set: the SDK then computes no notification for any event, which is all we need. */
const noPushRules = JSON.stringify({ global: {} });

/**
 * The SDK's own GET of the push rules, answered here; null for every other request, which goes to
 * the homeserver.
 */
export function answeredLocally(url: string, init?: RequestInit): Response | null {
  const method = (init?.method ?? "GET").toUpperCase();
  if (method !== "GET") return null;
  const { pathname } = new URL(url, "http://page.invalid");
  if (!/^\/_matrix\/client\/(v3|r0)\/pushrules\/?$/.test(pathname)) return null;
  return new Response(noPushRules, {
    status: 200,
    headers: { "Content-Type": "application/json" },
  });
}

/** The sync filter: the SDK's, without push rules in account data and without presence. */
export function youthSyncFilter(userId: string): Filter {
  const filter = new Filter(userId);
  filter.setDefinition({
    account_data: { not_types: ["m.push_rules"] },
    presence: { not_types: ["*"] },
  });
  return filter;
}
