import { Appservice, MemoryStorageProvider } from "matrix-bot-sdk";
import { createApiApp } from "./api/app.ts";
import { listen, type ListeningServer } from "./api/listen.ts";
import { loadRegistrationFile, loadSecretsFile } from "./config/load.ts";
import type { BotConfig } from "./config/schema.ts";
import { IssuedTokens } from "./conversations/issued-tokens.ts";
import { createLogger, type Logger } from "./logging/logger.ts";
import { quietSdkLogging } from "./logging/sdk-logger.ts";
import { provisionBotAdmin } from "./matrix/provision.ts";
import { createSynapseHomeserver } from "./matrix/synapse-homeserver.ts";

export interface StartedBot {
  apiUrl: string;
  userId: string;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /**
   * Programmatic only, never read from a config file: lets one test prove that the
   * "no plaintext in the database" check is able to fail.
   */
  testOnly?: { unencryptedRooms?: boolean };
  logger?: Logger;
}

/**
 * Starts the bot from a validated config: the appservice listener (for Synapse), the bot's admin
 * rights, then the public API. Everything started is stopped again if a later step fails.
 */
export async function startBot(config: BotConfig, options?: StartBotOptions): Promise<StartedBot> {
  const logger = options?.logger ?? createLogger();
  quietSdkLogging(logger);

  const registration = loadRegistrationFile(config.appservice.registrationFile);
  const secrets = loadSecretsFile(config.secretsFile);
  const helpline = config.helplines[0];
  if (helpline === undefined) throw new Error("the config has no helpline");

  const appservice = new Appservice({
    homeserverUrl: config.homeserver.url,
    homeserverName: config.homeserver.serverName,
    bindAddress: config.appservice.bindAddress,
    port: config.appservice.port,
    registration: {
      id: registration.id,
      url: registration.url ?? undefined,
      as_token: registration.as_token,
      hs_token: registration.hs_token,
      sender_localpart: registration.sender_localpart,
      namespaces: {
        users: registration.namespaces.users,
        rooms: [],
        aliases: [],
      },
      rate_limited: false,
    },
    // Durable state is a later issue. No crypto storage, ever: the bot must not hold room keys.
    storage: new MemoryStorageProvider(),
  });
  const botUserId = appservice.botUserId;
  const homeserver = createSynapseHomeserver({
    baseUrl: config.homeserver.url,
    asToken: registration.as_token,
  });

  let api: ListeningServer | undefined;
  const stop = async (): Promise<void> => {
    await api?.close();
    appservice.stop();
  };

  try {
    // begin() listens for Synapse's transactions and then ensures the bot's user is registered.
    await appservice.begin();
    await provisionBotAdmin({
      homeserver,
      botUserId,
      sharedSecret: secrets.registrationSharedSecret,
      logger,
    });
    const app = createApiApp({
      homeserver,
      issuedTokens: new IssuedTokens(),
      serverName: config.homeserver.serverName,
      botUserId,
      helpline,
      encryptedRooms: options?.testOnly?.unencryptedRooms !== true,
      now: () => Date.now(),
      registrationTokenLifetimeSeconds: config.registrationTokenLifetimeSeconds,
      logger,
    });
    api = await listen(app, config.api.bindAddress, config.api.port);
  } catch (error) {
    await stop();
    throw error;
  }

  if (options?.testOnly?.unencryptedRooms === true) {
    logger.warn("bot.unencrypted_rooms_for_tests");
  }
  logger.info("bot.started", { botUserId, helpline: helpline.id, apiUrl: api.url });
  return { apiUrl: api.url, userId: botUserId, stop };
}
