import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import type { Logger } from "../../logging/logger.ts";
import { fromStored, type StoredState } from "../engine/stored.ts";
import type { PermanenceCommand, PermanenceEvent, PermanenceState } from "../types.ts";
import { claimEpoch, epochFence, forgetOlderEpochs, fsyncDirectory, newestEpoch } from "./epoch.ts";

/**
 * The permanence's durable memory: an append-only file of what happened (each event, the instant
 * it was decided at, and the commands it produced), fsynced before any command is carried out.
 *
 * Because the engine is a pure function, replaying the events from the last snapshot rebuilds the
 * exact state. Because commands are written before they run and confirmed after (a transactional
 * outbox), a crash at any moment, even between an invite and its bookkeeping, leaves a record of
 * what was not confirmed; it is carried out again at start, and every command is idempotent.
 *
 * It holds random account ids and room ids of live conversations only: a snapshot keeps live
 * conversations, so an ended conversation leaves no trace at the next compaction.
 *
 * One JSON object per line, each line ended by "\n" and written by one append then fsynced. A
 * crash (or a full disk) in the middle of an append leaves a torn last line: it was never
 * acknowledged, so its event did not happen. Opening the journal cuts it off before anything is
 * appended (an append onto a fragment would merge into one unreadable line), and a failed
 * append cuts its own fragment at once (see #write).
 */
export interface JournalRecord {
  seq: number;
  at: number;
  event: PermanenceEvent;
  commands: PermanenceCommand[];
}

export interface Snapshot {
  seq: number;
  state: PermanenceState;
}

type Line = JournalRecord | { done: number };

export interface OpenedJournal {
  journal: Journal;
  snapshot: Snapshot | null;
  /** Records after the snapshot, in order: replay them through the engine. */
  records: JournalRecord[];
  /** Records whose commands were not all confirmed, in order: carry them out again. */
  unconfirmed: JournalRecord[];
}

/** The two system calls of an append, replaceable in tests to play a full disk (ENOSPC). */
export interface JournalIo {
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
}

const systemIo: JournalIo = {
  write: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsync: (fd) => fsyncSync(fd),
};

export interface JournalOptions {
  /**
   * The epoch this bot claimed in the journal's folder right after it took the standby lock
   * (claimEpoch, epoch.ts). Without one, opening the journal claims the next one: a second bot
   * started by mistake on the same folder then fences the first instead of writing beside it.
   */
  epoch?: number;
  /**
   * A newer bot claimed the folder: this one must stop now, without writing. The default throws
   * JournalFencedError; the bot's process exits instead (main.ts).
   */
  onFenced?: (fence: { epoch: number; newest: number }) => never;
  /**
   * Where epochs are claimed and checked; the journal's own folder by default. A bot running
   * several helplines has one journal each but one epoch for the deployment, in one folder, so a
   * newer bot fences all of them at once (app.ts).
   */
  fenceDir?: string;
  logger?: Logger;
  /** Tests only: fault injection for appends. */
  io?: JournalIo;
}

/** The record was not stored (full disk, I/O error): its event did not happen. */
export class JournalWriteError extends Error {
  readonly code: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JournalWriteError";
    const code = (options?.cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === "string" ? code : undefined;
  }
}

/** A newer bot claimed the journal's folder: this bot must not write nor act any more. */
export class JournalFencedError extends Error {
  constructor(epoch: number, newest: number) {
    super(`a newer bot (epoch ${newest}) owns the journal; this bot (epoch ${epoch}) must stop`);
    this.name = "JournalFencedError";
  }
}

/** A line before the last does not parse: history is damaged, and guessing would lose some. */
export class JournalCorruptError extends Error {
  constructor(file: string, line: number) {
    super(
      `${file}, line ${line}: not a journal record. Only the last line may be torn by a crash; ` +
        "a damaged line before it means the file was changed or the disk failed. Restore the " +
        "state folder from a backup (docs/operations.md), or move this file aside to start " +
        "with the last snapshot only.",
    );
    this.name = "JournalCorruptError";
  }
}

/**
 * Splits the file into its records and the bytes to keep. The last line, if it lacks its "\n" or
 * does not parse, is a torn append and is dropped; any other line that does not parse is an error.
 */
