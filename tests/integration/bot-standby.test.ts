import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { writeOpenAroundTheClock } from "@helpline/scripts/open-around-the-clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockKey } from "@helpline/bot/standby/key";
import { repoRoot } from "@helpline/scripts/paths";
import { localPostgres } from "@helpline/scripts/synapse/postgres";
import { cutLockConnection, psql } from "../support/lock.ts";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthSees,
  youthStartsConversation,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// The active bot and its standby, as separate processes on the same config and state, meeting on
// a PostgreSQL advisory lock in the local server. The standby must not listen while it waits; when
// the active one is killed with SIGKILL it takes over within seconds, from the same journal; and a
// bot whose lock connection is cut stops at once (fencing).

const run = promisify(execFile);
const lockName = `standby-test-${randomBytes(4).toString("hex")}`;
const key = lockKey(lockName);

/** The real service definition, open around the clock: the bot processes run on the real clock. */
function alwaysOpenDefinition(dir: string): string {
  return writeOpenAroundTheClock(path.join(dir, "always-open.yaml"));
}

/** Whether anyone holds the lock, asked from a session of our own (released when psql exits). */
async function lockIsFree(): Promise<boolean> {
  return (await psql(`SELECT pg_try_advisory_lock(${key.toString()})`)) === "t";
}

interface BotProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  log(): string;
  exited: Promise<number | null>;
}

/** Whether the process listens on any TCP port (ss shows each listener's owning pid). */
async function listens(pid: number | undefined): Promise<boolean> {
  const { stdout } = await run("ss", ["-ltnpH"]);
  return stdout.includes(`pid=${String(pid)},`);
}

