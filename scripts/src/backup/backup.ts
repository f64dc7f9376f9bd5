import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  BackupArchiveError,
  backupFormat,
  backupVersion,
  databaseEntry,
  describeFiles,
  filesEntry,
  listFiles,
  parseManifest,
  statePrefix,
  verifyExtracted,
  type Manifest,
} from "./manifest.ts";
import type { RunCommand } from "./run-command.ts";
import type { BackupTarget } from "./targets.ts";

/**
 * One backup is one owner-only .tar.gz: Synapse's database (pg_dump's custom format), the bot's
 * state folder, the config files, and a manifest with each file's checksum. It holds every secret
 * of the helpline (signing key, tokens, passwords): docs/deploy.md says how to keep it.
 */

/** 2026-11-22T013000Z: sorts by time, and has no colon (some tools read one as host:path). */
export function archiveName(now: Date): string {
  return `helpline-backup-${now.toISOString().slice(0, 19).replaceAll(":", "")}Z.tar.gz`;
}

function scratchDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "helpline-backup-"));
}

export async function createBackup(options: {
  target: BackupTarget;
  outDir: string;
  now: Date;
  run: RunCommand;
}): Promise<{ file: string; manifest: Manifest }> {
  const { target, run } = options;
  const { base, include } = target.files;
  for (const relative of include) {
    if (!existsSync(path.join(base, relative))) {
      throw new Error(
        `${path.join(base, relative)} does not exist: nothing of the config was backed up.`,
      );
    }
  }
  mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  const scratch = scratchDir();
  try {
    const staging = path.join(scratch, "archive");
    mkdirSync(path.join(staging, "state"), { recursive: true, mode: 0o700 });
    await target.dumpDatabase(path.join(staging, databaseEntry));
    await target.readState(path.join(staging, "state"));
    await run({
      command: "tar",
      args: ["-c", "-f", path.join(staging, filesEntry), "-C", base, "--", ...include],
    });
    const paths = listFiles(staging);
    const manifest: Manifest = {
      format: backupFormat,
      version: backupVersion,
      createdAt: options.now.toISOString(),
      entries: await describeFiles(staging, paths),
    };
    writeFileSync(path.join(staging, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n", {
      mode: 0o600,
    });

    // Written under a temporary name, owner-only from its first byte, then renamed: a backup
    // that was cut short (full disk, killed cron job) never looks like a finished one.
    const file = path.join(options.outDir, archiveName(options.now));
    const partial = `${file}.partial`;
    closeSync(openSync(partial, "w", 0o600));
    chmodSync(partial, 0o600);
    try {
      await run({ command: "tar", args: ["-c", "-z", "-C", staging, "."], stdoutFile: partial });
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    renameSync(partial, file);
    return { file, manifest };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface RestoreReport {
  createdAt: string;
  files: string[];
}

/**
 * Checks the whole archive first (readable, ours, complete, a dump pg_restore reads), then that the
 * target is empty (or `force`), and only then writes: database, state, config files.
 */
export async function restoreBackup(options: {
  target: BackupTarget;
  archive: string;
  force: boolean;
  run: RunCommand;
}): Promise<RestoreReport> {
  const { target, archive, run } = options;
  const name = path.basename(archive);
  if (!existsSync(archive) || !lstatSync(archive).isFile()) {
    throw new BackupArchiveError(`${archive} does not exist.`);
  }
  const scratch = scratchDir();
  try {
    const extracted = path.join(scratch, "archive");
    mkdirSync(extracted, { mode: 0o700 });
    try {
      await run({
        command: "tar",
        args: [
          "-x",
          "-z",
          "-f",
          path.resolve(archive),
          "-C",
          extracted,
          "--no-same-owner",
          "--no-same-permissions",
        ],
      });
    } catch {
      throw new BackupArchiveError(
        `${name} cannot be read as a .tar.gz: it is truncated or not a helpline backup. Nothing was changed.`,
      );
    }
    const manifestFile = path.join(extracted, "manifest.json");
    if (!existsSync(manifestFile)) {
      throw new BackupArchiveError(
        `${name} is not a helpline backup (it has no manifest.json). Nothing was changed.`,
      );
    }
    const manifest = parseManifest(readFileSync(manifestFile, "utf8"), name);
    await verifyExtracted(extracted, manifest, name);
    try {
      await target.checkDump(path.join(extracted, databaseEntry));
    } catch (error) {
      throw new BackupArchiveError(
        `${name}: its database dump is not readable by pg_restore (${(error as Error).message}). Nothing was changed.`,
      );
    }

    await target.checkBotStopped();
    if (!options.force) {
      const tables = await target.databaseTables();
      if (tables > 0) {
        throw new BackupArchiveError(
          `the database of ${target.describe()} is not empty (${tables} tables): restore into a fresh database, or pass --force to replace its content. Nothing was changed.`,
        );
      }
      if (!(await target.stateIsEmpty())) {
        throw new BackupArchiveError(
          `the bot's state folder of ${target.describe()} is not empty: pass --force to replace it. Nothing was changed.`,
        );
      }
    }

    await target.restoreDatabase(path.join(extracted, databaseEntry), { clean: options.force });
    const stateDir = path.join(extracted, "state");
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    for (const entry of manifest.entries.filter((e) => e.path.startsWith(statePrefix))) {
      chmodSync(path.join(extracted, entry.path), entry.mode);
    }
    await target.writeState(stateDir);
    // As root (production), tar gives each file back its owner; else they become the caller's.
    await run({
      command: "tar",
      args: ["-x", "-f", path.join(extracted, filesEntry), "-C", target.files.base],
    });
    const { stdout } = await run({
      command: "tar",
      args: ["-t", "-f", path.join(extracted, filesEntry)],
    });
    const restoredFiles = [
      ...new Set(
        stdout
          .split("\n")
          .map((line) => line.split("/")[0] ?? "")
          .filter((top) => top !== ""),
      ),
    ];
    return { createdAt: manifest.createdAt, files: restoredFiles };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
