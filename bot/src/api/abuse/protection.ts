import { abuseConfigSchema, type AbuseConfig } from "../../config/schema.ts";
import { Bars } from "./bars.ts";
import { ClientKeys } from "./client-keys.ts";
import type { AbuseDeps, LimitClass } from "./guard.ts";
import { ProofOfWork, type RefusedVerdict } from "./proof-of-work.ts";
import { RateLimiter } from "./rate-limiter.ts";

/** Long enough for a youth who reads the welcome screen slowly; the page re-solves after it. */
export const proofOfWorkLifetimeMs = 10 * 60 * 1000;

export type AbuseProtection = Omit<AbuseDeps, "now"> & { proofOfWork: ProofOfWork };

/**
 * Everything the API needs against floods and abusive clients, fresh and in memory. The defaults
 * are those of the config file, so an API built without a config (unit tests) is protected too.
 */
export function createAbuseProtection(options: {
  now: number;
  trustProxy: boolean;
  config?: AbuseConfig;
  bars?: Bars;
}): AbuseProtection {
  const config = options.config ?? abuseConfigSchema.parse({});
  return {
    trustProxy: options.trustProxy,
    clientKeys: new ClientKeys(options.now),
    limiter: new RateLimiter<LimitClass>(config.rateLimits),
    bars: options.bars ?? new Bars(),
    proofOfWork: new ProofOfWork({
      difficultyBits: config.proofOfWorkBits,
      lifetimeMs: proofOfWorkLifetimeMs,
    }),
  };
}

/** What abuse protection refused since the start, by kind: counts only, naming nobody. */
export interface AbuseRefusals {
  /** By the rate limit's class (its bucket's name). */
  rateLimited: Record<LimitClass, number>;
  /** By why the proof was refused. */
  proofOfWork: Record<RefusedVerdict, number>;
  /** Requests from a barred client. */
  barred: number;
}

export function refusalsOf(protection: AbuseProtection): AbuseRefusals {
  return {
    rateLimited: protection.limiter.refusals(),
    proofOfWork: { ...protection.proofOfWork.refusals() },
    barred: protection.bars.refused,
  };
}
