import { execFileSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { journalDirOf } from "@helpline/bot/app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@helpline/bot/logging/logger";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { askForConversation, registerYouth, type ApiYouth } from "../support/youth.ts";

// The bot's disk fills up during an evening: youths arriving then must be refused with a clear
// error, never told they are in the queue while their arrival was not stored, and the bot must
// start again afterwards with everything it acknowledged. A real Synapse and the real bot, with
// its journal's folder on a tiny tmpfs (a real ENOSPC from the kernel). Mounting needs root (or
// CAP_SYS_ADMIN): where it is refused the test is skipped, and the unit tests
// (bot/src/permanence/full-disk.test.ts, journal.test.ts) cover the same with an injected ENOSPC.

function canMountTmpfs(): boolean {
  const probe = mkdtempSync(path.join(os.tmpdir(), "tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Writes a file until the file system says ENOSPC. */
function fillUp(file: string): void {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(4096, 0x61);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

/** The youth ids of the arrivals in the journal file, as a restarted bot would read them. */
function arrivalsInJournal(dir: string): string[] {
  return readFileSync(path.join(dir, "journal.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { event?: { type: string; youthId?: string } })
    .flatMap((line) =>
      line.event?.type === "youth_arrived" && line.event.youthId !== undefined
        ? [line.event.youthId]
        : [],
    );
}

describe.skipIf(!canMountTmpfs())("the bot's disk fills up", () => {
  let stack: TestStack;
  let journalDir: string;
  let mounted = false;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    journalDir = journalDirOf(path.join(stack.dir, "bot-state"), "maintenant-jen-parle");
    // The journal's folder moves onto a tmpfs of 512 KiB, with what it holds.
    // (Copied while the bot runs: nothing happens on this stack meanwhile, so it writes nothing.)
    const saved = mkdtempSync(path.join(os.tmpdir(), "journal-copy-"));
    await stack.bot.settled();
    cpSync(journalDir, saved, { recursive: true });
    mkdirSync(journalDir, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", journalDir]);
    mounted = true;
    cpSync(saved, journalDir, { recursive: true });
    rmSync(saved, { recursive: true, force: true });
    await stack.restartBot({ logger: createLogger({ write: (line) => lines.push(line) }) });
  });

  afterAll(async () => {
    await stack?.stop().catch(() => {});
    if (mounted) execFileSync("umount", ["-l", journalDir]);
  });

  it("should refuse new youths with 503 while it cannot store them, and lose nothing it acknowledged", async () => {
    // One youth taken in before the disk fills up.
    const before = await registerYouth(stack);
    expect((await askForConversation(stack, before)).status).toBe(201);
    fillUp(path.join(journalDir, "filler"));

    // The journal's last page may still take a record or two; then appends fail.
    const admitted: ApiYouth[] = [before];
    let refused: ApiYouth | undefined;
    for (let attempt = 0; attempt < 30 && refused === undefined; attempt += 1) {
      const youth = await registerYouth(stack);
      const { status, body } = await askForConversation(stack, youth);
      if (status === 201) admitted.push(youth);
      else {
        expect(status).toBe(503);
        expect(body).toMatchObject({ error: { code: "unavailable" } });
        refused = youth;
      }
    }
    if (refused === undefined) throw new Error("no youth was refused on a full disk");
    const log = lines.join("");
    expect(log).toContain('"event":"permanence.journal_write_failed"');
    expect(log).toContain('"errorCode":"ENOSPC"');
    expect(log).not.toContain(refused.userId);
    expect(log).not.toContain(refused.registrationToken);
    // Only whole lines in the journal, and nothing of the refused youth.
    const journalText = readFileSync(path.join(journalDir, "journal.jsonl"), "utf8");
    expect(journalText === "" || journalText.endsWith("\n")).toBe(true);
    expect(arrivalsInJournal(journalDir)).not.toContain(refused.userId);

    // Space again: the refused youth asks again with the same account and is taken in.
    rmSync(path.join(journalDir, "filler"));
    const again = await askForConversation(stack, refused);
    expect(again.status).toBe(201);

    // A restart reads back every youth it acknowledged, and starts.
    await stack.restartBot({ logger: createLogger({ write: (line) => lines.push(line) }) });
    const acknowledged = [...admitted, refused].map((youth) => youth.userId);
    expect(arrivalsInJournal(journalDir)).toEqual(expect.arrayContaining(acknowledged));
    for (const youth of [...admitted, refused]) {
      const { status } = await askForConversation(stack, youth);
      // The same conversation as before, not a new one.
      expect(status).toBe(200);
    }
    expect(readdirSync(journalDir)).not.toContain("journal.jsonl.tmp");
  });
});
