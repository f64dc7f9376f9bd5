import { parseArgs } from "node:util";
import { fenceDir, startBot, type StartedBot } from "./app.ts";
import type { BotConfig } from "./config/schema.ts";
import { ConfigError, loadBotConfig } from "./config/load.ts";
import { checkStaffing } from "./helpline/staffing.ts";
import { loadHelplines } from "./helplines/definitions.ts";
import { createLogger, errorFields } from "./logging/logger.ts";
import { claimEpoch } from "./permanence/journal/epoch.ts";
import type { HeldLock } from "./standby/lock.ts";
import { lockSettingsFromEnv, LockSettingsError, type LockSettings } from "./standby/settings.ts";
import { becomeActive } from "./standby/standby.ts";

// CLI entry: `node --conditions=compiled bot/dist/main.js --config <file>` (or
// HELPLINE_BOT_CONFIG=<file>); bot/README.md says why the condition.
// With HELPLINE_BOT_LOCK_DATABASE_URL set, it first waits as a standby until it holds the
// deployment's lock (bot/src/standby/, docs/scaling.md).

function fail(paragraph: string): never {
  process.stderr.write(`${paragraph}\n`);
  process.exit(1);
}

function configFileFromArgs(): string {
  let configFile: string | undefined;
  try {
    const { values } = parseArgs({ options: { config: { type: "string" } }, strict: true });
    configFile = values.config ?? process.env.HELPLINE_BOT_CONFIG;
  } catch (error) {
    fail(
      `helpline bot: ${error instanceof Error ? error.message : String(error)}. Usage: node --conditions=compiled bot/dist/main.js --config <file>`,
    );
  }
  if (configFile === undefined || configFile === "") {
    fail(
      "helpline bot: no configuration file given. Start it with `--config <file>` or set " +
        "HELPLINE_BOT_CONFIG; config/bot.example.yaml documents every key.",
    );
  }
  return configFile;
}

async function main(): Promise<void> {
  const configFile = configFileFromArgs();
  // Both are checked before waiting for the lock: a standby with a broken config would otherwise
  // only say so at the worst moment, when it has to take over.
  let config: BotConfig;
  let lockSettings: LockSettings;
  try {
    config = loadBotConfig(configFile);
    // Every helpline's definition too: any broken one stops the start, naming its file and key.
    loadHelplines(config);
    // An active service needs a team; only an ended one may list none.
    checkStaffing(config, configFile);
    lockSettings = lockSettingsFromEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      fail(
        `helpline bot: cannot start, the configuration is not valid:\n${error.message}\n` +
          "Fix the problems above (config/bot.example.yaml documents each key) and start again.",
      );
    }
    if (error instanceof LockSettingsError) {
      fail(
        `helpline bot: cannot start, the standby lock's setting is not valid:\n${error.message}`,
      );
    }
    throw error;
  }

  const logger = createLogger();
  let bot: StartedBot | undefined;
  let lock: HeldLock | null = null;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info("bot.stopping", { signal });
    // A standby has nothing to close: its connection ends with the process.
    if (bot === undefined) process.exit(0);
    bot.stop().then(
      async () => {
        await lock?.release().catch(() => {});
        process.exit(0);
      },
      (error: unknown) => {
        logger.error("bot.stop_failed", errorFields(error));
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  lock = await becomeActive({
    settings: lockSettings,
    deployment: config.homeserver.serverName,
    logger,
    onLost: (reason) => {
      // Fencing: another bot may already be replaying the journal. Stop before writing anything
      // else; Docker starts this one again, as a standby.
      logger.error("bot.lock_lost", { reason });
      process.exit(1);
    },
  });

  // Claimed at once, with no other event handled since the lock was taken: from now on a bot
  // that held the lock before (and may only be frozen, its timers and requests waiting) stops at
  // its next write or Matrix call instead of acting beside this one (docs/scaling.md, fencing).
  const epoch = lock === null ? undefined : claimEpoch(fenceDir(config.stateDir));

  try {
    bot = await startBot(config, {
      logger,
      ...(epoch === undefined ? {} : { epoch }),
      onFenced: (fence) => {
        // Exit before anything else is written or sent; Docker starts this one again, as the
        // standby. Nothing is flushed or closed: that would be writing.
        logger.error("bot.fenced", { epoch: fence.epoch, newerEpoch: fence.newest });
        process.exit(1);
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      fail(
        `helpline bot: cannot start, the configuration is not valid:\n${error.message}\n` +
          "Fix the problems above (config/bot.example.yaml documents each key) and start again.",
      );
    }
    logger.error("bot.start_failed", errorFields(error));
    process.exit(1);
  }
}

await main();
