import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { AdminError } from "../admin/errors.ts";
import { createBackup, restoreBackup } from "./backup.ts";
import { BackupArchiveError } from "./manifest.ts";
import { CommandError, runCommand, type RunCommand } from "./run-command.ts";
import { composeTarget, directTarget, type BackupTarget } from "./targets.ts";

export const backupUsage = `  backup <dir> [source]                      one owner-only archive in <dir>: database, bot state, config
  restore <archive> [source] [--force]       check the archive, then restore it (--force: over data)
      source: production (default): run in the helpline's folder, or --project-dir <dir>;
              local: --database-url <postgresql://...> --state <dir> --files <dir> --include <path>...`;

export interface BackupIo {
  out(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  run?: RunCommand;
  now?: () => Date;
}

const usageError = (message: string) => new AdminError(message, 2);

async function detectCompose(run: RunCommand): Promise<string[]> {
  try {
    await run({ command: "docker", args: ["compose", "version"] });
    return ["docker", "compose"];
  } catch {
    try {
      await run({ command: "docker-compose", args: ["version"] });
      return ["docker-compose"];
    } catch {
      throw new AdminError(
        "neither `docker compose` nor `docker-compose` works here: run this on the helpline's server, or give a local source (--database-url ...).",
      );
    }
  }
}

/** `backup` and `restore`: argv starts after the command's name. */
export async function runBackupCommand(
  command: "backup" | "restore",
  argv: readonly string[],
  io: BackupIo,
): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        "database-url": { type: "string" },
        state: { type: "string" },
        files: { type: "string" },
        include: { type: "string", multiple: true },
        "project-dir": { type: "string" },
        force: { type: "boolean" },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw usageError(
      command === "backup"
        ? "give the folder to write the backup in, e.g. /var/backups/helpline."
        : "give the backup archive to restore.",
    );
  }
  const where = path.resolve(io.cwd, positionals[0] ?? "");
  if (command === "backup" && values.force) throw usageError("--force is for restore only.");
  const run = io.run ?? runCommand;

  let target: BackupTarget;
  const databaseUrl = values["database-url"];
  if (databaseUrl !== undefined) {
    if (values["project-dir"] !== undefined)
      throw usageError(
        "--project-dir is for the production stack; a local source takes --database-url, --state, --files.",
      );
    if (!/^postgres(ql)?:\/\/[^/]/.test(databaseUrl))
      throw usageError(
        "--database-url must be a PostgreSQL URL like postgresql://user@host:5432/database.",
      );
    if (
      values.state === undefined ||
      values.files === undefined ||
      (values.include ?? []).length === 0
    ) {
      throw usageError(
        "a local source needs --state <the bot's state folder>, --files <folder> and at least one --include <path in it>.",
      );
    }
    target = directTarget({
      databaseUrl,
      stateDir: path.resolve(io.cwd, values.state),
      filesBase: path.resolve(io.cwd, values.files),
      include: values.include ?? [],
      run,
    });
  } else {
    if (values.state !== undefined || values.files !== undefined || values.include !== undefined) {
      throw usageError("--state, --files and --include go with --database-url (a local source).");
    }
    const projectDir = path.resolve(io.cwd, values["project-dir"] ?? ".");
    if (!existsSync(path.join(projectDir, "docker-compose.yml"))) {
      throw new AdminError(
        `${projectDir} has no docker-compose.yml: run this in the helpline's folder (e.g. /opt/helpline), or pass --project-dir.`,
      );
    }
    try {
      target = composeTarget({ projectDir, compose: await detectCompose(run), run });
    } catch (error) {
      if (error instanceof AdminError) throw error;
      throw new AdminError((error as Error).message);
    }
  }

  try {
    if (command === "backup") {
      const { file, manifest } = await createBackup({
        target,
        outDir: where,
        now: (io.now ?? (() => new Date()))(),
        run,
      });
      io.out(
        [
          `Backed up ${target.describe()} to ${file} (owner-only, ${manifest.entries.length} files).`,
          "It holds every secret of the helpline: encrypt it before it leaves this machine (docs/deploy.md).",
        ].join("\n"),
      );
    } else {
      const report = await restoreBackup({
        target,
        archive: where,
        force: values.force === true,
        run,
      });
      io.out(
        [
          `Restored the backup of ${report.createdAt} into ${target.describe()}: database, the bot's state, and ${report.files.join(", ")}.`,
          "Start Synapse and the bot again, then check: helpline-admin status.",
        ].join("\n"),
      );
    }
  } catch (error) {
    if (error instanceof BackupArchiveError || error instanceof CommandError)
      throw new AdminError(error.message);
    throw error;
  }
}
