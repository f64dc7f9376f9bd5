import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { archiveName, createBackup, restoreBackup } from "./backup.ts";
import { runCommand } from "./run-command.ts";
import type { BackupTarget } from "./targets.ts";

/** A helpline whose database is a file of text: everything else (tar, folders) is real. */
class FakeHelpline implements BackupTarget {
  database: string | null = null;
  restores: { content: string; clean: boolean }[] = [];
  botRunning = false;
  constructor(
    readonly stateDir: string,
    readonly files: { base: string; include: string[] },
  ) {}
  describe() {
    return "the fake helpline";
  }
  async dumpDatabase(toFile: string) {
    writeFileSync(toFile, `PGDMP${this.database ?? ""}`);
  }
  async checkDump(file: string) {
    if (!readFileSync(file, "utf8").startsWith("PGDMP")) throw new Error("not a dump");
  }
  async databaseTables() {
    return this.database === null ? 0 : 3;
  }
  async restoreDatabase(fromFile: string, options: { clean: boolean }) {
    this.database = readFileSync(fromFile, "utf8").slice("PGDMP".length);
    this.restores.push({ content: this.database, clean: options.clean });
  }
  async readState(intoDir: string) {
    execFileSync("cp", ["-a", `${this.stateDir}/.`, intoDir]);
  }
  async stateIsEmpty() {
    return !existsSync(this.stateDir) || readdirSync(this.stateDir).length === 0;
  }
  async writeState(fromDir: string) {
    rmSync(this.stateDir, { recursive: true, force: true });
    mkdirSync(this.stateDir, { recursive: true });
    execFileSync("cp", ["-a", `${fromDir}/.`, this.stateDir]);
  }
  async checkBotStopped() {
    if (this.botRunning) throw new Error("the bot is running");
  }
}

let dir: string;
let helpline: FakeHelpline;
const now = new Date("2026-11-22T01:30:00Z");

function seed() {
  const state = path.join(dir, "server", "state");
  mkdirSync(path.join(state, "permanence"), { recursive: true });
  writeFileSync(path.join(state, "permanence", "journal.jsonl"), '{"seq":1}\n', { mode: 0o600 });
  writeFileSync(path.join(state, "admin-secret"), "s3cr3t\n", { mode: 0o600 });
  const base = path.join(dir, "server", "project");
  mkdirSync(path.join(base, "production"), { recursive: true });
  writeFileSync(path.join(base, ".env"), "POSTGRES_PASSWORD=pw\n", { mode: 0o600 });
  writeFileSync(path.join(base, "production", "bot.yaml"), "stateDir: /state\n");
  helpline = new FakeHelpline(state, { base, include: [".env", "production"] });
  helpline.database = "accounts and rooms";
}

function wipe() {
  rmSync(path.join(dir, "server"), { recursive: true, force: true });
  mkdirSync(helpline.files.base, { recursive: true });
  helpline.database = null;
}

const backup = () =>
  createBackup({ target: helpline, outDir: path.join(dir, "backups"), now, run: runCommand });
const restore = (archive: string, force = false) =>
  restoreBackup({ target: helpline, archive, force, run: runCommand });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
  seed();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("createBackup", () => {
  it("should write one owner-only archive named by its time, listing every file", async () => {
    const { file, manifest } = await backup();
    expect(path.basename(file)).toBe("helpline-backup-2026-11-22T013000Z.tar.gz");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.join(dir, "backups"))).toEqual([path.basename(file)]);
    expect(manifest.entries.map((entry) => entry.path).sort()).toEqual(
      ["database.dump", "files.tar", "state/admin-secret", "state/permanence/journal.jsonl"].sort(),
    );
  });

  it("should leave nothing in the folder when the archive cannot be written", async () => {
    const failingTar: typeof runCommand = (spec) =>
      spec.command === "tar" && spec.stdoutFile !== undefined
        ? Promise.reject(new Error("tar failed: No space left on device"))
        : runCommand(spec);
    await expect(
      createBackup({ target: helpline, outDir: path.join(dir, "backups"), now, run: failingTar }),
    ).rejects.toThrow(/No space left/);
    expect(readdirSync(path.join(dir, "backups"))).toEqual([]);
  });

  it("should refuse a missing config path before writing anything", async () => {
    helpline.files.include.push("config/helplines");
    await expect(backup()).rejects.toThrow(/config\/helplines does not exist/);
    expect(existsSync(path.join(dir, "backups"))).toBe(false);
  });
});

