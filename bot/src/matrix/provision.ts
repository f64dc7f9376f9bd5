import { randomBytes } from "node:crypto";
import type { Logger } from "../logging/logger.ts";
import type { Homeserver } from "./homeserver.ts";

/**
 * Makes the bot's own user a server admin, idempotently, and lifts its rate limits.
 *
 * Synapse treats the appservice sender as an exclusive user, so the bot cannot register itself
 * with the shared secret (M_EXCLUSIVE). Instead a one-off admin account is registered with the
 * shared secret, promotes the bot, and is then erased by the (now admin) bot.
 */
export async function provisionBotAdmin(deps: {
  homeserver: Homeserver;
  botUserId: string;
  sharedSecret: string;
  logger: Logger;
  randomHex?: (bytes: number) => string;
}): Promise<"already_admin" | "promoted"> {
  const { homeserver, botUserId, logger } = deps;
  const randomHex = deps.randomHex ?? ((bytes: number) => randomBytes(bytes).toString("hex"));

  let outcome: "already_admin" | "promoted" = "already_admin";
  if (!(await homeserver.isBotAdmin(botUserId))) {
    const provisioner = await homeserver.registerAdminWithSharedSecret({
      username: `provision-${randomHex(8)}`,
      password: randomHex(32),
      sharedSecret: deps.sharedSecret,
    });
    try {
      await homeserver.makeAdmin(botUserId, provisioner.accessToken);
    } finally {
      // Even if the promotion failed, a stray admin account must not outlive start-up: it erases
      // itself with its own token. The promotion error, if any, is the one that propagates.
      await homeserver
        .eraseUser(provisioner.userId, provisioner.accessToken)
        .catch((error: unknown) => {
          logger.error("bot.provisioner_not_erased", {
            provisionerId: provisioner.userId,
            errorClass: error instanceof Error ? error.name : typeof error,
          });
        });
    }
    outcome = "promoted";
    logger.info("bot.promoted_to_admin", { botUserId });
  }
  await homeserver.removeRateLimits(botUserId);
  return outcome;
}
