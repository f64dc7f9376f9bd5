import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { acquireLock, type AcquireOptions, type LockSession } from "./lock.ts";

/** A database with one lock, shared by fake sessions; `down` makes every new session fail. */
class FakeDatabase {
  holder: FakeSession | null = null;
  down = false;
  opened = 0;

  async open(): Promise<LockSession> {
    this.opened += 1;
    if (this.down)
      throw Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), {
        code: "ECONNREFUSED",
      });
    return new FakeSession(this);
  }
}

class FakeSession implements LockSession {
  listeners: ((reason: string) => void)[] = [];
  closed = false;
  pingFails = false;
  constructor(private readonly db: FakeDatabase) {}
  async tryLock(): Promise<boolean> {
    if (this.db.holder === null || this.db.holder === this) {
      this.db.holder = this;
      return true;
    }
    return false;
  }
  async ping(): Promise<void> {
    if (this.pingFails) throw Object.assign(new Error("Query read timeout"), { code: "TIMEOUT" });
  }
  onLost(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }
  drop(): void {
    if (this.db.holder === this) this.db.holder = null;
    for (const listener of this.listeners) listener("connection closed");
  }
  async close(): Promise<void> {
    this.closed = true;
    if (this.db.holder === this) this.db.holder = null;
  }
}

function setup(db: FakeDatabase) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  let now = 0;
  const lost: string[] = [];
  const options: AcquireOptions = {
    open: () => db.open(),
    key: 42n,
    policy: { retryMs: 3000, maxRetryMs: 30_000, logEveryMs: 600_000 },
    heartbeatMs: 1000,
    target: "postgres:5432/synapse",
    logger: createLogger({ write: (line) => lines.push(line) }),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
    },
    onLost: (reason) => lost.push(reason),
  };
  return { options, lines, sleeps, lost };
}

describe("acquireLock", () => {
  it("should take a free lock at once, without waiting", async () => {
    const db = new FakeDatabase();
    const { options, sleeps, lines } = setup(db);
    const held = await acquireLock(options);
    expect(db.holder).not.toBeNull();
    expect(sleeps).toEqual([]);
    expect(lines.join("")).toContain('"event":"bot.lock_acquired"');
    await held.release();
    expect(db.holder).toBeNull();
  });

  it("should wait as a standby while another holds it, and take it when it is freed", async () => {
    const db = new FakeDatabase();
    const active = await db.open();
    await active.tryLock(42n);
    const { options, sleeps, lines } = setup(db);
    let waits = 0;
    const acquired = acquireLock({
      ...options,
      onWait: () => {
        waits += 1;
        // The active bot dies after the third attempt.
        if (waits === 3) (active as FakeSession).drop();
      },
    });
    const held = await acquired;
    expect(sleeps).toEqual([3000, 3000, 3000]);
    expect(db.holder).not.toBe(active);
    // One "waiting" line for three attempts, then the acquisition.
    const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(["bot.standby_waiting", "bot.lock_acquired"]);
    // The active bot's session and one for the standby, kept across its attempts.
    expect(db.opened).toBe(2);
    await held.release();
  });

  it("should back off while the database is unreachable, logging no address nor secret", async () => {
    const db = new FakeDatabase();
    db.down = true;
    const { options, sleeps, lines } = setup(db);
    let waits = 0;
    const held = await acquireLock({
      ...options,
      onWait: () => {
        waits += 1;
        if (waits === 4) db.down = false;
      },
    });
    expect(sleeps).toEqual([3000, 6000, 12_000, 24_000]);
    const text = lines.join("");
    expect(text).toContain('"errorCode":"ECONNREFUSED"');
    expect(text).not.toContain("10.0.0.5");
    await held.release();
  });

  it("should report the lock lost when its connection drops, once, and not after a release", async () => {
    const db = new FakeDatabase();
    const { options, lost } = setup(db);
    await acquireLock(options);
    const session = db.holder;
    session?.drop();
    session?.drop();
    expect(lost).toEqual(["connection closed"]);

    const second = setup(db);
    const held = await acquireLock(second.options);
    const secondSession = db.holder;
    await held.release();
    secondSession?.drop();
    expect(second.lost).toEqual([]);
  });

  it("should report the lock lost when the heartbeat fails", async () => {
    vi.useFakeTimers();
    try {
      const db = new FakeDatabase();
      const { options, lost } = setup(db);
      const held = await acquireLock(options);
      await vi.advanceTimersByTimeAsync(5000);
      expect(lost).toEqual([]);
      if (db.holder) db.holder.pingFails = true;
      await vi.advanceTimersByTimeAsync(1000);
      expect(lost).toEqual(["heartbeat failed (TIMEOUT)"]);
      await held.release();
    } finally {
      vi.useRealTimers();
    }
  });
});
