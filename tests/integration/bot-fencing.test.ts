import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { journalDirOf } from "@helpline/bot/app";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockKey } from "@helpline/bot/standby/key";
import { writeOpenAroundTheClock } from "@helpline/scripts/open-around-the-clock";
import { repoRoot } from "@helpline/scripts/paths";
import { localPostgres } from "@helpline/scripts/synapse/postgres";
import { cutLockConnection } from "../support/lock.ts";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorGoesOnDuty,
  eventually,
  youthStartsConversation,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// A bot frozen (SIGSTOP) while its lock connection dies comes back (SIGCONT) with its timers due:
// here a counsellor's offer that expired while it slept. The standby has taken over meanwhile,
// from the same journal, and handled that expiry itself. The woken bot must stop before it writes
// to the journal or sends anything to Synapse (the epoch fence, docs/scaling.md).
//
// Real processes, the real PostgreSQL lock, a real Synapse, as bot-standby.test.ts. The two bots
// share the state folder but not their ports: a frozen process keeps its listening sockets (in
// production each bot has its own container, hence its own ports).

const lockName = `fencing-test-${randomBytes(4).toString("hex")}`;
const key = lockKey(lockName);
const offerTimeoutSeconds = 10;

interface BotProcess {
  child: ChildProcess;
  log(): string;
  exited: Promise<number | null>;
}

/** The journal's records as the file holds them: [seq, event type]. */
function journalRecords(stateDir: string): [number, string][] {
  const text = readFileSync(
    path.join(journalDirOf(stateDir, "maintenant-jen-parle"), "journal.jsonl"),
    "utf8",
  );
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { seq?: number; event?: { type: string } })
    .flatMap((line) =>
      line.seq === undefined ? [] : [[line.seq, line.event?.type ?? "?"] as [number, string]],
    );
}

describe("a bot frozen past its lock", () => {
  let stack: TestStack;
  let team: ScriptedCounsellor[] = [];
  let definitionDir: string;
  const bots: BotProcess[] = [];

  function startBotProcess(name: string, configFile: string): BotProcess {
    const logFile = path.join(stack.dir, `bot-${name}.log`);
    const log = openSync(logFile, "a");
    const server = localPostgres();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(repoRoot, "bot", "src", "main.ts"), "--config", configFile],
      {
        cwd: repoRoot,
        stdio: ["ignore", log, log],
        env: {
          ...process.env,
          HELPLINE_BOT_LOCK_DATABASE_URL: `postgresql://${server.user}@${server.host}:${server.port}/postgres`,
          HELPLINE_BOT_LOCK_NAME: lockName,
          HELPLINE_BOT_LOCK_RETRY_SECONDS: "1",
        },
      },
    );
    closeSync(log);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const bot = { child, log: () => readFileSync(logFile, "utf8"), exited };
    bots.push(bot);
    return bot;
  }

  beforeAll(async () => {
    definitionDir = mkdtempSync(path.join(os.tmpdir(), "helpline-def-"));
    stack = await startTestStack({
      counsellors: [{ localpart: "camille", maxConversations: 1 }],
      helplineDefinition: writeOpenAroundTheClock(
        path.join(definitionDir, "always-open.yaml"),
        (definition) => {
          definition.conversations.offerTimeoutSeconds = offerTimeoutSeconds;
        },
      ),
    });
    team = await teamLogsIn(stack);
    await stack.bot.stop();
  });

  afterAll(async () => {
    for (const bot of bots) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.child.kill("SIGKILL");
        await bot.exited;
      }
    }
    for (const counsellor of team) await counsellor.stop();
    team = [];
    await stack?.stop();
    rmSync(definitionDir, { recursive: true, force: true });
  });

  it("should exit on waking up, without writing to the journal the new active bot writes to", async () => {
    const [camille] = team;
    if (camille === undefined) throw new Error("one counsellor expected");
    const stateDir = path.join(stack.dir, "bot-state");

    const first = startBotProcess("first", path.join(stack.dir, "bot.yaml"));
    await eventually(
      async () => first.log(),
      (log) => log.includes('"event":"bot.started"'),
      "the first bot to start",
    );

    // Camille on duty is offered a youth; she does not answer.
    await counsellorGoesOnDuty(stack, camille);
    const youth = await registerYouth(stack);
    // The offer is made after this instant, so it cannot expire sooner than the timeout after it.
    const askedAt = Date.now();
    const room = await youthStartsConversation(stack, youth);
    expect(await camille.nextInvite(30_000)).toBe(room);
    // Let the bot finish what the offer started (its commands confirmed), then freeze it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill("SIGSTOP");
    const before = journalRecords(stateDir);

    // Its lock connection dies while it is frozen; the standby takes over from the same journal.
    expect(await cutLockConnection(key)).toBe("1");
    const standbyConfig = path.join(stack.dir, "bot-standby.yaml");
    const config = YAML.parse(readFileSync(path.join(stack.dir, "bot.yaml"), "utf8")) as {
      appservice: { port: number };
      api: { port: number };
    };
    config.appservice.port = 0;
    config.api.port = 0;
    writeFileSync(standbyConfig, YAML.stringify(config), { mode: 0o600 });
    const second = startBotProcess("second", standbyConfig);
    await eventually(
      async () => second.log(),
      (log) => log.includes('"event":"bot.started"'),
      "the standby to take over",
    );
    // The offer expires: the new active bot writes that down.
    await eventually(
      async () => journalRecords(stateDir),
      // Ticks are journaled only when they change something: here, the offer's expiry.
      (records) => records.slice(before.length).some(([, type]) => type === "tick"),
      "the new active bot to handle the expired offer",
      offerTimeoutSeconds * 1000 + 20_000,
    );
    expect(Date.now() - askedAt).toBeGreaterThan(offerTimeoutSeconds * 1000);
    const written = journalRecords(stateDir);

    // The frozen bot wakes up: its tick sees the same expired offer. It must exit at once.
    first.child.kill("SIGCONT");
    const code = await Promise.race([
      first.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 10_000)),
    ]);
    expect(code).toBe(1);

    // Nothing of the woken bot in the journal: the same records, numbered once each.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = journalRecords(stateDir);
    expect(after.slice(0, written.length)).toEqual(written);
    const seqs = after.map(([seq]) => seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // It stops on whichever it notices first on waking: the newer epoch (its fence) or its dead
    // lock connection. Either way it wrote nothing, which the records above show; without the
    // fence, its first tick wrote before the dead connection was noticed.
    expect(first.log()).toMatch(/"event":"bot\.(fenced|lock_lost)"/);
    // And the new active bot carries on.
    expect(second.child.exitCode).toBeNull();
  });
});
