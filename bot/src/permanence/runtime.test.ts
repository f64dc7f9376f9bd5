import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { alwaysOpen, minute } from "./engine/testing/scenario.ts";
import { Permanence, PermanentCommandFailure, type CommandRunner } from "./runtime.ts";
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
const clock = { now: () => Date.parse("2026-11-23T18:00:00Z") };

/** A Matrix stand-in that records what it carried out, and can be told to fail. */
function recordingRunner() {
  const done: PermanenceCommand["type"][] = [];
  let failing: "no" | "transient" | "permanent" = "no";
  const run: CommandRunner = async (command) => {
    if (failing === "transient") throw new Error("Synapse is down");
    if (failing === "permanent" && command.type === "invite") {
      throw new PermanentCommandFailure("room is gone");
    }
    done.push(command.type);
  };
  return { run, done, fail: (how: typeof failing) => (failing = how) };
}

async function open(dir: string, run: CommandRunner) {
  return Permanence.open({ dir, context, run, clock, logger: createLogger({ write: () => {} }) });
}

const arrival = (n: number) =>
  ({
    type: "youth_arrived",
    conversationId: `!room${n}:x`,
    youthId: `@y${n}:x`,
    reference: 1000 + n,
  }) as const;
const onDuty = {
  type: "availability_set",
  counsellorId: "@camille:x",
  availability: "on_duty",
} as const;

describe("Permanence", () => {
  it("should carry out each decision's commands in order", async () => {
    const runner = recordingRunner();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), runner.run);
    await permanence.dispatch(onDuty);
    await permanence.dispatch(arrival(1));
    expect(runner.done).toContain("invite");
    expect(permanence.state.conversations["!room1:x"]?.phase.kind).toBe("offered");
    expect(permanence.caughtUp).toBe(true);
  });

  it("should keep failed commands and carry them out, in order, once the homeserver is back", async () => {
    const runner = recordingRunner();
    const permanence = await open(mkdtempSync(path.join(os.tmpdir(), "perm-")), runner.run);
    await permanence.dispatch(onDuty);
    runner.fail("transient");
    await permanence.dispatch(arrival(1));
    expect(permanence.caughtUp).toBe(false);
    expect(runner.done).not.toContain("invite");
    runner.fail("no");
    await permanence.dispatch({ type: "tick" });
    await permanence.dispatch(arrival(2));
    expect(permanence.caughtUp).toBe(true);
    expect(runner.done.filter((type) => type === "invite")).toHaveLength(1);
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
    expect(second.state).toEqual(stateBefore);
    expect(second.caughtUp).toBe(true);
    // The invite of the first youth, decided before the "crash", is carried out now, once.
    expect(after.done.filter((type) => type === "invite")).toHaveLength(1);
    expect(second.state.conversations["!room2:x"]?.phase.kind).toBe("queued");
  });
});
