import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { alwaysOpen, minute } from "./engine/testing/scenario.ts";
import { inviteAllowanceMs } from "./engine/transitions/offer.ts";
import type { RetryTimers } from "./retry.ts";
import { Permanence, PermanentCommandFailure, type Clock, type CommandRunner } from "./runtime.ts";
import type { PermanenceCommand, PermanenceSettings } from "./types.ts";

const settings: PermanenceSettings = {
  counsellors: [{ userId: "@camille:x" }],
  defaultMaxConversations: 1,
  offerTimeoutMs: 90_000,
  inactivityTimeoutMs: 30 * minute,
  closingWarningMs: 10 * minute,
  typicalConversationMs: 30 * minute,
  erasureGraceMs: 0,
};
const context = { settings, schedule: alwaysOpen };
const start = Date.parse("2026-11-23T18:00:00Z");
const clock = { now: () => start };

/** A Matrix stand-in that records what it carried out, and can be told to fail. */
function recordingRunner() {
  const done: PermanenceCommand["type"][] = [];
  const attempts: PermanenceCommand["type"][] = [];
  let failing: "no" | "transient" | "permanent" = "no";
  const run: CommandRunner = async (command) => {
    attempts.push(command.type);
    if (failing === "transient") throw new Error("Synapse is down");
    if (failing === "permanent" && command.type === "invite") {
      throw new PermanentCommandFailure("room is gone");
    }
    done.push(command.type);
  };
  return { run, done, attempts, fail: (how: typeof failing) => (failing = how) };
}

/** Retry timers the test fires by hand: what was asked, and for how long. */
function manualTimers() {
  const pending: { ms: number; run: () => void; cancelled: boolean }[] = [];
  const timers: RetryTimers = {
    after(ms, run) {
      const timer = { ms, run, cancelled: false };
      pending.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  };
  const live = () => pending.filter((timer) => !timer.cancelled);
  return {
    timers,
    /** The waits asked for so far, in order, cancelled ones included. */
    asked: () => pending.map((timer) => timer.ms),
    live,
    /** Fires the one pending timer, as the event loop would once its time has come. */
    fire() {
      const [timer, ...others] = live();
      if (timer === undefined || others.length > 0) {
        throw new Error(`expected one pending retry, found ${live().length}`);
      }
      timer.cancelled = true;
      timer.run();
    },
  };
}

async function open(
  dir: string,
  run: CommandRunner,
  options: { timers?: RetryTimers; clock?: Clock; context?: typeof context } = {},
) {
  return Permanence.open({
    dir,
    context: options.context ?? context,
    run,
    clock: options.clock ?? clock,
    logger: createLogger({ write: () => {} }),
    timers: options.timers ?? manualTimers().timers,
    // No jitter taken off: the waits are the backoff's ceilings.
    random: () => 1,
  });
}

/** A permanence in a fresh folder, its commands recorded and its retries fired by hand. */
async function openRecorded(options: { clock?: Clock } = {}) {
  const runner = recordingRunner();
  const retries = manualTimers();
  const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), runner.run, {
    ...options,
    timers: retries.timers,
  });
  return { runner, retries, permanence };
}

/** A Synapse that holds calls until opened, as one too busy to answer; then lets all through. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { pass: () => opened, open };
}

const arrival = (n: number) =>
  ({
    type: "youth_arrived",
    conversationId: `!room${n}:x`,
    youthId: `@y${n}:x`,
    reference: 1000 + n,
  }) as const;
/**
 * The first youth's record held by a busy Synapse while eight more are recorded behind it, so
 * that those eight are carried out together as one batch once Synapse lets the first through.
 */
async function eightBehindTheFirst(
  permanence: Permanence,
  synapse: ReturnType<typeof gate>,
): Promise<void> {
  const first = permanence.dispatch(arrival(1));
  for (let n = 2; n <= 9; n += 1) await permanence.record(arrival(n));
  synapse.open();
  await first;
  await permanence.settled();
}