describe("an active bot and a standby on one PostgreSQL lock", () => {
  let stack: TestStack;
  let team: ScriptedCounsellor[] = [];
  let definitionDir: string;
  const bots: BotProcess[] = [];

  function startBotProcess(name: string): BotProcess {
    const logFile = path.join(stack.dir, `bot-${name}.log`);
    const log = openSync(logFile, "a");
    const server = localPostgres();
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(repoRoot, "bot", "src", "main.ts"),
        "--config",
        path.join(stack.dir, "bot.yaml"),
      ],
      {
        cwd: repoRoot,
        stdio: ["ignore", log, log],
        env: {
          ...process.env,
          HELPLINE_BOT_LOCK_DATABASE_URL: `postgresql://${server.user}@${server.host}:${server.port}/postgres`,
          HELPLINE_BOT_LOCK_NAME: lockName,
          HELPLINE_BOT_LOCK_RETRY_SECONDS: "2",
        },
      },
    );
    closeSync(log);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const bot = { name, child, logFile, log: () => readFileSync(logFile, "utf8"), exited };
    bots.push(bot);
    return bot;
  }

  const apiAnswers = () =>
    fetch(`${stack.webUrl}/api/health`).then(
      (r) => r.status,
      () => 0,
    );

  async function killHard(bot: BotProcess): Promise<void> {
    if (bot.child.exitCode !== null) return;
    bot.child.kill("SIGKILL");
    await bot.exited;
  }

  beforeAll(async () => {
    definitionDir = mkdtempSync(path.join(os.tmpdir(), "helpline-def-"));
    stack = await startTestStack({
      counsellors: [
        { localpart: "camille", maxConversations: 1 },
        { localpart: "alex", maxConversations: 1 },
      ],
      helplineDefinition: alwaysOpenDefinition(definitionDir),
    });
    team = await teamLogsIn(stack);
    // From here on the bot runs as separate processes, on the same state and the same ports.
    await stack.bot.stop();
  });

  afterAll(async () => {
    for (const bot of bots) await killHard(bot);
    for (const counsellor of team) await counsellor.stop();
    team = [];
    await stack?.stop();
    rmSync(definitionDir, { recursive: true, force: true });
  });

  it("should keep the standby silent, take over after a kill -9 with the queue intact, and assign once", async () => {
    const [camille, alex] = team;
    if (camille === undefined || alex === undefined) throw new Error("two counsellors expected");

    expect(await lockIsFree()).toBe(true);
    const first = startBotProcess("first");
    await eventually(apiAnswers, (status) => status === 200, "the first bot to answer");
    expect(first.log()).toContain('"event":"bot.lock_acquired"');
    expect(await lockIsFree()).toBe(false);

    // The standby: same config, same state folder, same ports. It waits and opens nothing.
    const second = startBotProcess("second");
    await eventually(
      async () => second.log(),
      (log) => log.includes('"event":"bot.standby_waiting"'),
      "the standby to say it waits",
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(second.child.exitCode).toBeNull();
    expect(await listens(second.child.pid)).toBe(false);
    expect(await listens(first.child.pid)).toBe(true);
    expect(second.log()).not.toContain("bot.started");
    // The log names the database by host, port and name only.
    expect(second.log()).not.toContain("postgresql://");

    // Camille on duty takes one youth; the second youth is queued.
    await counsellorGoesOnDuty(stack, camille);
    const withCamille = await youthStartsConversation(stack, await registerYouth(stack));
    expect(await camille.acceptNextInvite(30_000)).toBe(withCamille);
    const queuedYouth = await registerYouth(stack);
    const queuedRoom = await youthStartsConversation(stack, queuedYouth);
    await youthSees(stack, queuedYouth, queuedRoom, "waiting");

    // kill -9 the active bot: the standby takes the lock, replays the journal, opens its ports.
    const killedAt = Date.now();
    await killHard(first);
    await eventually(apiAnswers, (status) => status === 200, "the standby to take over", 30_000);
    const takeoverMs = Date.now() - killedAt;
    console.log(`standby answered ${takeoverMs} ms after the active bot was killed`);
    expect(takeoverMs).toBeLessThan(15_000);
    expect(second.log()).toContain('"event":"bot.lock_acquired"');
    expect(await listens(second.child.pid)).toBe(true);

    // The journal came back: Camille still has her conversation, the youth is still queued.
    const desk = await counsellorDesk(stack, camille);
    expect(desk.load).toBe(1);
    expect(desk.waiting).toBe(1);
    await youthSees(stack, queuedYouth, queuedRoom, "waiting");

    // Alex comes on duty: the queued youth is offered to her, once.
    await counsellorGoesOnDuty(stack, alex);
    expect(await alex.acceptNextInvite(30_000)).toBe(queuedRoom);
    await youthSees(stack, queuedYouth, queuedRoom, "counsellor_present");
    await expect(alex.nextInvite(3000)).rejects.toThrow(/Timed out/);
    await expect(camille.nextInvite(1000)).rejects.toThrow(/Timed out/);
    const { state } = (await fetch(
      `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(queuedRoom)}/state`,
      { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
    ).then((r) => r.json())) as {
      state: { type: string; state_key: string; content: { membership?: string } }[];
    };
    const counsellorsInRoom = state.filter(
      (event) =>
        event.type === "m.room.member" &&
        [camille.userId, alex.userId].includes(event.state_key) &&
        ["invite", "join"].includes(event.content.membership ?? ""),
    );
    expect(counsellorsInRoom.map((event) => event.state_key)).toEqual([alex.userId]);
  });

  it("should stop a bot at once when its lock connection is cut, and let the standby in", async () => {
    const active = bots.find((bot) => bot.name === "second");
    if (active === undefined) throw new Error("the previous test leaves the second bot active");
    // Docker restarts the killed bot: it comes back as the standby.
    const restarted = startBotProcess("restarted");
    await eventually(
      async () => restarted.log(),
      (log) => log.includes('"event":"bot.standby_waiting"'),
      "the restarted bot to wait as a standby",
    );

    // Cut the active bot's lock connection from the server side (as a lost network would).
    const cut = await cutLockConnection(key);
    expect(cut).toBe("1");
    const code = await Promise.race([
      active.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 10_000)),
    ]);
    expect(code).toBe(1);
    expect(active.log()).toContain('"event":"bot.lock_lost"');

    await eventually(
      async () => restarted.log(),
      (log) => log.includes('"event":"bot.started"'),
      "the restarted bot to take over",
    );
    await eventually(apiAnswers, (status) => status === 200, "the new active bot to answer");
    expect(await lockIsFree()).toBe(false);
  });
});
