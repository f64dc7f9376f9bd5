import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { errorFields, type Logger } from "../logging/logger.ts";

// Readiness: can the bot serve a youth now? `/api/health` only says the process answers; this
// says whether what it decides reaches Matrix. Three checks, each named in the answer:
// - outbox: no command has waited too long to be carried out (Synapse refusing or timing out
//   means invites and statuses stall, while the bot looks alive);
// - homeserver: Synapse answers, and accepts the bot's token, within a short timeout;
// - journal: the permanence's folder can be written and fsynced (a full or read-only disk stops
//   every decision, since none is taken before it is durable).
// The answer names checks and an age in seconds, nothing else: no room, user or error detail.

export interface ReadinessSettings {
  /** The oldest pending command may wait this long before the bot is not ready. */
  outboxMaxAgeMs: number;
  /** How long Synapse has to answer the probe (under the compose healthcheck's 5 s timeout). */
  homeserverTimeoutMs: number;
  /**
   * Probes of Synapse and the disk are reused for this long: the answer is on the public API, and
   * a flood of requests must not become a flood of requests to Synapse or of fsyncs.
   */
  probeCacheMs: number;
}

export const readinessSettings: ReadinessSettings = {
  outboxMaxAgeMs: 30_000,
  homeserverTimeoutMs: 3_000,
  probeCacheMs: 2_000,
};

export type ReadinessCheck = "outbox" | "homeserver" | "journal";

export interface Readiness {
  ready: boolean;
  checks: {
    outbox: { ok: boolean; oldestPendingSeconds: number };
    homeserver: { ok: boolean };
    journal: { ok: boolean };
  };
}

export interface ReadinessDeps {
  /** When the oldest command not yet carried out was decided, on the permanence's clock. */
  oldestPendingAt(): number | null;
  /** The permanence's clock, which the instant above is on. */
  now(): number;
  /** Resolves when Synapse answers in time; throws otherwise. */
  pingHomeserver(timeoutMs: number): Promise<void>;
  /** Returns when the journal's folder can be written; throws otherwise. */
  probeJournal(): void;
  logger: Logger;
  settings?: ReadinessSettings;
  /** Real time, for reusing probes only (tests pass their own). */
  monotonicMs?: () => number;
}

export interface ReadinessProbe {
  check(): Promise<Readiness>;
}

export function createReadiness(deps: ReadinessDeps): ReadinessProbe {
  const settings = deps.settings ?? readinessSettings;
  const monotonicMs = deps.monotonicMs ?? (() => performance.now());
  let cached: { at: number; probes: Promise<{ homeserver: boolean; journal: boolean }> } | null =
    null;
  let lastFailing = "";

  const probe = async (): Promise<{ homeserver: boolean; journal: boolean }> => {
    let journal = true;
    try {
      deps.probeJournal();
    } catch (error) {
      journal = false;
      deps.logger.warn("readiness.journal_not_writable", errorFields(error));
    }
    let homeserver = true;
    try {
      await deps.pingHomeserver(settings.homeserverTimeoutMs);
    } catch (error) {
      homeserver = false;
      deps.logger.warn("readiness.homeserver_unreachable", errorFields(error));
    }
    return { homeserver, journal };
  };

  return {
    async check() {
      const at = monotonicMs();
      if (cached === null || at - cached.at >= settings.probeCacheMs) {
        cached = { at, probes: probe() };
      }
      const probes = await cached.probes;
      // The outbox is read fresh: it costs nothing, and it is what a retry changes.
      const oldest = deps.oldestPendingAt();
      const ageMs = oldest === null ? 0 : Math.max(0, deps.now() - oldest);
      const outboxOk = ageMs <= settings.outboxMaxAgeMs;
      const readiness: Readiness = {
        ready: outboxOk && probes.homeserver && probes.journal,
        checks: {
          outbox: { ok: outboxOk, oldestPendingSeconds: Math.floor(ageMs / 1000) },
          homeserver: { ok: probes.homeserver },
          journal: { ok: probes.journal },
        },
      };
      // Once per change, not once per healthcheck.
      const failing = failingChecks(readiness).join(",");
      if (failing !== lastFailing) {
        if (failing === "") deps.logger.info("readiness.ready");
        else deps.logger.warn("readiness.not_ready", { failing });
        lastFailing = failing;
      }
      return readiness;
    },
  };
}

export function failingChecks(readiness: Readiness): ReadinessCheck[] {
  return (Object.keys(readiness.checks) as ReadinessCheck[]).filter(
    (name) => !readiness.checks[name].ok,
  );
}

/**
 * Writes, fsyncs and removes a small file in `dir`, as the journal does with its own: a full,
 * read-only or vanished disk throws here before it stops a decision.
 */
export function probeWritable(dir: string): void {
  const file = path.join(dir, ".readiness-probe");
  const fd = openSync(file, "w", 0o600);
  try {
    writeSync(fd, "ready\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(file);
}
