import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandSpec, RunCommand } from "./run-command.ts";
import { composeProjectName, composeTarget, directTarget } from "./targets.ts";

let dir: string;
let calls: CommandSpec[];
let answers: Record<string, string>;
const run: RunCommand = async (spec) => {
  calls.push(spec);
  return { stdout: answers[spec.args.join(" ")] ?? "" };
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "targets-test-"));
  writeFileSync(
    path.join(dir, ".env"),
    "HELPLINE_DOMAIN=chat.example.org\nCOMPOSE_PROJECT_NAME=helpline\n",
  );
  calls = [];
  answers = {};
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("composeTarget", () => {
  const target = () => composeTarget({ projectDir: dir, compose: ["docker", "compose"], run });
  const composePrefix = () => [
    "compose",
    "--project-directory",
    dir,
    "-f",
    path.join(dir, "docker-compose.yml"),
  ];

  it("should dump and restore through the postgres container, with the dump on a file", async () => {
    await target().dumpDatabase("/tmp/x.dump");
    await target().restoreDatabase("/tmp/x.dump", { clean: false });
    await target().restoreDatabase("/tmp/x.dump", { clean: true });
    expect(calls).toEqual([
      {
        command: "docker",
        args: [
          ...composePrefix(),
          "exec",
          "-T",
          "postgres",
          "pg_dump",
          "-U",
          "synapse",
          "-Fc",
          "--no-owner",
          "synapse",
        ],
        stdoutFile: "/tmp/x.dump",
      },
      {
        command: "docker",
        args: [
          ...composePrefix(),
          "exec",
          "-T",
          "postgres",
          "pg_restore",
          "-U",
          "synapse",
          "-d",
          "synapse",
          "--no-owner",
          "--exit-on-error",
          "--single-transaction",
        ],
        stdinFile: "/tmp/x.dump",
      },
      {
        command: "docker",
        args: [
          ...composePrefix(),
          "exec",
          "-T",
          "postgres",
          "pg_restore",
          "-U",
          "synapse",
          "-d",
          "synapse",
          "--no-owner",
          "--exit-on-error",
          "--single-transaction",
          "--clean",
          "--if-exists",
        ],
        stdinFile: "/tmp/x.dump",
      },
    ]);
  });

  it("should read the bot's state from the project's volume, read-only", async () => {
    await target().stateIsEmpty();
    expect(calls[0]?.args.slice(0, 7)).toEqual([
      "run",
      "--rm",
      "-i",
      "--user",
      "0",
      "-v",
      "helpline_bot-state:/state:ro",
    ]);
  });

  it("should back up .env, production/ and the helpline definitions", () => {
    expect(target().files).toEqual({
      base: dir,
      include: [".env", "production", "config/helplines"],
    });
  });

  it("should refuse to restore while a bot runs, with docker-compose 1.29 as well", async () => {
    const old = composeTarget({ projectDir: dir, compose: ["docker-compose"], run });
    answers[
      [
        "--project-directory",
        dir,
        "-f",
        path.join(dir, "docker-compose.yml"),
        "ps",
        "--services",
        "--filter",
        "status=running",
      ].join(" ")
    ] = "postgres\nsynapse\nbot-standby\n";
    await expect(old.checkBotStopped()).rejects.toThrow(/the bot is running: stop it first/);
    expect(calls[0]?.command).toBe("docker-compose");
    answers = {};
    await expect(old.checkBotStopped()).resolves.toBeUndefined();
  });
});

describe("composeProjectName", () => {
  it("should read COMPOSE_PROJECT_NAME, and say where .env is missing", () => {
    expect(composeProjectName(dir)).toBe("helpline");
    rmSync(path.join(dir, ".env"));
    expect(() => composeProjectName(dir)).toThrow(`${path.join(dir, ".env")} does not exist`);
  });
});

describe("directTarget", () => {
  it("should name the database without its user or password", () => {
    const target = directTarget({
      databaseUrl: "postgresql://synapse:s3cret@db.internal:6543/synapse",
      stateDir: "/srv/state",
      filesBase: "/srv",
      include: ["config"],
      run,
    });
    expect(target.describe()).toBe("db.internal:6543/synapse and /srv/state");
  });
});
