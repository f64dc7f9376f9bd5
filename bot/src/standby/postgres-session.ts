import pg from "pg";
import type { LockSession, OpenSession } from "./lock.ts";

/**
 * The lock's connection to PostgreSQL, one per bot, apart from anything else. `pg.Client`, not a
 * pool: a session-level advisory lock belongs to one server connection, and a pool could hand the
 * lock's connection to someone else or close it behind our back.
 */
export function postgresSessions(databaseUrl: string, timeoutMs = 5000): OpenSession {
  return async () => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      application_name: "helpline-bot-lock",
      connectionTimeoutMillis: timeoutMs,
      // A query with no answer means the link is gone: the heartbeat fails and the bot stops.
      query_timeout: timeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: timeoutMs,
    });
    const listeners: ((reason: string) => void)[] = [];
    let lost: string | null = null;
    const markLost = (reason: string) => {
      if (lost !== null) return;
      lost = reason;
      for (const listener of listeners.splice(0)) listener(reason);
    };
    // Without a listener, a dropped connection's "error" event would crash the process unlogged.
    client.on("error", (error: Error & { code?: string }) =>
      markLost(`connection error${error.code === undefined ? "" : ` (${error.code})`}`),
    );
    client.on("end", () => markLost("connection closed"));
    try {
      await client.connect();
      // The server side of fencing: if the active bot's machine vanishes without closing its
      // connection, PostgreSQL notices within about 25 s (instead of the kernel's two hours) and
      // frees the lock. By then the bot itself has stopped: its heartbeat fails first.
      await client.query(
        "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3",
      );
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    const alive = () => {
      if (lost !== null) throw new Error(`the lock's connection is gone: ${lost}`);
    };
    return {
      async tryLock(key) {
        alive();
        const result = await client.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock($1::bigint) AS locked",
          [key.toString()],
        );
        return result.rows[0]?.locked === true;
      },
      async ping() {
        alive();
        await client.query("SELECT 1");
      },
      onLost(listener) {
        if (lost !== null) listener(lost);
        else listeners.push(listener);
      },
      async close() {
        listeners.length = 0;
        await client.end();
      },
    } satisfies LockSession;
  };
}
