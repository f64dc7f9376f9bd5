import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { retryWhileTablesChange } from "../synapse/dump-retry.ts";
import type { RunCommand } from "./run-command.ts";

/**
 * Where a helpline's data lives, and how to read and write it. Two kinds: `direct` (a PostgreSQL
 * URL and folders on this machine: development, tests, a bare-metal install) and `compose` (the
 * production stack of docker-compose.yml: the database in the postgres container, the bot's state
 * in a Docker volume).
 */
export interface BackupTarget {
  /** Named in messages; never a password. */
  describe(): string;
  dumpDatabase(toFile: string): Promise<void>;
  /** pg_restore can read the dump (a truncated or foreign file fails here). */
  checkDump(file: string): Promise<void>;
  /** How many tables the database has: 0 for a fresh one. */
  databaseTables(): Promise<number>;
  restoreDatabase(fromFile: string, options: { clean: boolean }): Promise<void>;
  /** Copies the bot's state folder into `intoDir` (which exists and is empty). */
  readState(intoDir: string): Promise<void>;
  stateIsEmpty(): Promise<boolean>;
  /** Replaces the bot's state with the content of `fromDir`. */
  writeState(fromDir: string): Promise<void>;
  /** The folder config files are relative to, and which ones are backed up. */
  files: { base: string; include: string[] };
  /** Refuses (throws) when the bot could write its state during a restore. */
  checkBotStopped(): Promise<void>;
}

const tablesQuery =
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";

export function directTarget(options: {
  databaseUrl: string;
  stateDir: string;
  filesBase: string;
  include: string[];
  run: RunCommand;
}): BackupTarget {
  const { run, databaseUrl, stateDir } = options;
  const url = new URL(databaseUrl);
  return {
    describe: () => `${url.hostname}:${url.port || "5432"}${url.pathname} and ${stateDir}`,
    async dumpDatabase(toFile) {
      await retryWhileTablesChange(() =>
        run({
          command: "pg_dump",
          args: ["-Fc", "--no-owner", "-d", databaseUrl, "-f", toFile],
        }),
      );
    },
    async checkDump(file) {
      await run({ command: "pg_restore", args: ["--list", file] });
    },
    async databaseTables() {
      const { stdout } = await run({
        command: "psql",
        args: ["-d", databaseUrl, "-tAc", tablesQuery],
      });
      return Number(stdout.trim());
    },
    async restoreDatabase(fromFile, { clean }) {
      await run({
        command: "pg_restore",
        args: [
          "--no-owner",
          "--exit-on-error",
          "--single-transaction",
          ...(clean ? ["--clean", "--if-exists"] : []),
          "-d",
          databaseUrl,
          fromFile,
        ],
      });
    },
    async readState(intoDir) {
      if (!existsSync(stateDir))
        throw new Error(`the bot's state folder ${stateDir} does not exist.`);
      await run({ command: "cp", args: ["-a", `${stateDir}/.`, intoDir] });
    },
    async stateIsEmpty() {
      return !existsSync(stateDir) || readdirSync(stateDir).length === 0;
    },
    async writeState(fromDir) {
      rmSync(stateDir, { recursive: true, force: true });
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
      await run({ command: "cp", args: ["-a", `${fromDir}/.`, stateDir] });
    },
    files: { base: options.filesBase, include: options.include },
    // Nothing to ask on a bare machine: the operator stops the bot first (docs/deploy.md).
    async checkBotStopped() {},
  };
}

/** The project's name, as docker compose names its volumes: COMPOSE_PROJECT_NAME in .env. */
export function composeProjectName(projectDir: string): string {
  const envFile = path.join(projectDir, ".env");
  if (!existsSync(envFile)) {
    throw new Error(
      `${envFile} does not exist: run this in the helpline's folder (e.g. /opt/helpline), or pass --project-dir.`,
    );
  }
  const line = readFileSync(envFile, "utf8")
    .split("\n")
    .find((l) => l.startsWith("COMPOSE_PROJECT_NAME="));
  const name = line?.slice("COMPOSE_PROJECT_NAME=".length).trim() || path.basename(projectDir);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name))
    throw new Error(`${envFile}: COMPOSE_PROJECT_NAME "${name}" is not a compose project name.`);
  return name;
}

