import { existsSync, readFileSync } from "node:fs";
import { dumpPostgresDatabase, localPostgres } from "../../scripts/src/synapse/postgres.ts";
import type { Stack } from "../../scripts/src/stack.ts";

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