const onDuty = {
  type: "availability_set",
  counsellorId: "@camille:x",
  availability: "on_duty",
} as const;

describe("Permanence", () => {
  it("should publish a moved queue's statuses a few conversations at a time", async () => {
    let inFlight = 0;
    let most = 0;
    const published: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type !== "publish_status") return;
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Synapse answering later: the other publications of the run may start meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 1));
      published.push(command.conversationId);
      inFlight -= 1;
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run);
    for (let n = 1; n <= 30; n += 1) await permanence.dispatch(arrival(n));
    published.length = 0;
    most = 0;

    // The first youth leaves: the 29 behind her move up one place, in one decision.
    await permanence.dispatch({ type: "youth_left", conversationId: "!room1:x" });
    expect(new Set(published)).toEqual(
      new Set(Array.from({ length: 30 }, (_, i) => `!room${i + 1}:x`)),
    );
    expect(most).toBe(8);
    expect(permanence.caughtUp).toBe(true);
    await permanence.close();
  });

  it("should carry out what was recorded while Synapse was slow side by side: each conversation's commands and the staff room's notices in their order", async () => {
    const synapse = gate();
    let holding = true;
    let inFlight = 0;
    let most = 0;
    let notices = 0;
    const log: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type === "notify_staff") {
        const { notice } = command;
        notices += 1;
        if (notice.kind === "youth_waiting") log.push(`notice ${notice.reference}`);
        if (notice.kind === "youths_waiting") {
          log.push(...notice.references.map((reference) => `notice ${reference}`));
        }
        if (notice.kind === "offered") log.push(`notice offered ${notice.reference}`);
        return;
      }
      if (command.type === "invite") {
        // The offer's invite waits on a busy Synapse too: it holds its own conversation only.
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`invite ${command.conversationId}`);
        return;
      }
      if (command.type !== "publish_status") return;
      inFlight += 1;
      most = Math.max(most, inFlight);
      // The first youth's status hangs, as on a busy Synapse; later ones answer a moment later.
      if (holding) await synapse.pass();
      else await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(`status ${command.conversationId} ${command.status.state}`);
      inFlight -= 1;
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run);
    const first = permanence.dispatch(arrival(1));
    // Twenty more arrive while her status hangs: recorded at once, carried out later.
    for (let n = 2; n <= 21; n += 1) await permanence.record(arrival(n));
    // A counsellor goes on duty (the first youth is offered: an invite), then two more arrive.
    await permanence.record(onDuty);
    for (let n = 22; n <= 23; n += 1) await permanence.record(arrival(n));
    holding = false;
    synapse.open();
    await first;
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);

    // Side by side, a few conversations at a time, not one after the other.
    expect(most).toBe(8);
    // The staff room heard of every arrival, in order, and of the offer after the arrivals before
    // it; the arrivals carried out together in one notice each time: the first alone, the twenty
    // behind her, then the counsellor on duty and her offer (two notices of their own), then the
    // last two.
    expect(log.filter((line) => line.startsWith("notice"))).toEqual([
      ...Array.from({ length: 21 }, (_, i) => `notice ${1001 + i}`),
      "notice offered 1001",
      "notice 1022",
      "notice 1023",
    ]);
    expect(notices).toBe(5);
    // The first youth's own commands in their order: waiting; then, once she is offered, the
    // invite and "joining" (engine/decision.ts, inExecutionOrder).
    const at = (line: string) => log.indexOf(line);
    expect(at("status !room1:x waiting")).toBeLessThan(at("invite !room1:x"));
    expect(at("invite !room1:x")).toBeLessThan(at("status !room1:x counsellor_joining"));
    for (let n = 2; n <= 23; n += 1) expect(at(`status !room${n}:x waiting`)).toBeGreaterThan(-1);
    await permanence.close();
  });

  it("should not hold the places of youths recorded with an offer behind its invite", async () => {
    const firstPlace = gate();
    const invite = gate();
    const published: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type === "invite") await invite.pass();
      if (command.type !== "publish_status") return;
      if (command.conversationId === "!room1:x") await firstPlace.pass();
      published.push(command.conversationId);
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run);
    // Synapse hangs on the first youth's place; meanwhile a counsellor goes on duty (she is
    // offered the first youth: an invite) and five more youths arrive.
    const first = permanence.dispatch(arrival(1));
    await permanence.record(onDuty);
    for (let n = 2; n <= 6; n += 1) await permanence.record(arrival(n));
    firstPlace.open();
    // The invite hangs in turn: the five places go out meanwhile, not behind it.
    for (let tries = 0; published.length < 6 && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(published).toEqual(expect.arrayContaining(["!room2:x", "!room6:x"]));
    expect(permanence.caughtUp).toBe(false);
    invite.open();
    await first;
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    await permanence.close();
  });

  it("should send one counsellor's invites in the order she was offered the youths, though their conversations go side by side", async () => {
    const twoAtOnce = { ...context, settings: { ...settings, defaultMaxConversations: 2 } };
    const firstPlace = gate();
    const invited: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type === "publish_status" && command.status.state === "waiting") {
        if (command.conversationId === "!room1:x") await firstPlace.pass();
      }
      if (command.type !== "invite") return;
      // Synapse is slower with the first youth's invite than with the second's.
      await new Promise((resolve) =>
        setTimeout(resolve, command.conversationId === "!room1:x" ? 30 : 1),
      );
      invited.push(command.conversationId);
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run, {
      context: twoAtOnce,
    });
    // Synapse hangs on the first youth's place; a second youth arrives, then Camille goes on
    // duty: both are offered to her in one decision, the first youth first.
    const first = permanence.dispatch(arrival(1));
    await permanence.record(arrival(2));
    await permanence.record(onDuty);
    firstPlace.open();
    await first;
    await permanence.settled();
    expect(invited).toEqual(["!room1:x", "!room2:x"]);
    await permanence.close();
  });

  it("should tell the staff room of an offer only once its invite is made", async () => {
    const log: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type === "invite") {
        // Synapse is slow with the invite; the staff room's notices are quick.
        await new Promise((resolve) => setTimeout(resolve, 30));
        log.push("invite");
      }
      if (command.type === "notify_staff") log.push(command.notice.kind);
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run);
    await permanence.dispatch(arrival(1));
    log.length = 0;
    await permanence.dispatch(onDuty);
    expect(log.indexOf("invite")).toBeGreaterThan(-1);
    expect(log.indexOf("offered")).toBeGreaterThan(log.indexOf("invite"));
    await permanence.close();
  });

  it("should tell the staff room of an offer whose invite failed only once the invite is made", async () => {
    const log: string[] = [];
    let inviteFails = true;
    const run: CommandRunner = async (command) => {
      if (command.type === "invite") {
        if (inviteFails) {
          inviteFails = false;
          throw new Error("Synapse is down");
        }
        log.push("invite");
      }
      if (command.type === "notify_staff") log.push(command.notice.kind);
    };
    const retries = manualTimers();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run, {
      timers: retries.timers,
    });
    await permanence.dispatch(arrival(1));
    log.length = 0;
    await permanence.dispatch(onDuty);
    // The invite failed: Camille is not told of an invitation she does not have.
    expect(log).not.toContain("offered");
    expect(permanence.caughtUp).toBe(false);

    retries.fire();
    await permanence.settled();
    expect(log.filter((kind) => kind === "invite" || kind === "offered")).toEqual([
      "invite",
      "offered",
    ]);
    expect(permanence.caughtUp).toBe(true);
    await permanence.close();
  });

  it("should publish one youth's statuses carried out together in their order, others beside them", async () => {
    // Two counsellors: the second comes to read the first's conversation, then leaves it.
    const withObserver = {
      ...context,
      settings: {
        ...settings,
        counsellors: [{ userId: "@camille:x" }, { userId: "@dominique:x" }],
      },
    };
    const synapse = gate();
    let holding = false;
    const published: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type === "notify_staff" && holding) await synapse.pass();
      if (command.type !== "publish_status") return;
      const { status } = command;
      const observers = status.state === "counsellor_present" ? (status.observers ?? []) : [];
      // The status naming the observer takes Synapse longer than the one after it: side by side,
      // the older would land last and stay the room's state.
      await new Promise((resolve) => setTimeout(resolve, observers.length > 0 ? 30 : 1));
      published.push(`${command.conversationId} ${status.state} [${observers.join()}]`);
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run, {
      context: withObserver,
    });
    await permanence.dispatch(onDuty);
    await permanence.dispatch(arrival(1));
    await permanence.dispatch({
      type: "counsellor_joined",
      conversationId: "!room1:x",
      counsellorId: "@camille:x",
    });
    published.length = 0;

    // Synapse hangs on the staff room's notice that Camille asked Dominique to read; meanwhile
    // Camille invites her, she leaves again, and another youth arrives.
    holding = true;
    const asked = permanence.dispatch({
      type: "observer_requested",
      conversationId: "!room1:x",
      observerId: "@dominique:x",
      by: "@camille:x",
    });
    await permanence.record({
      type: "handover_invited",
      conversationId: "!room1:x",
      by: "@camille:x",
      counsellorId: "@dominique:x",
    });
    await permanence.record({
      type: "observer_left",
      conversationId: "!room1:x",
      observerId: "@dominique:x",
    });
    await permanence.record(arrival(2));
    holding = false;
    synapse.open();
    await asked;
    await permanence.settled();

    const first = published.filter((line) => line.startsWith("!room1:x"));
    expect(first).toEqual([
      "!room1:x counsellor_present [@dominique:x]",
      "!room1:x counsellor_present []",
    ]);
    expect(published).toContain("!room2:x waiting []");
    await permanence.close();
  });

  it("should try again only what failed in a batch, and confirm none of it before", async () => {
    let failOnce = true;
    const attempts = new Map<string, number>();
    const synapse = gate();
    const run: CommandRunner = async (command) => {
      if (command.type !== "publish_status") return;
      const room = command.conversationId;
      attempts.set(room, (attempts.get(room) ?? 0) + 1);
      if (room === "!room1:x") await synapse.pass();
      if (room === "!room5:x" && failOnce) {
        failOnce = false;
        throw new Error("Synapse is down");
      }
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    const permanence = await open(dir, run);
    await eightBehindTheFirst(permanence, synapse);
    expect(permanence.caughtUp).toBe(true);
    // The first youth's record alone, then the eight behind her together: that batch failed on
    // one, and only that one was tried again; none of it was confirmed in between (below).
    expect(attempts.get("!room1:x")).toBe(1);
    for (let n = 2; n <= 9; n += 1) expect(attempts.get(`!room${n}:x`)).toBe(n === 5 ? 2 : 1);
    await permanence.close();
    // Everything confirmed in the end: a restart finds nothing left to carry out.
    const again = recordingRunner();
    const reopened = await open(dir, again.run);
    await reopened.settled();
    expect(reopened.caughtUp).toBe(true);
    expect(again.attempts).toEqual([]);
    await reopened.close();
  });

  it("should try again with one command alone, then side by side once Synapse carried it out", async () => {
    let down = true;
    let attempts = 0;
    let inFlight = 0;
    const starts: { room: string; inFlight: number }[] = [];
    const synapse = gate();
    const run: CommandRunner = async (command) => {
      if (command.type !== "publish_status") return;
      const room = command.conversationId;
      if (room === "!room1:x") await synapse.pass();
      else attempts += 1;
      if (down && room !== "!room1:x") throw new Error("Synapse is down");
      inFlight += 1;
      starts.push({ room, inFlight });
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
    };
    const retries = manualTimers();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run, {
      timers: retries.timers,
    });
    await eightBehindTheFirst(permanence, synapse);
    // The batch of the eight behind the first youth failed whole.
    expect(permanence.caughtUp).toBe(false);
    // Still down: one request for the attempt, not a burst.
    const before = attempts;
    retries.fire();
    await permanence.settled();
    expect(attempts - before).toBe(1);
    expect(permanence.caughtUp).toBe(false);
    starts.length = 0;

    down = false;
    retries.fire();
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    expect(starts.map((start) => start.room).sort()).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9].map((n) => `!room${n}:x`),
    );
    // The first alone (nothing else in flight until it was done), the other seven together.
    expect(starts[0]?.inFlight).toBe(1);
    expect(starts[1]?.inFlight).toBe(1);
    expect(Math.max(...starts.map((start) => start.inFlight))).toBe(7);
    await permanence.close();
  });

  it("should record a youth's arrival while Synapse still works on earlier commands, and carry hers out behind them", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const run: CommandRunner = async (command) => {
      // The first youth's status publication hangs, as on a Synapse too busy to answer.
      if (command.type === "publish_status" && command.conversationId === "!room1:x") await held;
      if (command.type === "publish_status") order.push(command.conversationId);
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    const permanence = await open(dir, run);
    const first = permanence.dispatch(arrival(1));
    // Durable at once: in the state and in the journal, though the first youth's commands hang.
    await permanence.record(arrival(2));
    expect(permanence.state.conversations["!room2:x"]).toBeDefined();
    expect(permanence.caughtUp).toBe(false);
    expect(order).toEqual([]);
    const journal = readdirSync(dir)
      .map((file) => readFileSync(path.join(dir, file), "utf8"))
      .join("");
    expect(journal).toContain("!room2:x");

    // dispatch still waits until its own record's commands were tried.
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(firstDone).toBe(false);
    release();
    await first;
    await permanence.settled();
    // In order: the first youth's status, then the second's.
    expect(order).toEqual(["!room1:x", "!room2:x"]);
    expect(permanence.caughtUp).toBe(true);
    await permanence.close();
  });

  it("should close its journal only once every record decided before the close is confirmed", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const run: CommandRunner = async (command) => {
      if (command.type === "publish_status") await held;
    };
    const logged: string[] = [];
    const permanence = await Permanence.open({
      dir: mkdtempSync(path.join(os.tmpdir(), "perm-")),
      context,
      run,
      clock,
      logger: createLogger({ write: (line) => logged.push(line) }),
      timers: manualTimers().timers,
      random: () => 1,
    });
    // The bot shuts down while Synapse works on a youth's status, and a handler already under way
    // decides another event meanwhile: close() waits until every decided record is confirmed.
    const first = permanence.dispatch(arrival(1));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const closing = permanence.close();
    const second = permanence.dispatch(arrival(2));
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closed).toBe(false); // still carrying the commands out
    release();
    await Promise.all([closing, first, second]);
    expect(permanence.caughtUp).toBe(true);
    expect(logged.join("")).not.toContain("drain_failed");
    // And an event after the close changes nothing and does not hang.
    await permanence.dispatch(arrival(2));
  });

  it("should publish only the latest of a youth's statuses still waiting in the outbox", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    const published: { room: string; position: number | null }[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type !== "publish_status") return;
      if (holding) await held;
      const { status } = command;
      published.push({
        room: command.conversationId,
        position: status.state === "waiting" ? status.position : null,
      });
    };
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run);
    for (let n = 1; n <= 4; n += 1) await permanence.dispatch(arrival(n));
    published.length = 0;

    // Synapse hangs on a fifth youth's place; meanwhile the youths ahead of the fourth leave one
    // by one.
    holding = true;
    await permanence.record(arrival(5));
    const leaving = [1, 2, 3].map((n) =>
      permanence.record({ type: "youth_left", conversationId: `!room${n}:x` }),
    );
    await Promise.all(leaving);
    holding = false;
    release();
    await permanence.settled();
    const fourth = published.filter((p) => p.room === "!room4:x").map((p) => p.position);
    // Only her latest place, first in line: the two before it were replaced in the outbox before
    // their turn came (one at a time, each of them would have been written).
    expect(fourth).toEqual([1]);
    await permanence.close();
  });

  it("should try a record again whole when one of its status publications fails", async () => {
    let failOnce = false;
    const attempts: string[] = [];
    const run: CommandRunner = async (command) => {
      if (command.type !== "publish_status") return;
      attempts.push(command.conversationId);
      // Second in the run (arrival, then id: all arrived at one instant), so the run stops early.
      if (command.conversationId === "!room10:x" && failOnce) {
        failOnce = false;
        throw new Error("Synapse is down");
      }
    };
    const retries = manualTimers();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), run, {
      timers: retries.timers,
    });
    for (let n = 1; n <= 40; n += 1) await permanence.dispatch(arrival(n));
    attempts.length = 0;
    failOnce = true;
    await permanence.dispatch({ type: "youth_left", conversationId: "!room1:x" });
    expect(permanence.caughtUp).toBe(false);
    // The run stopped at the failure: not every publication was tried.
    expect(attempts.length).toBeLessThan(40);
    retries.fire();
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    expect(new Set(attempts)).toEqual(
      new Set(Array.from({ length: 40 }, (_, i) => `!room${i + 1}:x`)),
    );
    await permanence.close();
  });

  it("should carry out each decision's commands in order", async () => {
    const runner = recordingRunner();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), runner.run);
    await permanence.dispatch(onDuty);
    await permanence.dispatch(arrival(1));
    expect(runner.done).toContain("invite");
    expect(permanence.state.conversations["!room1:x"]?.phase.kind).toBe("offered");
    // The invite made is recorded behind it (its offer's time to answer starts then).
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
  });

  it("should start an offer's time to answer when Synapse made its invite, and keep it across a restart", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    let now = start;
    const moving = { now: () => now };
    const synapse = gate();
    const first = await open(
      dir,
      async (command) => {
        if (command.type !== "invite") return;
        await synapse.pass();
        // Synapse answers once the bot's clock has moved on: the invite is made now.
        now = start + 80_000;
      },
      { clock: moving },
    );
    await first.dispatch(onDuty);
    await first.record(arrival(1));
    expect(first.state.conversations["!room1:x"]?.phase).toMatchObject({ kind: "offered" });
    synapse.open();
    await first.settled();
    const invited = {
      kind: "offered",
      counsellorId: "@camille:x",
      invitedAt: start + 80_000,
      expiresAt: start + 80_000 + settings.offerTimeoutMs,
    };
    expect(first.state.conversations["!room1:x"]?.phase).toEqual(invited);
    // 89 s after her invite, 169 s after the decision: still hers.
    now = start + 80_000 + settings.offerTimeoutMs - 1000;
    await first.dispatch({ type: "tick" });
    expect(first.state.conversations["!room1:x"]?.phase).toEqual(invited);
    await first.close();

    // The journal has it: a restart gives her no more time, and the invite is not made again.
    const again = recordingRunner();
    const second = await open(dir, again.run, { clock: moving });
    expect(second.state.conversations["!room1:x"]?.phase).toEqual(invited);
    expect(again.done).toEqual([]);
    now += 1000;
    await second.dispatch({ type: "tick" });
    expect(second.state.conversations["!room1:x"]?.phase.kind).toBe("queued");
    expect(second.state.counsellors["@camille:x"]?.availability).toBe("paused");
    await second.close();
  });

  it("should not start an offer's time to answer for an invite Synapse refused for good", async () => {
    const { runner, permanence } = await openRecorded();
    await permanence.dispatch(onDuty);
    runner.fail("permanent");
    await permanence.dispatch(arrival(1));
    expect(permanence.caughtUp).toBe(true);
    expect(permanence.state.conversations["!room1:x"]?.phase).toEqual({
      kind: "offered",
      counsellorId: "@camille:x",
      expiresAt: start + settings.offerTimeoutMs + inviteAllowanceMs,
    });
  });

  it("should carry failed commands out by itself once the homeserver is back, with no other event", async () => {
    const { runner, retries, permanence } = await openRecorded();
    await permanence.dispatch(onDuty);
    runner.fail("transient");
    await permanence.dispatch(arrival(1));
    expect(permanence.caughtUp).toBe(false);
    expect(permanence.oldestPendingAt).toBe(start);
    expect(runner.done).not.toContain("invite");

    // Still down at the first retry: a second one is arranged, later.
    retries.fire();
    await permanence.settled();
    expect(permanence.caughtUp).toBe(false);
    expect(retries.live()).toHaveLength(1);

    // Back. Nothing else happens (no event, and the quiet ticks change nothing): the retry alone
    // carries the invite out.
    runner.fail("no");
    await permanence.dispatch({ type: "tick" });
    expect(permanence.caughtUp).toBe(false);
    retries.fire();
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    expect(permanence.oldestPendingAt).toBeNull();
    expect(runner.done.filter((type) => type === "invite")).toHaveLength(1);
    expect(retries.live()).toHaveLength(0);
  });

  it("should also try again at the next event, and then drop the retry it no longer needs", async () => {
    const { runner, retries, permanence } = await openRecorded();
    await permanence.dispatch(onDuty);
    runner.fail("transient");
    await permanence.dispatch(arrival(1));
    runner.fail("no");
    await permanence.dispatch(arrival(2));
    // With the invite made, recorded behind it.
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    expect(runner.done.filter((type) => type === "invite")).toHaveLength(1);
    expect(retries.live()).toHaveLength(0);
  });

  it("should wait longer after each failure, up to a cap, and start again short after a success", async () => {
    const { runner, retries, permanence } = await openRecorded();
    await permanence.dispatch(onDuty);
    runner.fail("transient");
    await permanence.dispatch(arrival(1));
    const attemptsBefore = runner.attempts.length;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      retries.fire();
      await permanence.settled();
    }
    expect(retries.asked()).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000]);
    // Each retry tried the stuck record once: no burst of requests at a struggling Synapse.
    expect(runner.attempts.length - attemptsBefore).toBe(8);

    runner.fail("no");
    retries.fire();
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    runner.fail("transient");
    await permanence.dispatch(arrival(2));
    expect(retries.asked().at(-1)).toBe(250);
  });

  it("should carry out an invite that became obsolete while Synapse was down, then withdraw it, in order", async () => {
    let now = start;
    const movingClock = { now: () => now };
    const { runner, retries, permanence } = await openRecorded({ clock: movingClock });
    await permanence.dispatch(onDuty);
    runner.fail("transient");
    await permanence.dispatch(arrival(1));
    // The offer times out before Synapse is back (an invite not made is waited for, up to the
    // allowance): the engine withdraws it and pauses Camille.
    now += settings.offerTimeoutMs + 1000;
    await permanence.dispatch({ type: "tick" });
    expect(permanence.state.counsellors["@camille:x"]?.availability).toBe("on_duty");
    now += inviteAllowanceMs;
    await permanence.dispatch({ type: "tick" });
    expect(permanence.state.counsellors["@camille:x"]?.availability).toBe("paused");
    expect(permanence.oldestPendingAt).toBe(start);

    runner.fail("no");
    retries.fire();
    await permanence.settled();
    expect(permanence.caughtUp).toBe(true);
    const invite = runner.done.indexOf("invite");
    expect(invite).toBeGreaterThanOrEqual(0);
    expect(runner.done.indexOf("withdraw_invite")).toBeGreaterThan(invite);
    expect(permanence.state.conversations["!room1:x"]?.phase.kind).toBe("queued");
  });

  it("should leave no retry behind when closed", async () => {
    const { runner, retries, permanence } = await openRecorded();
    await permanence.dispatch(onDuty);
    runner.fail("transient");
    await permanence.dispatch(arrival(1));
    expect(retries.live()).toHaveLength(1);
    await permanence.close();
    expect(retries.live()).toHaveLength(0);
  });

  it("should skip a command the homeserver will never accept, so it does not block the others", async () => {
    const runner = recordingRunner();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), runner.run);
    await permanence.dispatch(onDuty);
    runner.fail("permanent");
    await permanence.dispatch(arrival(1));
    expect(permanence.caughtUp).toBe(true);
    expect(runner.done).toContain("publish_status");
  });

  it("should rebuild the same state after a restart and carry out what was left unconfirmed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    const before = recordingRunner();
    const first = await open(dir, before.run);
    await first.dispatch(onDuty);
    before.fail("transient");
    await first.dispatch(arrival(1));
    await first.dispatch(arrival(2));
    const stateBefore = first.state;
    await first.close();

    const after = recordingRunner();
    const second = await open(dir, after.run);
    await second.settled();
    // The same state, but for the invite made now: her time to answer starts now.
    const offered = stateBefore.conversations["!room1:x"];
    expect(offered?.phase.kind).toBe("offered");
    expect(second.state).toEqual({
      ...stateBefore,
      conversations: {
        ...stateBefore.conversations,
        "!room1:x": {
          ...offered,
          phase: {
            ...offered?.phase,
            invitedAt: start,
            expiresAt: start + settings.offerTimeoutMs,
          },
        },
      },
    });
    expect(second.caughtUp).toBe(true);
    // The invite of the first youth, decided before the "crash", is carried out now, once.
    expect(after.done.filter((type) => type === "invite")).toHaveLength(1);
    expect(second.state.conversations["!room2:x"]?.phase.kind).toBe("queued");
  });

  it("should keep a place held across a restart, and give it to her room arriving after it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    let now = start;
    const moving = { now: () => now };
    const first = await open(dir, recordingRunner().run, { clock: moving });
    await first.record({ type: "place_reserved", reservationId: "held" });
    now += 1_000;
    await first.record(arrival(2));
    const stateBefore = first.state;
    await first.close();

    now += 30_000;
    const second = await open(dir, recordingRunner().run, { clock: moving });
    expect(second.state.reservations).toEqual(stateBefore.reservations);
    expect(second.state.reservations?.map((held) => held.id)).toEqual(["held"]);
    await second.record({ ...arrival(1), reservationId: "held" });
    // Ahead of the youth who arrived after she asked, before the restart.
    expect(second.state.queue).toEqual(["!room1:x", "!room2:x"]);
    expect(second.state.reservations).toEqual([]);
    await second.close();
  });

  it("should replay an arrival with the youth's answer, and one written before the question", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    const first = await open(dir, recordingRunner().run);
    // As a bot before the question wrote it: no writingAbout at all.
    await first.dispatch(arrival(1));
    await first.dispatch({ ...arrival(2), writingAbout: "close-one" });
    const stateBefore = first.state;
    await first.close();

    const second = await open(dir, recordingRunner().run);
    expect(second.state).toEqual(stateBefore);
    expect(second.state.conversations["!room1:x"]).not.toHaveProperty("writingAbout");
    expect(second.state.conversations["!room2:x"]?.writingAbout).toBe("close-one");
  });

  it("should keep nothing of an erased conversation in its folder, not even her arrival", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perm-"));
    const runner = recordingRunner();
    const permanence = await open(dir, runner.run);
    await permanence.dispatch({ ...arrival(1), writingAbout: "close-one" });
    await permanence.dispatch(arrival(2));
    await permanence.dispatch({ type: "youth_left", conversationId: "!room1:x" });
    const folder = () =>
      readdirSync(dir)
        .map((file) => readFileSync(path.join(dir, file), "utf8"))
        .join("\n");
    expect(folder()).toContain("@y1:x");
    // No grace here: the next tick erases the conversation.
    await permanence.dispatch({ type: "tick" });
    expect(runner.done).toContain("erase_conversation");
    expect(folder()).not.toContain("@y1:x");
    expect(folder()).not.toContain("close-one");
    // The conversation still going on is kept, and found again after a restart.
    await permanence.close();
    const again = await open(dir, recordingRunner().run);
    expect(Object.keys(again.state.conversations)).toEqual(["!room2:x"]);
  });
});
