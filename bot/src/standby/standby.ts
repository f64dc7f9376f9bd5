import { writeFileSync } from "node:fs";
import type { Logger } from "../logging/logger.ts";
import { lockKey } from "./key.ts";
import { acquireLock, type HeldLock } from "./lock.ts";
import { postgresSessions } from "./postgres-session.ts";
import { describeTarget, type LockSettings } from "./settings.ts";

/**
 * Waits, as a standby, until this bot holds its deployment's lock (docs/scaling.md), and returns
 * it; returns null when no lock is configured. Nothing else happens before: no port is open and
 * the journal is not read, so a standby is invisible to Synapse, Caddy and the state folder.
 */
export async function becomeActive(options: {
  settings: LockSettings;
  /** The deployment's name when the settings give none: the Matrix server's name. */
  deployment: string;
  logger: Logger;
  onLost(reason: string): void;
}): Promise<HeldLock | null> {
  const { settings } = options;
  if (settings.kind === "none") return null;
  const mark = settings.standbyMark;
  return acquireLock({
    open: postgresSessions(settings.databaseUrl),
    key: lockKey(settings.name ?? options.deployment),
    policy: { retryMs: settings.retryMs, maxRetryMs: 30_000, logEveryMs: 10 * 60_000 },
    heartbeatMs: 2000,
    target: describeTarget(settings.databaseUrl),
    logger: options.logger,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(mark === undefined ? {} : { onWait: () => writeFileSync(mark, `${Date.now()}\n`) }),
    onLost: options.onLost,
  });
}
