import { ConfigError, describeExpected, formatIssues } from "../config/errors.ts";
import { readYamlFile } from "../config/load.ts";
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
  return parseHelplineConfig(readYamlFile(file), file);
}
