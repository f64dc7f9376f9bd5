import type { LogFields, Logger } from "../logging/logger.ts";
import {
  afterFailedAttempt,
  initialWaitState,
  type AttemptOutcome,
  type WaitPolicy,
} from "./policy.ts";

/** One database connection that can hold the advisory lock (postgres-session.ts is the real one). */
export interface LockSession {
  /** Takes the lock if free, without waiting; true when this session now holds it. */
  tryLock(key: bigint): Promise<boolean>;
  /** A round trip on this very connection: the lock lives exactly as long as it does. */
  ping(): Promise<void>;
  /** Called once if the connection drops; at once if it already has. */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export type OpenSession = () => Promise<LockSession>;

export interface HeldLock {
  /** Lets the lock go (a clean stop); the lost-lock callback is not called for this. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  open: OpenSession;
  key: bigint;
  policy: WaitPolicy;
  /** How often the holder checks its connection is alive (fencing: see onLost). */
  heartbeatMs: number;
  /** Host, port and database only: it is logged. */
  target: string;
  logger: Logger;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** After each attempt that did not get the lock (e.g. to touch a healthcheck's file). */
  onWait?(): void;
  /**
   * The lock is gone while held: another bot may take it any second. The caller must stop at
   * once, before it writes anything else, since that other bot replays the same journal.
   */
  onLost(reason: string): void;
}

function failureFields(error: unknown): LogFields {
  // The code only (ECONNREFUSED, 28P01, ...): driver messages can carry the server's address.
  const code = (error as { code?: unknown } | null)?.code;
  return {
    errorClass: error instanceof Error ? error.name : typeof error,
    ...(typeof code === "string" ? { errorCode: code } : {}),
  };
}

/** Waits as long as it takes for the lock, then holds it with a heartbeat. */
export async function acquireLock(options: AcquireOptions): Promise<HeldLock> {
  const { logger, policy } = options;
  let state = initialWaitState;
  let session: LockSession | undefined;
  for (;;) {
    let outcome: AttemptOutcome;
    let failure: LogFields = {};
    try {
      session ??= await options.open();
      if (await session.tryLock(options.key)) return hold(session, options);
      outcome = "held_elsewhere";
    } catch (error) {
      await session?.close().catch(() => {});
      session = undefined;
      outcome = "unreachable";
      failure = failureFields(error);
    }
    const decision = afterFailedAttempt(state, outcome, options.now(), policy);
    state = decision.state;
    if (decision.log) {
      if (outcome === "held_elsewhere") {
        logger.info("bot.standby_waiting", {
          reason: "another bot holds the lock",
          target: options.target,
          retrySeconds: decision.delayMs / 1000,
        });
      } else {
        logger.warn("bot.standby_lock_unreachable", {
          target: options.target,
          retrySeconds: decision.delayMs / 1000,
          ...failure,
        });
      }
    }
    options.onWait?.();
    await options.sleep(decision.delayMs);
  }
}

function hold(session: LockSession, options: AcquireOptions): HeldLock {
  let released = false;
  let lost = false;
  const loseIt = (reason: string) => {
    if (released || lost) return;
    lost = true;
    clearInterval(heartbeat);
    options.onLost(reason);
  };
  const heartbeat = setInterval(() => {
    session.ping().catch((error: unknown) => {
      const code = failureFields(error).errorCode;
      loseIt(`heartbeat failed${code === undefined ? "" : ` (${String(code)})`}`);
    });
  }, options.heartbeatMs);
  heartbeat.unref();
  session.onLost(loseIt);
  options.logger.info("bot.lock_acquired", { target: options.target });
  return {
    async release() {
      released = true;
      clearInterval(heartbeat);
      await session.close();
    },
  };
}
