import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PermanenceState } from "../types.ts";
import { claimEpoch } from "./epoch.ts";
import {
  Journal,
  JournalCorruptError,
  JournalFencedError,
  JournalWriteError,
  type JournalIo,
} from "./journal.ts";

const emptyState: PermanenceState = {
  conversations: {},
  queue: [],
  counsellors: {},
  warnedForClosingAt: null,
  closedSlotAt: null,
};

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "journal-test-"));
}

describe("Journal", () => {
  it("should give back every record and the unconfirmed ones after a restart", () => {
    const dir = tempDir();
    const { journal } = Journal.open(dir);
    const first = journal.append({ at: 1, event: { type: "tick" }, commands: [] });
    journal.confirm(first.seq);
    journal.append({
      at: 2,
      event: { type: "youth_left", conversationId: "!a" },
      commands: [{ type: "close_conversation", conversationId: "!a", reason: "youth_left" }],
    });
    journal.close();

    const reopened = Journal.open(dir);
    expect(reopened.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(reopened.unconfirmed.map((r) => r.seq)).toEqual([2]);
    expect(reopened.journal.append({ at: 3, event: { type: "tick" }, commands: [] }).seq).toBe(3);
  });

  it("should ignore a torn last line, as a crash in the middle of a write leaves", () => {
    const dir = tempDir();
    const { journal } = Journal.open(dir);
    journal.append({ at: 1, event: { type: "tick" }, commands: [] });
    journal.close();
    appendFileSync(path.join(dir, "journal.jsonl"), '{"seq":2,"at":2,"ev');
    expect(Journal.open(dir).records.map((r) => r.seq)).toEqual([1]);
  });

  it("should cut a torn tail on open, so that later appends survive the next restart", () => {
    const dir = tempDir();
    const first = Journal.open(dir);
    first.journal.append({ at: 1, event: { type: "tick" }, commands: [] });
    first.journal.close();
    // A crash in the middle of an append (or a full disk) left a fragment without its newline.
    appendFileSync(path.join(dir, "journal.jsonl"), '{"seq":2,"at":2,"event":{"ty');

    const second = Journal.open(dir);
    expect(second.records.map((r) => r.seq)).toEqual([1]);
    const acknowledged = second.journal.append({ at: 3, event: { type: "tick" }, commands: [] });
    second.journal.confirm(acknowledged.seq);
    second.journal.append({ at: 4, event: { type: "tick" }, commands: [] });
    second.journal.close();

    // Reopening again: nothing acknowledged is lost, and the journal opens (no SyntaxError).
    const third = Journal.open(dir);
    expect(third.records.map((r) => [r.seq, r.at])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
    ]);
    expect(third.unconfirmed.map((r) => r.seq)).toEqual([1, 3]);
    third.journal.close();
    const text = readFileSync(path.join(dir, "journal.jsonl"), "utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(text).not.toContain('"event":{"ty"');
  });

  it("should treat a last line that does not parse as torn, and cut it", () => {
    const dir = tempDir();
    appendFileSync(
      path.join(dir, "journal.jsonl"),
      '{"seq":1,"at":1,"event":{"type":"tick"},"commands":[]}\n{"seq":2,"at"\n',
    );
    const opened = Journal.open(dir);
    expect(opened.records.map((r) => r.seq)).toEqual([1]);
    expect(opened.journal.append({ at: 2, event: { type: "tick" }, commands: [] }).seq).toBe(2);
    opened.journal.close();
    expect(Journal.open(dir).records.map((r) => r.seq)).toEqual([1, 2]);
  });

  it("should refuse a corrupt line in the middle, naming the file and the line", () => {
    const dir = tempDir();
    appendFileSync(path.join(dir, "journal.jsonl"), '{"done":1}\ngarbage\n{"done":1}\n');
    expect(() => Journal.open(dir)).toThrow(JournalCorruptError);
    expect(() => Journal.open(dir)).toThrow(`${path.join(dir, "journal.jsonl")}, line 2:`);
    // Nothing was changed: the operator can still look at the file as it was.
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).toBe(
      '{"done":1}\ngarbage\n{"done":1}\n',
    );
  });

  it("should say a record was not stored when the disk is full, and cut its fragment", () => {
    const dir = tempDir();
    let full = false;
    // A full disk: half the line reaches the file, then ENOSPC.
    const io: JournalIo = {
      write(fd, buffer, offset, length) {
        if (!full) return writeSync(fd, buffer, offset, length);
        writeSync(fd, buffer, offset, Math.floor(length / 2));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
          code: "ENOSPC",
        });
      },
      fsync: () => {},
    };
    const { journal } = Journal.open(dir, { io });
    journal.append({ at: 1, event: { type: "tick" }, commands: [] });
    full = true;
    expect(() => journal.append({ at: 2, event: { type: "tick" }, commands: [] })).toThrow(
      JournalWriteError,
    );
    const failure = (() => {
      try {
        journal.confirm(1);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(failure).toBeInstanceOf(JournalWriteError);
    expect((failure as JournalWriteError).code).toBe("ENOSPC");
    // The fragments were cut back at once: the file holds whole lines only.
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8").split("\n")).toHaveLength(2);
    // Space again: the next record takes the number the lost one did not get.
    full = false;
    expect(journal.append({ at: 3, event: { type: "tick" }, commands: [] }).seq).toBe(2);
    journal.close();
    expect(Journal.open(dir).records.map((r) => [r.seq, r.at])).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });

  it("should stop a bot whose epoch a newer bot has passed, before it writes anything", () => {
    const dir = tempDir();
    const old = Journal.open(dir, { epoch: claimEpoch(dir) });
    old.journal.append({ at: 1, event: { type: "tick" }, commands: [] });
    // The standby takes over: it claims the next epoch and reads the journal.
    const fresh = Journal.open(dir, { epoch: claimEpoch(dir) });
    expect(fresh.records.map((r) => r.seq)).toEqual([1]);

    expect(() => old.journal.append({ at: 2, event: { type: "tick" }, commands: [] })).toThrow(
      JournalFencedError,
    );
    expect(() => old.journal.confirm(1)).toThrow(JournalFencedError);
    expect(() => old.journal.assertCurrent()).toThrow(JournalFencedError);
    fresh.journal.append({ at: 3, event: { type: "tick" }, commands: [] });
    fresh.journal.close();
    expect(Journal.open(dir).records.map((r) => r.at)).toEqual([1, 3]);
    // Only the newest epoch's mark is kept.
    expect(readdirSync(dir).filter((name) => name.startsWith("epoch."))).toEqual(["epoch.3"]);
  });

  it("should refuse to open for a bot whose epoch is already passed", () => {
    const dir = tempDir();
    const stale = claimEpoch(dir);
    claimEpoch(dir);
    expect(() => Journal.open(dir, { epoch: stale })).toThrow(JournalFencedError);
  });

  it("should compact into a snapshot and continue numbering after it", () => {
    const dir = tempDir();
    const { journal } = Journal.open(dir);
    const record = journal.append({ at: 1, event: { type: "tick" }, commands: [] });
    journal.confirm(record.seq);
    journal.compact({ ...emptyState, closedSlotAt: 42 });
    journal.close();
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).toBe("");

    const reopened = Journal.open(dir);
    expect(reopened.snapshot).toEqual({ seq: 1, state: { ...emptyState, closedSlotAt: 42 } });
    expect(reopened.records).toEqual([]);
    expect(reopened.journal.append({ at: 2, event: { type: "tick" }, commands: [] }).seq).toBe(2);
  });

  it("should read a snapshot written before the active phase had stages, in today's shape", () => {
    const dir = tempDir();
    // As the previous version wrote it: flags on the active phase, each counsellor's list.
    const youth = { youthId: "@y:x", arrivedAt: 1, lastActivityAt: 1, published: null };
    const old = {
      ...emptyState,
      conversations: {
        "!a": {
          ...youth,
          id: "!a",
          reference: 4821,
          phase: {
            kind: "active",
            counsellorId: "@alice",
            requeuedAt: 5,
            handoverTo: "@bea",
            handoverExpiresAt: 95,
            handoverAwaitingInvite: true,
          },
        },
      },
      counsellors: {
        "@alice": { availability: "on_duty", active: ["!a"], lastOfferAt: 0 },
        "@bea": { availability: "on_duty", active: [], lastOfferAt: 5 },
      },
    };
    writeFileSync(path.join(dir, "snapshot.json"), JSON.stringify({ seq: 7, state: old }));
    const { snapshot } = Journal.open(dir);
    expect(snapshot).toEqual({
      seq: 7,
      state: {
        ...emptyState,
        conversations: {
          "!a": {
            ...youth,
            id: "!a",
            reference: 4821,
            phase: {
              kind: "active",
              counsellorId: "@alice",
              stage: "awaiting_invite",
              requeuedAt: 5,
              to: "@bea",
              expiresAt: 95,
            },
          },
        },
        counsellors: {
          "@alice": { availability: "on_duty", lastOfferAt: 0 },
          "@bea": { availability: "on_duty", lastOfferAt: 5 },
        },
      },
    });
  });
});
