import { existsSync, readFileSync } from "node:fs";
import { dumpPostgresDatabase, localPostgres } from "@helpline/scripts/synapse/postgres";
import type { Stack } from "@helpline/scripts/stack";

/**
 * Returns which of `needles` appear anywhere in Synapse's database: every byte of the SQLite file
 * and its journals, or a full data dump of the PostgreSQL database. Used to prove that what a youth
 * writes reaches the counsellor but never sits readable on the server.
 */
export async function findInSynapseDatabase(stack: Stack, needles: string[]): Promise<string[]> {
  let haystack: string;
  if (stack.database.kind === "postgres") {
    haystack = await dumpPostgresDatabase(localPostgres(), stack.database.name);
  } else {
    const file = stack.rendered.sqliteFile;
    if (!file) throw new Error("SQLite stack without a database file");
    haystack = [file, `${file}-wal`, `${file}-journal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString("latin1"))
      .join("\n");
  }
  if (haystack.length < 10_000) throw new Error("the database dump is suspiciously small");
  return needles.filter((needle) => haystack.includes(needle));
}

/**
 * How many rows of each table of Synapse's database mention `needle`, to say precisely what is
 * left of a youth after erasure (SQLite: every table read; PostgreSQL: a data dump, by table).
 */
export async function tablesMentioning(
  stack: Stack,
  needle: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (stack.database.kind === "postgres") {
    const dump = await dumpPostgresDatabase(localPostgres(), stack.database.name);
    let table: string | null = null;
    for (const line of dump.split("\n")) {
      const copy = /^COPY public\.("?)([a-z0-9_]+)\1 /.exec(line);
      if (copy) table = copy[2] ?? null;
      else if (line === "\\.") table = null;
      else if (table !== null && line.includes(needle)) counts[table] = (counts[table] ?? 0) + 1;
    }
    return counts;
  }
  const file = stack.rendered.sqliteFile;
  if (!file) throw new Error("SQLite stack without a database file");
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
counts = {}
for (table,) in db.execute("select name from sqlite_master where type = 'table'"):
    found = sum(1 for row in db.execute(f'select * from "{table}"') if sys.argv[2] in repr(row))
    if found:
        counts[table] = found
print(json.dumps(counts))
`;
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const { stdout } = await promisify(execFile)("python3", ["-c", script, file, needle]);
  Object.assign(counts, JSON.parse(stdout) as Record<string, number>);
  return counts;
}
