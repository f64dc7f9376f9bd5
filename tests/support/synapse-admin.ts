import type { TestStack } from "./test-stack.ts";

/**
 * A fetch on Synapse as the bot: its application-service token, which acts as the (admin) bot
 * user, straight to Synapse (the web server passes no admin API).
 */
export function asBot(stack: TestStack): (path: string, init?: RequestInit) => Promise<Response> {
  return (path, init = {}) =>
    fetch(`${stack.synapseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}`, ...init.headers },
    });
}
