import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PermanenceState } from "../types.ts";
import { Journal } from "./journal.ts";

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

  it("should refuse a corrupt line in the middle instead of silently losing history", () => {
    const dir = tempDir();
    appendFileSync(path.join(dir, "journal.jsonl"), 'garbage\n{"done":1}\n');
    expect(() => Journal.open(dir)).toThrow();
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
});