describe("restoreBackup", () => {
  it("should bring back the database, the state and the config files on an empty server", async () => {
    const { file } = await backup();
    wipe();
    const report = await restore(file);
    expect(report.files.sort()).toEqual([".env", "production"]);
    expect(helpline.database).toBe("accounts and rooms");
    expect(readFileSync(path.join(helpline.stateDir, "permanence", "journal.jsonl"), "utf8")).toBe(
      '{"seq":1}\n',
    );
    expect(statSync(path.join(helpline.stateDir, "admin-secret")).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(helpline.files.base, ".env"), "utf8")).toBe(
      "POSTGRES_PASSWORD=pw\n",
    );
    expect(statSync(path.join(helpline.files.base, ".env")).mode & 0o777).toBe(0o600);
  });

  it("should refuse a non-empty database or state unless forced, changing nothing", async () => {
    const { file } = await backup();
    helpline.database = "newer data";
    await expect(restore(file)).rejects.toThrow(
      /is not empty \(3 tables\).*--force.*Nothing was changed/,
    );
    expect(helpline.restores).toEqual([]);
    helpline.database = null;
    await expect(restore(file)).rejects.toThrow(/state folder .* is not empty/);
    expect(helpline.restores).toEqual([]);
    helpline.database = "newer data";
    await restore(file, true);
    expect(helpline.restores).toEqual([{ content: "accounts and rooms", clean: true }]);
  });

  it("should refuse while the bot runs", async () => {
    const { file } = await backup();
    wipe();
    helpline.botRunning = true;
    await expect(restore(file)).rejects.toThrow(/the bot is running/);
    expect(helpline.restores).toEqual([]);
  });

  const refusals: [string, (file: string) => void, RegExp][] = [
    [
      "a truncated archive",
      (file) => truncateSync(file, Math.floor(statSync(file).size / 2)),
      /cannot be read as a \.tar\.gz/,
    ],
    [
      "an empty file",
      (file) => writeFileSync(file, ""),
      /cannot be read as a \.tar\.gz|not a helpline backup/,
    ],
    [
      "someone else's tarball",
      (file) => {
        const other = path.join(dir, "other");
        mkdirSync(other);
        writeFileSync(path.join(other, "notes.txt"), "hello");
        execFileSync("tar", ["-c", "-z", "-f", file, "-C", other, "."]);
      },
      /not a helpline backup \(it has no manifest\.json\)/,
    ],
    [
      "an archive whose journal was altered",
      (file) => {
        const unpacked = path.join(dir, "unpacked");
        mkdirSync(unpacked);
        execFileSync("tar", ["-x", "-z", "-f", file, "-C", unpacked]);
        writeFileSync(path.join(unpacked, "state", "permanence", "journal.jsonl"), '{"seq":2}\n');
        execFileSync("tar", ["-c", "-z", "-f", file, "-C", unpacked, "."]);
      },
      /is damaged: state\/permanence\/journal\.jsonl does not match its checksum/,
    ],
    [
      "an archive with a dump pg_restore cannot read",
      (file) => {
        const unpacked = path.join(dir, "unpacked");
        mkdirSync(unpacked);
        execFileSync("tar", ["-x", "-z", "-f", file, "-C", unpacked]);
        const manifestFile = path.join(unpacked, "manifest.json");
        const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
          entries: { path: string; size: number; sha256: string }[];
        };
        writeFileSync(path.join(unpacked, "database.dump"), "garbage");
        const entry = manifest.entries.find((e) => e.path === "database.dump");
        if (entry) {
          entry.size = 7;
          entry.sha256 =
            execFileSync("sha256sum", [path.join(unpacked, "database.dump")], {
              encoding: "utf8",
            }).split(" ")[0] ?? "";
        }
        writeFileSync(manifestFile, JSON.stringify(manifest));
        execFileSync("tar", ["-c", "-z", "-f", file, "-C", unpacked, "."]);
      },
      /database dump is not readable by pg_restore/,
    ],
  ];

  it.each(refusals)(
    "should refuse %s with a clear error and change nothing",
    async (_what, spoil, message) => {
      const { file } = await backup();
      wipe();
      spoil(file);
      await expect(restore(file)).rejects.toThrow(message);
      expect(helpline.restores).toEqual([]);
      expect(existsSync(helpline.stateDir)).toBe(false);
      expect(readdirSync(helpline.files.base)).toEqual([]);
    },
  );
});

describe("archiveName", () => {
  it("should sort by time and hold no colon", () => {
    expect(archiveName(new Date("2026-01-02T03:04:05.678Z"))).toBe(
      "helpline-backup-2026-01-02T030405Z.tar.gz",
    );
  });
});
