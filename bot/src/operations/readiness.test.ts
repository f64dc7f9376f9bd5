import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { createReadiness, failingChecks, probeWritable, type ReadinessDeps } from "./readiness.ts";

const start = Date.parse("2026-11-23T18:00:00Z");

/** Readiness over a world the test sets: the outbox, Synapse and the disk, and both clocks. */
function world() {
  const state = {
    now: start,
    monotonic: 0,
    oldestPendingAt: null as number | null,
    synapseUp: true,
    diskWritable: true,
    pings: 0,
    logLines: [] as string[],
  };
  const deps: ReadinessDeps = {
    oldestPendingAt: () => state.oldestPendingAt,
    now: () => state.now,
    pingHomeserver: async () => {
      state.pings += 1;
      if (!state.synapseUp) throw new Error("fetch failed");
    },
    probeJournal: () => {
      if (!state.diskWritable) throw new Error("ENOSPC: no space left on device");
    },
    logger: createLogger({ write: (line) => state.logLines.push(line) }),
    monotonicMs: () => state.monotonic,
  };
  return { state, readiness: createReadiness(deps) };
}

describe("readiness", () => {
  it("should be ready when the outbox is empty, Synapse answers and the disk takes writes", async () => {
    const { readiness } = world();
    const answer = await readiness.check();
    expect(answer.ready).toBe(true);
    expect(failingChecks(answer)).toEqual([]);
  });

  it("should fail the outbox check once the oldest pending command is older than 30 s", async () => {
    const { state, readiness } = world();
    state.oldestPendingAt = start;
    state.now = start + 30_000;
    expect((await readiness.check()).ready).toBe(true);
    state.now = start + 31_000;
    const answer = await readiness.check();
    expect(answer.ready).toBe(false);
    expect(failingChecks(answer)).toEqual(["outbox"]);
    expect(answer.checks.outbox.oldestPendingSeconds).toBe(31);
    state.oldestPendingAt = null;
    expect((await readiness.check()).ready).toBe(true);
  });

  it("should name Synapse and the journal when they fail", async () => {
    const { state, readiness } = world();
    state.synapseUp = false;
    state.diskWritable = false;
    const answer = await readiness.check();
    expect(failingChecks(answer)).toEqual(["homeserver", "journal"]);
  });

  it("should reuse its probes for two seconds, so a flood of requests does not reach Synapse", async () => {
    const { state, readiness } = world();
    await Promise.all([readiness.check(), readiness.check(), readiness.check()]);
    state.monotonic += 1999;
    await readiness.check();
    expect(state.pings).toBe(1);
    state.synapseUp = false;
    state.monotonic += 1;
    expect((await readiness.check()).checks.homeserver.ok).toBe(false);
    expect(state.pings).toBe(2);
  });

  it("should log a change of readiness once, naming checks only", async () => {
    const { state, readiness } = world();
    state.synapseUp = false;
    for (let probe = 0; probe < 3; probe += 1) {
      await readiness.check();
      state.monotonic += 5000;
    }
    state.synapseUp = true;
    await readiness.check();
    const changes = state.logLines
      .map((line) => JSON.parse(line) as { event: string; failing?: string })
      .filter((line) => ["readiness.ready", "readiness.not_ready"].includes(line.event));
    expect(changes).toMatchObject([
      { event: "readiness.not_ready", failing: "homeserver" },
      { event: "readiness.ready" },
    ]);
  });
});

describe("probeWritable", () => {
  it("should leave nothing behind in a writable folder", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ready-"));
    probeWritable(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("should throw when the folder is gone", () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "ready-")), "missing");
    expect(() => probeWritable(dir)).toThrow();
  });
});
