import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import type { PermanenceCommand, PermanenceEvent, PermanenceState } from "../types.ts";

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

function parseLines(text: string): Line[] {
  const lines: Line[] = [];
  const raw = text.split("\n").filter((line) => line.length > 0);
  raw.forEach((line, index) => {
    try {
      lines.push(JSON.parse(line) as Line);
    } catch (error) {
      // Only the very last line can be torn (a crash in the middle of a write): it was never
      // confirmed, so its event did not happen. A bad line anywhere else is real corruption.
      if (index !== raw.length - 1) throw error;
    }
  });
  return lines;
}

export class Journal {
  readonly #dir: string;
  #fd: number;
  #seq: number;

  private constructor(dir: string, fd: number, seq: number) {
    this.#dir = dir;
    this.#fd = fd;
    this.#seq = seq;
  }

  static open(dir: string): OpenedJournal {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const snapshotFile = path.join(dir, "snapshot.json");
    const journalFile = path.join(dir, "journal.jsonl");
    const snapshot = existsSync(snapshotFile)
      ? (JSON.parse(readFileSync(snapshotFile, "utf8")) as Snapshot)
      : null;
    const lines = existsSync(journalFile) ? parseLines(readFileSync(journalFile, "utf8")) : [];

    const done = new Set<number>();
    const records: JournalRecord[] = [];
    for (const line of lines) {
      if ("done" in line) done.add(line.done);
      else if (line.seq > (snapshot?.seq ?? 0)) records.push(line);
    }
    const unconfirmed = records.filter((record) => !done.has(record.seq));
    const seq = Math.max(snapshot?.seq ?? 0, ...records.map((record) => record.seq));
    const fd = openSync(journalFile, "a", 0o600);
    return { journal: new Journal(dir, fd, seq), snapshot, records, unconfirmed };
  }

  /** Writes the record durably and returns it with its sequence number. */
  append(entry: Omit<JournalRecord, "seq">): JournalRecord {
    this.#seq += 1;
    const record = { seq: this.#seq, ...entry };
    this.#write(record);
    return record;
  }

  /** All commands of record `seq` were carried out. */
  confirm(seq: number): void {
    this.#write({ done: seq });
  }

  /**
   * Replaces the history with a snapshot of `state`. Only call it when every record is confirmed,
   * so that no command to carry out again is lost.
   */
  compact(state: PermanenceState): void {
    const snapshotFile = path.join(this.#dir, "snapshot.json");
    const journalFile = path.join(this.#dir, "journal.jsonl");
    writeDurably(snapshotFile, JSON.stringify({ seq: this.#seq, state } satisfies Snapshot));
    closeSync(this.#fd);
    writeDurably(journalFile, "");
    this.#fd = openSync(journalFile, "a", 0o600);
  }

  close(): void {
    closeSync(this.#fd);
  }

  #write(line: Line): void {
    writeSync(this.#fd, JSON.stringify(line) + "\n");
    fsyncSync(this.#fd);
  }
}

/** Write to a temporary file, fsync, then rename: a reader sees the old or the new, never half. */
function writeDurably(file: string, content: string): void {
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  writeSync(fd, content);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temporary, file);
}
