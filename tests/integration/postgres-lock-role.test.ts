import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { freePort } from "@helpline/scripts/net/free-port";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// config/postgres-init/10-bot-lock.sh, run the way the postgres image runs it, against a
// PostgreSQL cluster of its own: the script changes cluster-wide grants, which must not touch the
// machine's shared instance. The cluster asks for passwords (scram), as production's does.

const script = fileURLToPath(new URL("../../config/postgres-init/10-bot-lock.sh", import.meta.url));
const superuser = "synapse";
const superPassword = "super-secret-for-this-test";
const lockPassword = "lock'secret with a quote";

function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => path.join(root, v, "bin")).find((bin) => existsSync(bin));
  return found ?? null;
}

const bin = postgresBin();
// initdb refuses to run as root; the Debian package's "postgres" account runs it then.
const asRoot = process.getuid?.() === 0;

function asClusterOwner(command: string, args: string[]): string {
  const [file, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", command, ...args]]
    : [command, args];
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe.skipIf(bin === null)("the bot's lock role in PostgreSQL (config/postgres-init)", () => {
  let dir: string;
  let port: number;

  function psql(
    user: string,
    password: string,
    database: string,
    sql: string,
  ): { ok: boolean; out: string } {
    const result = spawnSync(
      "psql",
      ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-Atc", sql],
      { encoding: "utf8", env: { ...process.env, PGPASSWORD: password } },
    );
    return { ok: result.status === 0, out: `${result.stdout}${result.stderr}` };
  }

  function runInitScript(): string {
    return execFileSync("sh", [script], {
      encoding: "utf8",
      env: {
        ...process.env,
        PGHOST: "127.0.0.1",
        PGPORT: String(port),
        PGPASSWORD: superPassword,
        POSTGRES_USER: superuser,
        POSTGRES_DB: "synapse",
        BOT_LOCK_PASSWORD: lockPassword,
      },
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "helpline-pg-"));
    const data = path.join(dir, "data");
    const pwfile = path.join(dir, "pw");
    writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
    mkdirSync(data, { mode: 0o700 });
    if (asRoot) {
      chmodSync(dir, 0o755);
      for (const owned of [data, pwfile]) execFileSync("chown", ["postgres:postgres", owned]);
    }
    port = await freePort();
    asClusterOwner(path.join(bin ?? "", "initdb"), [
      "-D",
      data,
      "-U",
      superuser,
      "--pwfile",
      pwfile,
      "--auth=scram-sha-256",
      "--locale=C",
      "--encoding=UTF8",
    ]);
    asClusterOwner(path.join(bin ?? "", "pg_ctl"), [
      "-D",
      data,
      "-l",
      path.join(data, "log"),
      "-o",
      `-p ${port} -k ${data} -c listen_addresses=127.0.0.1`,
      "-w",
      "start",
    ]);
    // As the image does: Synapse's database exists, owned by the superuser.
    expect(psql(superuser, superPassword, "postgres", "CREATE DATABASE synapse").ok).toBe(true);
  }, 120_000);

  afterAll(() => {
    if (bin !== null && dir !== undefined) {
      try {
        asClusterOwner(path.join(bin, "pg_ctl"), [
          "-D",
          path.join(dir, "data"),
          "-m",
          "fast",
          "stop",
        ]);
      } catch {
        // Already stopped (a failed start); the folder goes anyway.
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("should let the lock's role take an advisory lock, and nothing else", () => {
    const output = runInitScript();
    expect(output).toContain('bot lock role "bot_lock" and database "bot_lock" ready');
    // Running it again (an upgrade, or by hand) changes nothing and does not fail.
    runInitScript();

    expect(psql("bot_lock", lockPassword, "bot_lock", "SELECT pg_try_advisory_lock(7)").out).toBe(
      "t\n",
    );
    const wrong = psql("bot_lock", "not the password", "bot_lock", "SELECT 1");
    expect(wrong.ok).toBe(false);
    expect(wrong.out).toContain("password authentication failed");

    // Synapse's data and the maintenance database are out of reach.
    for (const database of ["synapse", "postgres"]) {
      const attempt = psql("bot_lock", lockPassword, database, "SELECT 1");
      expect(attempt.ok, database).toBe(false);
      expect(attempt.out).toContain("permission denied");
    }
    // It can create nothing, and is nobody else.
    const create = psql("bot_lock", lockPassword, "bot_lock", "CREATE TABLE t (a int)");
    expect(create.ok).toBe(false);
    const attributes = psql(
      superuser,
      superPassword,
      "synapse",
      "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'bot_lock'",
    );
    expect(attributes.out).toBe("f|f|f\n");
    // Synapse's own account is untouched.
    expect(psql(superuser, superPassword, "synapse", "SELECT 1").out).toBe("1\n");
  });

  it("should refuse to run without the password the setup writes", () => {
    const result = spawnSync("sh", [script], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", PGPORT: String(port), PGHOST: "127.0.0.1" },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("BOT_LOCK_PASSWORD is not set");
  });
});
