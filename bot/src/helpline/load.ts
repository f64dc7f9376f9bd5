import { readFileSync } from "node:fs";
import YAML from "yaml";
import { ConfigError, describeExpected, formatIssues } from "../config/errors.ts";
import { helplineSchema, type HelplineDefinition } from "./schema.ts";

export { ConfigError } from "../config/errors.ts";

/** Same validation as `loadHelplineConfig`, for objects built in memory (tests). */
export function parseHelplineConfig(raw: unknown, source: string): HelplineDefinition {
  const result = helplineSchema.safeParse(raw, {
    reportInput: true,
    error: (issue) => describeExpected(issue),
  });
  // The file describes a public service: it holds no secrets, so found values may be echoed.
  if (!result.success)
    throw new ConfigError(formatIssues(result.error.issues, source, { revealStrings: true }));
  return result.data;
}

/** Reads and validates a helpline's YAML file (config/helplines/*.yaml). */
export function loadHelplineConfig(file: string): HelplineDefinition {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an unknown error";
    throw new ConfigError([`${file}: (file): expected a readable file, got ${code}`]);
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "a syntax error";
    throw new ConfigError([`${file}: (file): expected valid YAML, got ${reason}`]);
  }
  return parseHelplineConfig(raw, file);
}
