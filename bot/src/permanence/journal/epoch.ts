import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, unlinkSync } from "node:fs";
import path from "node:path";

/**
 * Fencing of the journal folder between an active bot and its standby (docs/scaling.md).
 *
 * The standby lock (bot/src/standby/) keeps a second bot waiting while the first one holds the
 * lock. It cannot stop a bot that *was* active from writing after it lost the lock: a bot frozen
 * (SIGSTOP, a paused VM, a long GC) while its lock connection died comes back with its timers
 * due and its requests queued, and acts on them before it notices the loss. By then the standby
 * may have replayed the same journal and be writing to it.
 *
 * So each bot that is about to use the journal claims an epoch: the next number, as an empty
 * file `epoch.<n>` created exclusively (O_EXCL) in the journal's folder, right after it took the
 * lock. Numbers only grow, and two bots can never claim the same one. Before each write to the
 * journal and before each command sent to Matrix, a bot checks that no larger epoch exists; if
 * one does, a newer bot owns the folder, and this one stops at once without writing.
 *
 * Why a file and not a row in PostgreSQL: the thing fenced is this folder, which both bots share
 * by construction, and the check must be synchronous and cheap (one readdir, next to an fsync);
 * the lock's database role may also create nothing (config/postgres-init/10-bot-lock.sh).
 */
const epochFile = /^epoch\.(\d{1,15})$/;

/** The largest epoch claimed in `dir`, 0 if none. */
export function newestEpoch(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const match = epochFile.exec(name);
    if (match?.[1] !== undefined) newest = Math.max(newest, Number(match[1]));
  }
  return newest;
}

/** Claims the next epoch in `dir` (created if missing) and returns it. */
export function claimEpoch(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (;;) {
    const next = newestEpoch(dir) + 1;
    try {
      closeSync(openSync(path.join(dir, `epoch.${next}`), "wx", 0o600));
    } catch (error) {
      // Another bot claimed this very number between our readdir and our create: take the next.
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    fsyncDirectory(dir);
    return next;
  }
}

/** Removes the marks of epochs older than `epoch` (only the newest matters). */
export function forgetOlderEpochs(dir: string, epoch: number): void {
  for (const name of readdirSync(dir)) {
    const match = epochFile.exec(name);
    if (match?.[1] !== undefined && Number(match[1]) < epoch) {
      unlinkSync(path.join(dir, name));
    }
  }
}

/**
 * A created or renamed file is only durable once its directory is: without this, a crash right
 * after a rename can bring the old file back (ext4 and xfs, per POSIX).
 */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The check a bot runs before each write and each Matrix call: `onFenced` (which stops the bot)
 * when a newer epoch than `epoch` was claimed in `dir`.
 */
export function epochFence(
  dir: string,
  epoch: number,
  onFenced: (fence: { epoch: number; newest: number }) => never,
): () => void {
  return () => {
    const newest = newestEpoch(dir);
    if (newest > epoch) onFenced({ epoch, newest });
  };
}
