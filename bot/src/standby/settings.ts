import { z } from "zod";

/**
 * Where the bot's exclusive lock lives, read from the environment rather than bot.yaml: the same
 * bot.yaml and state serve both the active bot and its standby, and what differs per machine (the
 * database both reach) is deployment plumbing, like the config file's path itself.
 *
 * Unset or empty HELPLINE_BOT_LOCK_DATABASE_URL: no lock, one bot, as before this existed.
 */
export const lockEnv = {
  databaseUrl: "HELPLINE_BOT_LOCK_DATABASE_URL",
  retrySeconds: "HELPLINE_BOT_LOCK_RETRY_SECONDS",
  name: "HELPLINE_BOT_LOCK_NAME",
  standbyMark: "HELPLINE_BOT_STANDBY_MARK",
} as const;

export type LockSettings =
  | { kind: "none" }
  | {
      kind: "postgres";
      /** Secret when it carries a password: never log it, log `describeTarget(url)` instead. */
      databaseUrl: string;
      /** How often a standby asks for the lock again. */
      retryMs: number;
      /** Which deployment the lock is for; the bot's Matrix server name when not overridden. */
      name: string | undefined;
      /** A file the standby touches while it waits, so a healthcheck can tell "waiting" from "stuck". */
      standbyMark: string | undefined;
    };

export class LockSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LockSettingsError";
  }
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
});
const retrySeconds = z.coerce.number().int().min(1).max(60);
const lockName = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Validates the lock's environment variables; the error names the variable and what it wants. */
export function lockSettingsFromEnv(env: Record<string, string | undefined>): LockSettings {
  const url = nonEmpty(env[lockEnv.databaseUrl]);
  if (url === undefined) return { kind: "none" };
  if (!postgresUrl.safeParse(url).success) {
    // The value is not repeated: it may hold a password.
    throw new LockSettingsError(
      `${lockEnv.databaseUrl}: expected a PostgreSQL URL like postgresql://user@host:5432/database ` +
        "(the password may come from PGPASSWORD), or nothing to run without a standby lock.",
    );
  }
  const retry = nonEmpty(env[lockEnv.retrySeconds]);
  const parsedRetry = retrySeconds.safeParse(retry ?? "3");
  if (!parsedRetry.success) {
    throw new LockSettingsError(
      `${lockEnv.retrySeconds}: expected a whole number of seconds from 1 to 60, got "${retry}".`,
    );
  }
  const name = nonEmpty(env[lockEnv.name]);
  if (name !== undefined && !lockName.safeParse(name).success) {
    throw new LockSettingsError(
      `${lockEnv.name}: expected up to 200 letters, digits or . _ : -, got "${name}".`,
    );
  }
  return {
    kind: "postgres",
    databaseUrl: url,
    retryMs: parsedRetry.data * 1000,
    name,
    standbyMark: nonEmpty(env[lockEnv.standbyMark]),
  };
}

/** What a log line may say about the lock's database: host, port and database, no user or password. */
export function describeTarget(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port === "" ? "5432" : url.port}${url.pathname}`;
}
