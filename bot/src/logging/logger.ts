// Structured JSON lines on stdout. Fields are typed as scalars on purpose: passing a request body,
// an event or an error object wholesale is how message text and tokens end up in logs. Callers
// pick the few fields that are safe (event names, room ids, counts, error classes).

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Last line of defence if a caller slips: anything looking like a bearer token or an access_token
// query parameter is masked before the line is written.
const secretPatterns: readonly [RegExp, string][] = [
  [/(access_token|as_token|hs_token|token)=[^&\s"']+/gi, "$1=<redacted>"],
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/g, "Bearer <redacted>"],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of secretPatterns)
    result = result.replace(pattern, replacement);
  return result;
}

export function createLogger(options?: {
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => Date;
  component?: string;
}): Logger {
  const minimum = order[options?.level ?? "info"];
  const write = options?.write ?? ((line: string) => process.stdout.write(line));
  const now = options?.now ?? (() => new Date());
  const component = options?.component ?? "bot";

  function log(level: LogLevel, event: string, fields?: LogFields): void {
    if (order[level] < minimum) return;
    const line = JSON.stringify({ time: now().toISOString(), level, component, event, ...fields });
    write(redactSecrets(line) + "\n");
  }

  return {
    debug: (event, fields) => log("debug", event, fields),
    info: (event, fields) => log("info", event, fields),
    warn: (event, fields) => log("warn", event, fields),
    error: (event, fields) => log("error", event, fields),
  };
}

/** Only the class and message of an error: never its cause chain, request or response body. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) return { errorClass: error.name, errorMessage: error.message };
  return { errorClass: typeof error };
}
