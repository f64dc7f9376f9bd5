import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { z } from "zod";
import { ConfigError, describeExpected, formatIssues } from "./errors.ts";
import {
  botConfigSchema,
  registrationFileSchema,
  secretsFileSchema,
  type BotConfig,
  type BotSecrets,
  type RegistrationFile,
} from "./schema.ts";

export { ConfigError } from "./errors.ts";

function validate<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  source: string,
  revealStrings: boolean,
): z.infer<T> {
  const result = schema.safeParse(raw, {
    reportInput: true,
    error: (issue) => describeExpected(issue),
  });
  if (!result.success)
    throw new ConfigError(formatIssues(result.error.issues, source, { revealStrings }));
  return result.data;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an unknown error";
    throw new ConfigError([`${file}: (file): expected a readable file, got ${code}`]);
  }
}

/** Same validation as `loadBotConfig`, for objects built in memory (tests); paths resolve against `baseDir`. */
export function parseBotConfig(raw: unknown, source: string, baseDir: string): BotConfig {
  const config = validate(botConfigSchema, raw, source, true);
  return {
    ...config,
    appservice: {
      ...config.appservice,
      registrationFile: path.resolve(baseDir, config.appservice.registrationFile),
    },
    secretsFile: path.resolve(baseDir, config.secretsFile),
    stateDir: path.resolve(baseDir, config.stateDir),
    helplines: config.helplines.map((helpline) => ({
      ...helpline,
      definition: path.resolve(baseDir, helpline.definition),
    })),
  };
}

/** A config file's YAML content, or a ConfigError naming the file and what is wrong with it. */
export function readYamlFile(file: string): unknown {
  const text = readText(file);
  try {
    return YAML.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "a syntax error";
    throw new ConfigError([`${file}: (file): expected valid YAML, got ${reason}`]);
  }
}

/** Reads and validates the bot's YAML config; relative paths resolve against the file's folder. */
export function loadBotConfig(file: string): BotConfig {
  return parseBotConfig(readYamlFile(file), file, path.dirname(path.resolve(file)));
}

/** Reads the appservice registration. Its values are tokens, so errors never echo them. */
export function loadRegistrationFile(file: string): RegistrationFile {
  let raw: unknown;
  try {
    raw = YAML.parse(readText(file));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`${file}: (file): expected valid YAML, got a syntax error`]);
  }
  return validate(registrationFileSchema, raw, file, false);
}

/** Reads the installation's secrets file. Its values are secrets, so errors never echo them. */
export function loadSecretsFile(file: string): BotSecrets {
  let raw: unknown;
  const text = readText(file);
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError([`${file}: (file): expected valid JSON, got a syntax error`]);
  }
  return validate(secretsFileSchema, raw, file, false);
}
