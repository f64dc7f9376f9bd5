import { errorFields, type Logger } from "../logging/logger.ts";
import type { Homeserver, RegistrationTokenInfo } from "../matrix/homeserver.ts";
import { claimGraceMs } from "./issued-tokens.ts";

// Registration tokens the bot created and nobody needs any more are deleted from Synapse, so that
// no trace of a youth who asked for one and went away stays in its database.
//
// While running, a token is deleted once it has expired unused, or once it is past the time this
// bot would still accept it to open a conversation (issued-tokens.ts: expiry + claim grace). At
// start-up the bot has forgotten every token it issued (they are in memory only), so none can open
// a conversation any more: every expired or fully used token goes.

/** How often the running bot lists Synapse's tokens (a cheap admin call, not every tick). */
export const tokenSweepIntervalMs = 60_000;

export function tokensToDelete(
  tokens: readonly RegistrationTokenInfo[],
  now: number,
  atStartup: boolean,
): string[] {
  return tokens
    .filter((info) => {
      // Someone is registering with it right now: leave it until that is settled.
      if (info.pending > 0) return false;
      const expired = info.expiryTime !== null && info.expiryTime <= now;
      const usedUp =
        info.usesAllowed !== undefined &&
        info.usesAllowed !== null &&
        info.completed >= info.usesAllowed;
      if (atStartup) return expired || usedUp;
      if (expired && info.completed === 0) return true;
      return info.expiryTime !== null && info.expiryTime + claimGraceMs <= now;
    })
    .map((info) => info.token);
}

export function createTokenSweeper(deps: {
  homeserver: Pick<Homeserver, "listRegistrationTokens" | "deleteRegistrationToken">;
  now: () => number;
  logger: Logger;
}) {
  let lastSweep = -Infinity;
  let running: Promise<void> | null = null;

  async function sweep(atStartup: boolean): Promise<void> {
    const now = deps.now();
    lastSweep = now;
    const doomed = tokensToDelete(await deps.homeserver.listRegistrationTokens(), now, atStartup);
    for (const token of doomed) await deps.homeserver.deleteRegistrationToken(token);
    // A count only: tokens are secrets until deleted.
    if (doomed.length > 0)
      deps.logger.info("registration_tokens.deleted", { count: doomed.length });
  }

  return {
    /** At start-up: everything expired or used up. Throws, so a broken admin API is noticed. */
    atStartup: () => sweep(true),
    /** From the tick: at most once per interval, never twice at once, never failing the tick. */
    async whenDue(): Promise<void> {
      if (running !== null || deps.now() - lastSweep < tokenSweepIntervalMs) return;
      running = sweep(false)
        .catch((error: unknown) =>
          deps.logger.warn("registration_tokens.sweep_failed", errorFields(error)),
        )
        .finally(() => {
          running = null;
        });
      await running;
    },
  };
}