function parseJournal(file: string, text: string): { lines: Line[]; kept: string } {
  const raw = text.split("\n");
  // The text after the last "\n": empty for a whole file, else an append cut short.
  const tail = raw.pop() ?? "";
  const lines: Line[] = [];
  let kept = "";
  for (const [index, line] of raw.entries()) {
    if (line.length === 0) continue;
    let parsed: Line;
    try {
      parsed = JSON.parse(line) as Line;
    } catch {
      if (index === raw.length - 1 && tail.length === 0) break;
      throw new JournalCorruptError(file, index + 1);
    }
    lines.push(parsed);
    kept += `${line}\n`;
  }
  return { lines, kept };
}

export class Journal {
  readonly #dir: string;
  readonly #fence: () => void;
  readonly #io: JournalIo;
  readonly #logger: Logger | undefined;
  #fd: number;
  /** Bytes of whole, fsynced lines: a failed append is cut back to this. */
  #size: number;
  #seq: number;
  /** A failed append could not be cut back: nothing more is written until a restart. */
  #broken = false;

  private constructor(
    dir: string,
    fd: number,
    size: number,
    seq: number,
    epoch: number,
    options: JournalOptions,
  ) {
    this.#dir = dir;
    this.#fd = fd;
    this.#size = size;
    this.#seq = seq;
    this.#fence = epochFence(options.fenceDir ?? dir, epoch, options.onFenced ?? throwFenced);
    this.#io = options.io ?? systemIo;
    this.#logger = options.logger;
  }

  static open(dir: string, options: JournalOptions = {}): OpenedJournal {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fenceDir = options.fenceDir ?? dir;
    const epoch = options.epoch ?? claimEpoch(fenceDir);
    const newest = newestEpoch(fenceDir);
    if (newest > epoch) {
      // A newer bot took over while this one was starting: it must not even read.
      (options.onFenced ?? throwFenced)({ epoch, newest });
    }
    const snapshotFile = path.join(dir, "snapshot.json");
    const journalFile = path.join(dir, "journal.jsonl");
    const snapshot = existsSync(snapshotFile) ? readSnapshot(snapshotFile) : null;
    const text = existsSync(journalFile) ? readFileSync(journalFile, "utf8") : "";
    const { lines, kept } = parseJournal(journalFile, text);

    // The whole lines are written to a new file that replaces the old one: a torn tail is gone
    // before anything is appended, and a previous bot that still holds the old file open (fenced,
    // but frozen between its check and its write) can only write into a file nobody reads.
    const fd = replaceDurably(journalFile, kept);
    fsyncDirectory(dir);
    const size = Buffer.byteLength(kept, "utf8");
    const droppedBytes = Buffer.byteLength(text, "utf8") - size;
    if (droppedBytes > 0) {
      options.logger?.warn("permanence.journal_torn_tail_cut", { bytes: droppedBytes });
    }
    forgetOlderEpochs(fenceDir, epoch);

    const done = new Set<number>();
    const records: JournalRecord[] = [];
    for (const line of lines) {
      if ("done" in line) done.add(line.done);
      else if (line.seq > (snapshot?.seq ?? 0)) records.push(line);
    }
    const unconfirmed = records.filter((record) => !done.has(record.seq));
    const seq = Math.max(snapshot?.seq ?? 0, ...records.map((record) => record.seq));
    return {
      journal: new Journal(dir, fd, size, seq, epoch, options),
      snapshot,
      records,
      unconfirmed,
    };
  }

