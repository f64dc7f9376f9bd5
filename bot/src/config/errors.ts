import type { z } from "zod";

/** A config file is unusable. `message` has one `file: key.path: expected …, got …` line per problem. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const typeNames: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping (key: value)",
  array: "a list",
};

function plural(count: number | bigint, word: string): string {
  return `${count} ${word}${count === 1 || count === 1n ? "" : "s"}`;
}

/**
 * Says what the schema wanted, in words an operator understands. Used as zod's per-parse error map,
 * so a schema-level `error` (e.g. "a Matrix user id like @name:server") takes precedence over it.
 */
export function describeExpected(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return typeNames[issue.expected] ?? issue.expected;
    case "too_small":
      if (issue.origin === "string") {
        return issue.minimum === 1
          ? "a non-empty string"
          : `a string of at least ${plural(issue.minimum, "character")}`;
      }
      if (issue.origin === "array") return `a list of at least ${plural(issue.minimum, "item")}`;
      return `a number ${issue.inclusive === false ? ">" : "≥"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") {
        return `a string of at most ${plural(issue.maximum, "character")}`;
      }
      if (issue.origin === "array") return `a list of at most ${plural(issue.maximum, "item")}`;
      return `a number ${issue.inclusive === false ? "<" : "≤"} ${issue.maximum}`;
    case "invalid_value":
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "invalid_format":
      return issue.format === "url" ? "a URL" : `a string in ${issue.format} format`;
    case "unrecognized_keys":
      return "no key of this name (check the spelling)";
    default:
      return issue.message ?? "a valid value";
  }
}

/**
 * Describes the value that was found. Strings from files that hold secrets are never echoed:
 * the error would otherwise print a token to the terminal or a log collector.
 */
export function describeFound(value: unknown, revealStrings: boolean): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (value === null) return "null (an empty value)";
  if (typeof value === "string") {
    if (!revealStrings) return `a string of ${plural(value.length, "character")}`;
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `a list of ${plural(value.length, "item")}`;
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

/** Turns zod issues into `file: key.path: expected …, got …` lines. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  source: string,
  options: { revealStrings: boolean },
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const holder = issue.input;
      for (const key of issue.keys) {
        const value =
          typeof holder === "object" && holder !== null
            ? (holder as Record<string, unknown>)[key]
            : undefined;
        lines.push(
          `${source}: ${dotted([...issue.path, key])}: expected ${issue.message}, got ${describeFound(value, options.revealStrings)}`,
        );
      }
      continue;
    }
    lines.push(
      `${source}: ${dotted(issue.path)}: expected ${issue.message}, got ${describeFound(issue.input, options.revealStrings)}`,
    );
  }
  return lines;
}
