import { createHash } from "node:crypto";
import { createReadStream, lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * What a backup archive holds, written inside it as manifest.json. Restore trusts nothing in an
 * archive until every file matches this list: a truncated copy, a damaged disk or someone else's
 * tarball is refused before anything on the server changes.
 */
export const backupFormat = "helpline-backup";
export const backupVersion = 1;
export const databaseEntry = "database.dump";
/** The bot's state folder, under this prefix in the archive. */
export const statePrefix = "state/";
/**
 * Config files, as one tar relative to the folder they were taken from: tar keeps their owners
 * (Synapse's 991, the bot's 1000) and folder modes, which the containers need to read them.
 */
export const filesEntry = "files.tar";

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
  mode: number;
}

export interface Manifest {
  format: typeof backupFormat;
  version: typeof backupVersion;
  createdAt: string;
  entries: ManifestEntry[];
}

export class BackupArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupArchiveError";
  }
}

/** Every regular file under `root`, as archive paths ("state/permanence/journal.jsonl"). */
export function listFiles(root: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const full = path.join(root, name);
    const stat = lstatSync(full);
    const relative = `${prefix}${name}`;
    if (stat.isDirectory()) found.push(...listFiles(full, `${relative}/`));
    else if (stat.isFile()) found.push(relative);
    else throw new BackupArchiveError(`${relative} is neither a file nor a folder (a link?)`);
  }
  return found;
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function describeFiles(
  root: string,
  paths: readonly string[],
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const relative of paths) {
    const full = path.join(root, relative);
    const stat = lstatSync(full);
    entries.push({
      path: relative,
      size: stat.size,
      sha256: await sha256Of(full),
      mode: stat.mode & 0o777,
    });
  }
  return entries;
}

/** A path an archive may use: relative, inside its own area, no way out of the folder. */
export function isSafeEntryPath(entryPath: string): boolean {
  if (entryPath === databaseEntry || entryPath === filesEntry) return true;
  if (!entryPath.startsWith(statePrefix)) return false;
  const parts = entryPath.split("/");
  return (
    parts.every((part) => part !== "" && part !== "." && part !== "..") && !entryPath.includes("\\")
  );
}

/** Checks manifest.json's shape; says what is wrong in an operator's words. */
export function parseManifest(text: string, archiveName: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BackupArchiveError(
      `${archiveName} is not a helpline backup: its manifest.json is not JSON.`,
    );
  }
  const record = data as Partial<Record<keyof Manifest, unknown>> | null;
  if (record === null || typeof record !== "object" || record.format !== backupFormat) {
    throw new BackupArchiveError(
      `${archiveName} is not a helpline backup (its manifest names no "${backupFormat}").`,
    );
  }
  if (record.version !== backupVersion) {
    throw new BackupArchiveError(
      `${archiveName} is a helpline backup of format version ${String(record.version)}; this release reads version ${backupVersion}. Restore it with the release that made it.`,
    );
  }
  if (typeof record.createdAt !== "string" || !Array.isArray(record.entries)) {
    throw new BackupArchiveError(`${archiveName}: its manifest.json lacks createdAt or entries.`);
  }
  const entries: ManifestEntry[] = [];
  for (const entry of record.entries as unknown[]) {
    const e = entry as Partial<ManifestEntry> | null;
    if (
      e === null ||
      typeof e !== "object" ||
      typeof e.path !== "string" ||
      !isSafeEntryPath(e.path) ||
      typeof e.size !== "number" ||
      typeof e.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(e.sha256) ||
      typeof e.mode !== "number"
    ) {
      throw new BackupArchiveError(
        `${archiveName}: its manifest.json has an entry that is not valid.`,
      );
    }
    entries.push({ path: e.path, size: e.size, sha256: e.sha256, mode: e.mode & 0o777 });
  }
  if (!entries.some((entry) => entry.path === databaseEntry)) {
    throw new BackupArchiveError(`${archiveName}: it holds no database dump.`);
  }
  return { format: backupFormat, version: backupVersion, createdAt: record.createdAt, entries };
}

/** Every listed file is there with its size and checksum, and nothing else is. */
export async function verifyExtracted(
  root: string,
  manifest: Manifest,
  archiveName: string,
): Promise<void> {
  const present = listFiles(root).filter((file) => file !== "manifest.json");
  const listed = new Set(manifest.entries.map((entry) => entry.path));
  const extra = present.filter((file) => !listed.has(file));
  if (extra.length > 0) {
    throw new BackupArchiveError(
      `${archiveName} holds files its manifest does not list (${extra.slice(0, 3).join(", ")}): not restored.`,
    );
  }
  for (const entry of manifest.entries) {
    const full = path.join(root, entry.path);
    let size: number;
    try {
      const stat = lstatSync(full);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      throw new BackupArchiveError(`${archiveName} is incomplete: ${entry.path} is missing.`);
    }
    if (size !== entry.size || (await sha256Of(full)) !== entry.sha256) {
      throw new BackupArchiveError(
        `${archiveName} is damaged: ${entry.path} does not match its checksum.`,
      );
    }
  }
}