  /** Writes the record durably and returns it with its sequence number. */
  append(entry: Omit<JournalRecord, "seq">): JournalRecord {
    const record = { seq: this.#seq + 1, ...entry };
    this.#write(record);
    this.#seq = record.seq;
    return record;
  }

  /** All commands of record `seq` were carried out. */
  /** Marks records as carried out; several at once cost one write and one fsync. */
  confirm(...seqs: number[]): void {
    const [first, ...rest] = seqs.map((seq): Line => ({ done: seq }));
    if (first !== undefined) this.#write(first, ...rest);
  }

  /**
   * Stops the process (or throws) if a newer bot claimed the journal. Called before each write,
   * and by the bot before each command it sends to Matrix: whatever this bot does after a newer
   * one read the journal would be unknown to it.
   */
  assertCurrent(): void {
    this.#fence();
  }

  /**
   * Replaces the history with a snapshot of `state`. Only call it when every record is confirmed,
   * so that no command to carry out again is lost. A failure (full disk) keeps the journal as it
   * was, which stays correct: compaction is tried again later.
   */
  compact(state: PermanenceState): void {
    this.assertCurrent();
    const snapshotFile = path.join(this.#dir, "snapshot.json");
    const journalFile = path.join(this.#dir, "journal.jsonl");
    try {
      closeSync(
        replaceDurably(
          snapshotFile,
          JSON.stringify({ seq: this.#seq, state } satisfies Snapshot),
          // Checked again right before the rename: writing the file took a moment.
          this.#fence,
        ),
      );
      fsyncDirectory(this.#dir);
    } catch (error) {
      if (error instanceof JournalFencedError) throw error;
      // The old snapshot and the whole journal are still there: nothing is lost.
      this.#logger?.warn("permanence.journal_compaction_failed", codeOf(error));
      return;
    }
    // Records up to the snapshot's seq are skipped on open: a crash from here on loses nothing.
    let fd: number;
    try {
      fd = replaceDurably(journalFile, "", this.#fence);
    } catch (error) {
      if (error instanceof JournalFencedError) throw error;
      this.#logger?.warn("permanence.journal_compaction_failed", codeOf(error));
      return;
    }
    closeSync(this.#fd);
    this.#fd = fd;
    this.#size = 0;
    try {
      fsyncDirectory(this.#dir);
    } catch (error) {
      // The rename may not survive a crash, and records appended from now on would then be
      // lost with it: refuse to acknowledge anything more until a restart.
      this.#broken = true;
      this.#logger?.error("permanence.journal_compaction_failed", codeOf(error));
    }
  }

  close(): void {
    closeSync(this.#fd);
  }

  #write(...lines: [Line, ...Line[]]): void {
    const [line] = lines;
    this.assertCurrent();
    if (this.#broken) {
      throw new JournalWriteError(
        "the journal is not safe to write to since an earlier failure; restart the bot",
      );
    }
    const bytes = Buffer.from(lines.map((l) => JSON.stringify(l) + "\n").join(""), "utf8");
    try {
      let written = 0;
      while (written < bytes.length) {
        written += this.#io.write(this.#fd, bytes, written, bytes.length - written);
      }
      this.#io.fsync(this.#fd);
    } catch (error) {
      // Part of the line may be in the file: cut it off, so that the next append starts on a
      // line of its own, and say the record was not stored.
      try {
        ftruncateSync(this.#fd, this.#size);
        fsyncSync(this.#fd);
      } catch {
        this.#broken = true;
      }
      // The code only (ENOSPC, EIO): a message could carry the state folder's path.
      this.#logger?.error("permanence.journal_write_failed", {
        ...codeOf(error),
        ...("done" in line
          ? { line: "confirmation" }
          : { line: "record", permanenceEvent: line.event.type }),
      });
      throw new JournalWriteError("the journal could not store a record", { cause: error });
    }
    this.#size += bytes.length;
  }
}

function codeOf(error: unknown): { errorCode?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? { errorCode: code } : {};
}

export function throwFenced(fence: { epoch: number; newest: number }): never {
  throw new JournalFencedError(fence.epoch, fence.newest);
}

/**
 * Writes `content` to a temporary file, fsyncs it and renames it over `file`: a reader sees the
 * old or the new, never half. The caller fsyncs the folder, for the rename to survive a crash.
 * Returns the new file open for appending (O_APPEND, so that cutting a failed append back leaves
 * no hole).
 */
function replaceDurably(
  file: string,
  content: string,
  beforeRename: () => void = () => {},
): number {
  const temporary = `${file}.tmp`;
  const fd = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND,
    0o600,
  );
  try {
    const bytes = Buffer.from(content, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
    beforeRename();
    renameSync(temporary, file);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  return fd;
}

/**
 * The snapshot in this version's shape: one written by an earlier version is read as it would be
 * now (engine/stored.ts), and written in the new shape at the next compaction.
 */
function readSnapshot(file: string): Snapshot {
  const stored = JSON.parse(readFileSync(file, "utf8")) as { seq: number; state: StoredState };
  return { seq: stored.seq, state: fromStored(stored.state) };
}
