import { SessionFailure, type ChatSession } from "../session/types.ts";

/** The part of the Web Locks API used here (navigator.locks). */
export interface Locks {
  request(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

/** One chat per browser: two clients on one crypto store corrupt it. */
export const SESSION_LOCK = "helpline-chat-session";
const RETRIES = 4;
const RETRY_MS = 150;

/**
 * Takes the browser-wide lock if nobody holds it; resolves with the function that releases it,
 * or null when another tab holds it. Without Web Locks (very old browsers) there is no guard.
 */
export function tryLock(
  locks: Locks | undefined,
  name = SESSION_LOCK,
): Promise<(() => void) | null> {
  if (locks === undefined) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        // Held until released: the lock's promise settles when the session stops.
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(reject);
  });
}

/**
 * Wraps a session factory so that each session holds the lock for its whole life, and a second
 * tab gets the "otherTab" failure instead of a second client on the same store.
 */
export function oneSessionPerBrowser<A extends unknown[]>(
  createSession: (...args: A) => Promise<ChatSession>,
  locks: Locks | undefined,
): (...args: A) => Promise<ChatSession> {
  return async (...args: A) => {
    let release = await tryLock(locks).catch(() => () => undefined);
    // The page's own clean-up at load holds the lock for a few milliseconds: wait that out.
    for (let attempt = 0; release === null && attempt < RETRIES; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      release = await tryLock(locks).catch(() => () => undefined);
    }
    // The kind says it all; the message is short, as every byte here is on the landing page.
    if (release === null) throw new SessionFailure("otherTab", "other tab");
    let session: ChatSession;
    try {
      session = await createSession(...args);
    } catch (error) {
      release();
      throw error;
    }
    const stop = session.stop.bind(session);
    session.stop = () => {
      stop();
      release();
    };
    return session;
  };
}
