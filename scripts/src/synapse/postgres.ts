import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { retryWhileTablesChange } from "./dump-retry.ts";

const run = promisify(execFile);

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
}

/** The local server, overridable with the usual libpq variables. */
export function localPostgres(): PostgresServer {
  return {
    host: process.env.PGHOST ?? "127.0.0.1",
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? "postgres",
  };
}

function connection(server: PostgresServer): string[] {
  return ["-h", server.host, "-p", String(server.port), "-U", server.user];
}

/**
 * Creates the database if it does not exist. Synapse refuses any collation but C, so the database
 * is created from template0 with the C locale.
 */
export async function ensurePostgresDatabase(server: PostgresServer, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid database name: ${name}`);
  const { stdout } = await run("psql", [
    ...connection(server),
    "-d",
    "postgres",
    "-tAc",
    `SELECT 1 FROM pg_database WHERE datname = '${name}'`,
  ]);
  if (stdout.trim() === "1") return;
  await run("createdb", [
    ...connection(server),
    "--encoding=UTF8",
    "--locale=C",
    "--template=template0",
    name,
  ]);
}

export async function dropPostgresDatabase(server: PostgresServer, name: string): Promise<void> {
  await run("dropdb", [...connection(server), "--if-exists", "--force", name]);
}

/** The database's whole content as SQL text, e.g. to prove that some text is nowhere in it. */
export async function dumpPostgresDatabase(server: PostgresServer, name: string): Promise<string> {
  const { stdout } = await retryWhileTablesChange(() =>
    run("pg_dump", [...connection(server), "--data-only", name], {
      maxBuffer: 512 * 1024 * 1024,
    }),
  );
  return stdout;
}
