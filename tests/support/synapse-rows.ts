import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { localPostgres } from "@helpline/scripts/synapse/postgres";
import type { Stack } from "@helpline/scripts/stack";

const run = promisify(execFile);

/**
 * The password hash Synapse's `users` table holds for an account ("" for none, null for no such
 * account): what no API says, read from the database as a thief with a copy of it would.
 */
export async function passwordHashOf(stack: Stack, userId: string): Promise<string | null> {
  // The id is checked before it goes into SQL text: the tests' own accounts only.
  if (!/^@[a-z0-9._=/-]+:[a-z0-9.:-]+$/.test(userId)) throw new Error(`odd user id ${userId}`);
  if (stack.database.kind === "postgres") {
    const server = stack.database.server ?? localPostgres();
    const { stdout } = await run("psql", [
      ...["-h", server.host, "-p", String(server.port), "-U", server.user],
      ...["-d", stack.database.name, "-tAc"],
      `SELECT 'row:' || coalesce(password_hash, '') FROM users WHERE name = '${userId}'`,
    ]);
    const line = stdout.trim();
    return line.startsWith("row:") ? line.slice(4) : null;
  }
  const file = stack.rendered.sqliteFile;
  if (!file) throw new Error("SQLite stack without a database file");
  const script = `
import json, sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "select coalesce(password_hash, '') from users where name = ?", (sys.argv[2],)).fetchone()
print(json.dumps(None if row is None else row[0]))
`;
  const { stdout } = await run("python3", ["-c", script, file, userId]);
  return JSON.parse(stdout) as string | null;
}
