import { parseArgs } from "node:util";
import { startBot } from "./app.ts";
import { ConfigError, loadBotConfig } from "./config/load.ts";
import { createLogger, errorFields } from "./logging/logger.ts";

// CLI entry: `node bot/dist/main.js --config <file>` (or HELPLINE_BOT_CONFIG=<file>).

function fail(paragraph: string): never {
  process.stderr.write(`${paragraph}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let configFile: string | undefined;
  try {
    const { values } = parseArgs({ options: { config: { type: "string" } }, strict: true });
    configFile = values.config ?? process.env.HELPLINE_BOT_CONFIG;
  } catch (error) {
    fail(
      `helpline bot: ${error instanceof Error ? error.message : String(error)}. Usage: node bot/dist/main.js --config <file>`,
    );
  }
  if (configFile === undefined || configFile === "") {
    fail(
      "helpline bot: no configuration file given. Start it with `--config <file>` or set " +
        "HELPLINE_BOT_CONFIG; config/bot.example.yaml documents every key.",
    );
  }

  const logger = createLogger();
  let bot;
  try {
    bot = await startBot(loadBotConfig(configFile), { logger });
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

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info("bot.stopping", { signal });
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("bot.stop_failed", errorFields(error));
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

await main();