/** The production stack (docker-compose.yml), run from its folder on the server. */
export function composeTarget(options: {
  projectDir: string;
  /** ["docker", "compose"] or ["docker-compose"] (Debian's 1.29). */
  compose: string[];
  run: RunCommand;
}): BackupTarget {
  const { run, projectDir } = options;
  const project = composeProjectName(projectDir);
  const volume = `${project}_bot-state`;
  const [composeCommand = "docker", ...composeArgs] = options.compose;
  const compose = (...args: string[]) => ({
    command: composeCommand,
    args: [
      ...composeArgs,
      "--project-directory",
      projectDir,
      "-f",
      path.join(projectDir, "docker-compose.yml"),
      ...args,
    ],
  });
  const inPostgres = (...args: string[]) => compose("exec", "-T", "postgres", ...args);
  // The bot's own image has tar and runs as root here only to set the owner back to the bot's user.
  const onVolume = (mode: "ro" | "rw", script: string) => ({
    command: "docker",
    args: [
      "run",
      "--rm",
      "-i",
      "--user",
      "0",
      "-v",
      `${volume}:/state${mode === "ro" ? ":ro" : ""}`,
      "--entrypoint",
      "sh",
      "helpline-bot:local",
      "-c",
      script,
    ],
  });
  return {
    describe: () => `the compose project ${project} in ${projectDir}`,
    async dumpDatabase(toFile) {
      await retryWhileTablesChange(() =>
        run({
          ...inPostgres("pg_dump", "-U", "synapse", "-Fc", "--no-owner", "synapse"),
          stdoutFile: toFile,
        }),
      );
    },
    async checkDump(file) {
      await run({ ...inPostgres("pg_restore", "--list"), stdinFile: file });
    },
    async databaseTables() {
      const { stdout } = await run(
        inPostgres("psql", "-U", "synapse", "-d", "synapse", "-tAc", tablesQuery),
      );
      return Number(stdout.trim());
    },
    async restoreDatabase(fromFile, { clean }) {
      await run({
        ...inPostgres(
          "pg_restore",
          "-U",
          "synapse",
          "-d",
          "synapse",
          "--no-owner",
          "--exit-on-error",
          "--single-transaction",
          ...(clean ? ["--clean", "--if-exists"] : []),
        ),
        stdinFile: fromFile,
      });
    },
    async readState(intoDir) {
      const tarFile = path.join(intoDir, "..", "state.tar");
      await run({ ...onVolume("ro", "tar -c -C /state ."), stdoutFile: tarFile });
      await run({ command: "tar", args: ["-x", "-f", tarFile, "-C", intoDir, "--no-same-owner"] });
      rmSync(tarFile, { force: true });
    },
    async stateIsEmpty() {
      const { stdout } = await run(onVolume("ro", "ls -A /state | head -n 1"));
      return stdout.trim() === "";
    },
    async writeState(fromDir) {
      const tarFile = path.join(fromDir, "..", "state-restore.tar");
      await run({ command: "tar", args: ["-c", "-f", tarFile, "-C", fromDir, "."] });
      await run({
        ...onVolume(
          "rw",
          "find /state -mindepth 1 -delete && tar -x -C /state && chown -R 1000:1000 /state",
        ),
        stdinFile: tarFile,
      });
      rmSync(tarFile, { force: true });
    },
    files: { base: projectDir, include: [".env", "production", "config/helplines"] },
    async checkBotStopped() {
      // Both docker compose and docker-compose 1.29 understand this form.
      const { stdout } = await run(compose("ps", "--services", "--filter", "status=running"));
      const running = stdout.split("\n").map((line) => line.trim());
      if (running.includes("bot") || running.includes("bot-standby")) {
        throw new Error(
          "the bot is running: stop it first (docker compose stop bot bot-standby), so that it writes nothing while its state is restored.",
        );
      }
    },
  };
}
