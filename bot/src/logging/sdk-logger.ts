import { LogLevel, LogService, type ILogger } from "matrix-bot-sdk";
import { redactSecrets, type Logger } from "./logger.ts";

// matrix-bot-sdk logs on its own, through a global LogService: by default at DEBUG, to the console,
// with request URLs and response bodies. We keep WARN and above only, flatten each call into one
// short string, mask tokens and Matrix user ids (a youth's id may appear in an error from Synapse),
// and write it through our structured logger.

const maxDetailLength = 500;

function flatten(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) return `${part.name}: ${part.message}`;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return "[unserialisable]";
  }
}

/** Pure: what one matrix-bot-sdk log call becomes in our log. */
export function sanitiseSdkLog(parts: readonly unknown[]): string {
  const text = redactSecrets(parts.map(flatten).join(" "))
    .replace(/@[^\s:"'/]+:[A-Za-z0-9.-]+(:\d+)?/g, "@<user>")
    .replace(/\b(\d{1,3}\.){3}\d{1,3}\b/g, "<ip>");
  return text.length > maxDetailLength ? `${text.slice(0, maxDetailLength)}...` : text;
}

export function createSdkLogger(logger: Logger): ILogger {
  // The ILogger interface is typed with `any[]` by matrix-bot-sdk; we accept unknown[] and narrow.
  const forward =
    (level: "warn" | "error") =>
    (module: string, ...parts: unknown[]): void => {
      const detail = sanitiseSdkLog(parts);
      // ensureRegistered() on every start after the first gets M_USER_IN_USE, which the SDK
      // handles but still logs as an error; an operator must not be told something is wrong.
      if (detail.includes("M_USER_IN_USE")) return;
      logger[level]("matrix_bot_sdk.log", { module, detail });
    };
  const ignore = (): void => undefined;
  return {
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: forward("warn"),
    error: forward("error"),
  };
}

/** Global by matrix-bot-sdk's design; called once at start-up before any client exists. */
export function quietSdkLogging(logger: Logger): void {
  LogService.setLogger(createSdkLogger(logger));
  LogService.setLevel(LogLevel.WARN);
}
