import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { localPostgres } from "@helpline/scripts/synapse/postgres";

const run = promisify(execFile);

/** One SQL statement on the local PostgreSQL's `postgres` database, its output trimmed. */
export async function psql(sql: string): Promise<string> {
  const server = localPostgres();
  const { stdout } = await run("psql", [
    ...["-h", server.host, "-p", String(server.port), "-U", server.user, "-d", "postgres"],
    ...["-tAc", sql],
  ]);
  return stdout.trim();
}

/**
 * Ends the connection that holds the bot's advisory lock from the server's side, as a lost network
 * would; answers how many connections were ended ("1" when a bot held it).
 */
export async function cutLockConnection(key: bigint): Promise<string> {
  const high = Number((BigInt.asUintN(64, key) >> 32n) & 0xffffffffn);
  const low = Number(BigInt.asUintN(64, key) & 0xffffffffn);
  return psql(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_locks " +
      `WHERE locktype = 'advisory' AND granted AND classid = ${high} AND objid = ${low} AND objsubid = 1`,
  );
}
