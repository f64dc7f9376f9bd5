import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { journalDirOf } from "@helpline/bot/app";
import { loadBotConfig } from "@helpline/bot/config/load";
import { loadHelplineConfig } from "@helpline/bot/helpline/load";
import { toPermanenceSettings } from "@helpline/bot/helpline/settings";
import { decide, initialState } from "@helpline/bot/permanence/engine";
import type { JournalRecord, Snapshot } from "@helpline/bot/permanence/journal";
import { createSchedule } from "@helpline/bot/permanence/schedule/schedule";
import type { PermanenceState, YouthStatus } from "@helpline/bot/permanence/types";
import { repoRoot } from "@helpline/scripts/paths";
import { roomPreparingPatienceMs } from "@helpline/web-client/session/matrix/botApi";
import { youthStatus } from "../support/permanence.ts";
import {
  startTestStack,
  type StartTestStackOptions,
  type TestStack,
} from "../support/test-stack.ts";
import { postJson } from "../support/youth.ts";
import {
  addressOf,
  firstStatusSeen,
  socketRetries,
  conversationRetries,
  StepFailed,
  youthArrivesFrom,
  type ArrivedYouth,
} from "./api-youth.ts";
import { benchDefinition, quietBot } from "./definitions.ts";
import { sleep, spread, withTimeout, type Spread } from "./stats.ts";
import {
  cpuSecondsOf,
  meterSynapseProcesses,
  peakRssBytes,
  synapseCpuSum,
  type ProcessFigures,
} from "./synapse-processes.ts";
import { offerFigures, type OfferFigures } from "./offers.ts";
import { formatCpuBreakdown, type SynapseCpuBreakdown } from "./synapse-metrics.ts";
import { MB, ms, type Row } from "./table.ts";

// Figure 3: a campaign night. Many youths arrive within a few minutes (each from its own
// address, each solving the real proof of work), with counsellors of capacity 2 who accept
// every invite at once. Each youth's time to see her place (a queue position, or a counsellor)
// is measured from her press to the status reaching her through a minimal /sync, as her page
// learns it. The bot runs as its own process (as in production, and as
// tests/integration/bot-kill.test.ts runs it), so its CPU time and peak memory are its own,
// read from /proc; so is Synapse's CPU time.
//
// The bot's decision latency (its pure engine, `decide`, excluding Synapse and the journal's
// fsync) is measured by replaying, in this process, the very events the bot journaled during the
// night, each from the state the bot had before it: the journal is read while the night runs
// (it is compacted every 200 records, so its snapshots are kept too). No product code changes.

interface Counsellor {
  userId: string;
  rooms: Set<string>;
  joinFailures: number;
  running: Promise<void>;
}

/**
 * How long a youth of the night keeps at it before she counts as failed: her page's patience for
 * a room still being made (it keeps asking for 3 minutes, and its own time limit starts again
 * with each "still being made"), plus two minutes for the steps before and after it, each of which
 * her page limits to a minute at most. It was 120 s, shorter than her page's patience: youths whose
 * page would still be waiting were counted as failed (1,401 in the workers night of 2026-12-06).
 */
const youthGivesUpAfterMs = roomPreparingPatienceMs + 120_000;
export interface CampaignNight {
  /** "campaign night", or another set-up's name (e.g. Synapse with workers). */
  label: string;
  youths: number;
  counsellors: number;
  capacity: number;
  arrivalSeconds: number;
  botRuntime: string;
  /** After the last arrival, until every status was right (or the time was up). */
  settleSeconds: number;
  admitted: number;
  withCounsellor: number;
  waiting: number;
  /** Problems found: lost youths, wrong positions, double assignments, counsellors over capacity. */
  problems: string[];
  /** Of those: rooms with two counsellors, and counsellors over their capacity. */
  doubleAssignments: number;
  failedRequests: number;
  failures: Record<string, number>;
  /** From a youth's first request to its conversation's answer (proof of work included). */
  arrival: Spread;
  /**
   * From a youth's press (her first request, proof of work included) until her page could show
   * her place: the conversation answered, joined, and the bot's first status showing a queue
   * position or a counsellor (joining or present) delivered by her /sync.
   */
  seesPlace: Spread;
  /** The same youths, step by step (ms from the press to the end of each step, p50/p95). */
  steps: Record<string, Spread>;
  /** Which first status the youths saw. */
  firstStatuses: Record<string, number>;
  decision: Spread & { events: number; skipped: number };
  /** What became of the offers (offers.ts): their invites' delay, those run out, pauses. */
  offers: OfferFigures;
  botCpuSeconds: number;
  botPeakRssBytes: number;
  /** Synapse's CPU time: with workers, the sum of its processes (main + workers). */
  synapseCpuSeconds: number;
  /** Each of Synapse's processes (and, with workers, Redis and the router): CPU, memory, requests. */
  synapseProcesses: ProcessFigures[];
  /** Where Synapse's CPU went, from its own metrics (synapse-metrics.ts); null if unreadable. */
  synapseCpu: SynapseCpuBreakdown | null;
  /**
   * This process, the load generator, shares the machine: its CPU during the arrivals (the
   * proofs of work are solved here, as each youth's page would), and its event loop's delay.
   */
  loadGenerator: {
    cpuSeconds: number;
    proofOfWorkSeconds: number;
    statusSyncs: number;
    /** Requests sent again once, as a browser does, after a kept-alive connection closed. */
    socketRetries: number;
    /** Conversation requests asked again after a 5xx, as her page does (api-youth.ts). */
    conversationRetries: number;
    eventLoopDelayP99Ms: number;
  };
  botErrorLogLines: number;
  /** The bot's error lines by event name and error class. */
  botErrors: Record<string, number>;
  /**
   * The bot's warnings the same way, with the error's message (an operation's name, an HTTP
   * status and errcode; never content): e.g. which Synapse call a 503 answer came from.
   */
  botWarnings: Record<string, number>;
}

/** The bot's log lines counted by the named fields' values, joined; an unparsable line apart. */
function countLines(lines: readonly string[], fields: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    let key = "unreadable line";
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      key = fields
        .flatMap((field) => (parsed[field] === undefined ? [] : [parsed[field]]))
        .join(" ");
    } catch {
      // counted as unreadable
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Runs `work` over `items`, at most `limit` at once. */
async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await work(item);
      }
    }),
  );
}

/**
 * bot/dist/main.js if it is newer than every source file of the bot and of its wire contract
 * (bot/contract, compiled by the same build), else undefined.
 */
function builtBot(): string | undefined {
  const main = path.join(repoRoot, "bot", "dist", "main.js");
  if (!existsSync(main)) return undefined;
  const builtAt = statSync(main).mtimeMs;
  const stale = [path.join(repoRoot, "bot", "src"), path.join(repoRoot, "bot", "contract", "src")]
    .flatMap((sources) =>
      readdirSync(sources, { recursive: true }).map((file) => path.join(sources, String(file))),
    )
    .some((file) => file.endsWith(".ts") && statSync(file).mtimeMs > builtAt);
  return stale ? undefined : main;
}

/** Positions 1..n, each once. */
function inOrder(positions: readonly number[]): boolean {
  return [...positions].sort((a, b) => a - b).every((position, index) => position === index + 1);
}

async function headers(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** A counsellor reduced to what a campaign night asks of her: go on duty, accept every invite. */
async function counsellorOnDuty(
  stack: TestStack,
  account: { userId: string; password: string },
  staffRoomId: string,
  keepGoing: () => boolean,
): Promise<Counsellor> {
  const login = await postJson(`${stack.synapseUrl}/_matrix/client/v3/login`, {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: account.userId },
    password: account.password,
  });
  if (login.status !== 200) throw new StepFailed("counsellor login", login.status);
  const token = login.body.access_token as string;
  const auth = await headers(token);
  const client = (p: string) => `${stack.synapseUrl}/_matrix/client/v3${p}`;
  const deadline = Date.now() + 30_000;
  while (
    (await postJson(client(`/join/${encodeURIComponent(staffRoomId)}`), {}, auth)).status !== 200
  ) {
    if (Date.now() > deadline) throw new Error(`${account.userId} could not join the staff room`);
    await sleep(200);
  }
  const said = await fetch(
    client(`/rooms/${encodeURIComponent(staffRoomId)}/send/m.room.message/dispo${Date.now()}`),
    {
      method: "PUT",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ msgtype: "m.text", body: "!dispo" }),
    },
  );
  if (said.status !== 200) throw new StepFailed("!dispo", said.status);
  const openId = await postJson(
    client(`/user/${encodeURIComponent(account.userId)}/openid/request_token`),
    {},
    auth,
  );
  const desk = async () => {
    const response = await fetch(`${stack.webUrl}/api/counsellor/me`, {
      headers: { Authorization: `Bearer ${String(openId.body.access_token)}` },
    });
    return response.status === 200 ? ((await response.json()) as { availability: string }) : null;
  };
  while ((await desk())?.availability !== "on_duty") {
    if (Date.now() > deadline) throw new Error(`${account.userId} is not on duty`);
    await sleep(200);
  }

  const counsellor: Counsellor = {
    userId: account.userId,
    rooms: new Set(),
    joinFailures: 0,
    running: Promise.resolve(),
  };
  counsellor.running = (async () => {
    let since: string | undefined;
    const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1 } } }));
    while (keepGoing()) {
      const url = client(
        `/sync?timeout=2000&filter=${filter}${since ? `&since=${encodeURIComponent(since)}` : ""}`,
      );
      const response = await fetch(url, { headers: auth }).catch(() => null);
      if (response?.status !== 200) {
        await response?.body?.cancel();
        await sleep(200);
        continue;
      }
      const body = (await response.json()) as {
        next_batch: string;
        rooms?: { invite?: Record<string, unknown> };
      };
      since = body.next_batch;
      for (const roomId of Object.keys(body.rooms?.invite ?? {})) {
        if (roomId === staffRoomId || counsellor.rooms.has(roomId)) continue;
        const joined = await postJson(client(`/join/${encodeURIComponent(roomId)}`), {}, auth);
        if (joined.status === 200) counsellor.rooms.add(roomId);
        else counsellor.joinFailures += 1;
      }
    }
  })();
  return counsellor;
}

/** Keeps every journal record and snapshot the bot writes, across its compactions. */
function journalReader(dir: string) {
  const records = new Map<number, JournalRecord>();
  const snapshots = new Map<number, PermanenceState>();
  const read = () => {
    const snapshotFile = path.join(dir, "snapshot.json");
    try {
      if (existsSync(snapshotFile)) {
        const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8")) as Snapshot;
        snapshots.set(snapshot.seq, snapshot.state);
      }
    } catch {
      // Being replaced right now: read again at the next turn.
    }
    const journalFile = path.join(dir, "journal.jsonl");
    if (!existsSync(journalFile)) return;
    for (const line of readFileSync(journalFile, "utf8").split("\n")) {
      if (!line.startsWith("{") || line.includes('"done"')) continue;
      try {
        const record = JSON.parse(line) as JournalRecord;
        if (typeof record.seq === "number" && record.event) records.set(record.seq, record);
      } catch {
        // A line being written: it is read complete at the next turn.
      }
    }
  };
  const timer = setInterval(read, 100);
  return {
    stop() {
      clearInterval(timer);
      read();
      return { records, snapshots };
    },
  };
}

/** Replays the journaled events through `decide`, timing each call. */
function replayDecisions(
  configFile: string,
  journal: { records: Map<number, JournalRecord>; snapshots: Map<number, PermanenceState> },
): { durations: number[]; skipped: number } {
  const config = loadBotConfig(configFile);
  const helpline = config.helplines[0];
  if (!helpline) throw new Error("no helpline in the bot's config");
  const definition = loadHelplineConfig(helpline.definition);
  const context = {
    settings: toPermanenceSettings(definition, helpline.counsellors),
    schedule: createSchedule(definition.hours),
  };
  const durations: number[] = [];
  let skipped = 0;
  let state: PermanenceState | null = null;
  let previous = 0;
  for (const seq of [...journal.records.keys()].sort((a, b) => a - b)) {
    const record = journal.records.get(seq);
    if (!record) continue;
    const snapshot = journal.snapshots.get(seq - 1);
    if (snapshot) state = snapshot;
    else if (state === null && previous === 0 && seq === 1) {
      state = initialState(context.settings, record.at);
    } else if (seq !== previous + 1) state = null; // a record missed: wait for the next snapshot
    previous = seq;
    if (state === null) {
      skipped += 1;
      continue;
    }
    const started = performance.now();
    state = decide(context, state, record.event, record.at).state;
    durations.push(performance.now() - started);
  }
  return { durations, skipped };
}

export interface CampaignNightOptions {
  /** Names the night in the rows and logs; "campaign night" by default. */
  label?: string;
  youths: number;
  counsellors: number;
  capacity: number;
  arrivalSeconds: number;
  until: number;
  onStack?: (stop: () => Promise<void>) => void;
  /**
   * Another set-up for the stack (e.g. Synapse with workers): passed to startTestStack on top of
   * the night's own options; `synapseOverrides` are merged with the night's.
   */
  stack?: Partial<StartTestStackOptions>;
}

export async function measureCampaignNight(options: CampaignNightOptions): Promise<CampaignNight> {
  const label = options.label ?? "campaign night";
  const stack = await startTestStack({
    ...options.stack,
    counsellors: Array.from({ length: options.counsellors }, (_, i) => ({
      localpart: `intervenante${i + 1}`,
      maxConversations: options.capacity,
    })),
    helplineDefinition: benchDefinition({ openNow: true }),
    botOptions: quietBot,
    // Synapse's limits as shipped: its own registration is closed and youths' accounts come from
    // synapse/modules/youth_accounts.py with the bot's tokens, so there is no registration limit
    // to widen for a night.
  });
  let bot: ChildProcess | undefined;
  const stopAll = async () => {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot?.once("exit", resolve));
      bot.kill("SIGTERM");
      await withTimeout(exited, 10_000, "the bot process to stop").catch(() =>
        bot?.kill("SIGKILL"),
      );
    }
    await stack.stop();
  };
  options.onStack?.(stopAll);
  let nightGoesOn = true;
  const team: Counsellor[] = [];
  try {
    // From here on the bot is its own process, on the same state and ports.
    const staffRoomId = stack.bot.staffRoomId;
    await stack.bot.stop();
    const configFile = path.join(stack.dir, "bot.yaml");
    const logFile = path.join(stack.dir, "bot-process.log");
    const log = openSync(logFile, "a");
    // As production runs it (`npm run build -w bot`, then node dist/main.js), when built and up
    // to date: tsx's transpiler would add its own memory to the bot's.
    const built = builtBot();
    const botRuntime = built
      ? "node --conditions=compiled bot/dist/main.js"
      : "node --import tsx bot/src/main.ts";
    bot = spawn(
      process.execPath,
      built
        ? ["--conditions=compiled", built, "--config", configFile]
        : ["--import", "tsx", path.join(repoRoot, "bot", "src", "main.ts"), "--config", configFile],
      { cwd: repoRoot, stdio: ["ignore", log, log] },
    );
    closeSync(log);
    const botPid = bot.pid ?? -1;
    const healthDeadline = Date.now() + 60_000;
    while (
      (await fetch(`${stack.webUrl}/api/health`).then(
        (r) => r.status,
        () => 0,
      )) !== 200
    ) {
      if (Date.now() > healthDeadline) throw new Error("the bot process did not start");
      await sleep(200);
    }
    for (const account of stack.counsellors) {
      team.push(await counsellorOnDuty(stack, account, staffRoomId, () => nightGoesOn));
    }
    const journal = journalReader(
      journalDirOf(path.join(stack.dir, "bot-state"), "maintenant-jen-parle"),
    );
    const botCpuBefore = cpuSecondsOf(botPid);
    const synapseMeter = await meterSynapseProcesses(stack);
    const ownCpuBefore = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 20 });
    loop.enable();

    // The night: arrivals spread evenly over the window, each youth on its own.
    const failures: Record<string, number> = {};
    const fail = (step: string) => (failures[step] = (failures[step] ?? 0) + 1);
    const arrivalTimes: number[] = [];
    const seenTimes: number[] = [];
    const steps: Record<string, number[]> = {
      challenge: [],
      proofOfWork: [],
      token: [],
      registered: [],
      openId: [],
      conversation: [],
      joined: [],
    };
    const firstStatuses: Record<string, number> = {};
    let proofOfWorkMs = 0;
    let statusSyncs = 0;
    const retriesBefore = socketRetries.count;
    const conversationRetriesBefore = conversationRetries.count;
    const arrived: ArrivedYouth[] = [];
    const spacing = (options.arrivalSeconds * 1000) / options.youths;
    const start = Date.now();
    await Promise.all(
      Array.from({ length: options.youths }, async (_, i) => {
        await sleep(i * spacing);
        if (Date.now() > options.until) {
          fail("not started (time guard)");
          return;
        }
        const began = performance.now();
        let youth: ArrivedYouth;
        try {
          youth = await withTimeout(
            youthArrivesFrom(stack, addressOf(i), began, stack.synapseUrl),
            youthGivesUpAfterMs,
            "a youth",
          );
        } catch (error) {
          fail(error instanceof StepFailed ? `${error.step} ${error.status}` : String(error));
          return;
        }
        arrived.push(youth);
        arrivalTimes.push(youth.marks.conversation);
        proofOfWorkMs += youth.marks.proofOfWork - youth.marks.challenge;
        for (const [step, at] of Object.entries(youth.marks)) steps[step]?.push(at);
        // Her page shows her place as soon as the bot answers her place request, asked at her
        // press (POST /api/places); the conversation's answer and her room's status follow.
        if (youth.placeAt !== null) {
          seenTimes.push(youth.placeAt);
          firstStatuses["waiting (her place request)"] =
            (firstStatuses["waiting (her place request)"] ?? 0) + 1;
          return;
        }
        // Otherwise the place (or a counsellor joining) the bot's answer gives at once; the
        // room's status, read by the settling below for every youth, must then agree with it.
        if (youth.firstStatus !== null) {
          seenTimes.push(youth.marks.conversation);
          const seen = `${youth.firstStatus.state} (the bot's answer)`;
          firstStatuses[seen] = (firstStatuses[seen] ?? 0) + 1;
          return;
        }
        try {
          const seen = await firstStatusSeen(
            stack.synapseUrl,
            youth.youth,
            youth.roomId,
            Math.min(Date.now() + 60_000, options.until),
          );
          statusSyncs += seen.syncs;
          seenTimes.push(seen.at - began);
          firstStatuses[seen.status.state] = (firstStatuses[seen.status.state] ?? 0) + 1;
        } catch (error) {
          fail(error instanceof StepFailed ? `${error.step} ${error.status}` : String(error));
        }
      }),
    );
    const arrivalSeconds = (Date.now() - start) / 1000;
    loop.disable();
    const ownCpu = process.cpuUsage(ownCpuBefore);

    // Let every offer be accepted, and every status reach Synapse, before judging: the bot's
    // commands lag behind its decisions while Synapse is busy.
    const seats = options.counsellors * options.capacity;
    const expected = Math.min(seats, arrived.length);
    const statuses = new Map<string, YouthStatus | null>();
    const settleDeadline = Math.min(Date.now() + 120_000, options.until);
    const settleStarted = Date.now();
    for (;;) {
      // A few at a time: thousands of reads at once would only queue in Synapse.
      await inBatches(arrived, 16, async ({ youth, roomId }) => {
        statuses.set(roomId, await youthStatus(stack, youth, roomId).catch(() => null));
      });
      const seen = [...statuses.values()];
      const present = seen.filter((s) => s?.state === "counsellor_present").length;
      const queued = seen.flatMap((s) => (s?.state === "waiting" ? [s.position] : []));
      if (
        (present === expected && present + queued.length === arrived.length && inOrder(queued)) ||
        Date.now() > settleDeadline
      ) {
        break;
      }
      // Not faster: these reads land on the same busy Synapse as the bot's writes.
      await sleep(2000);
    }
    const settleSeconds = (Date.now() - settleStarted) / 1000;
    nightGoesOn = false;
    await Promise.all(team.map((c) => c.running));
    const botCpuSeconds = cpuSecondsOf(botPid) - botCpuBefore;
    const synapseProcesses = await synapseMeter.stop();
    const synapseCpuSeconds = synapseCpuSum(synapseProcesses);
    // Where the main process's CPU went (with workers, each process's own is in synapseProcesses).
    const synapseCpu = synapseProcesses.find((p) => p.name === "main")?.cpu ?? null;
    if (synapseCpu) console.log(formatCpuBreakdown(label, synapseCpu));
    const botPeakRssBytes = peakRssBytes(botPid);
    const journaled = journal.stop();
    const replay = replayDecisions(configFile, journaled);
    const offers = offerFigures([...journaled.records.values()]);

    // Judge by the bot's published statuses and by Synapse's own room state.
    const problems: string[] = [];
    let doubleAssignments = 0;
    const positions: number[] = [];
    let withCounsellor = 0;
    for (const { roomId } of arrived) {
      const status = statuses.get(roomId);
      if (status?.state === "waiting") positions.push(status.position);
      else if (status?.state === "counsellor_present") withCounsellor += 1;
      else problems.push(`a youth's status is ${JSON.stringify(status)}`);
    }
    if (!inOrder(positions)) {
      problems.push(
        `queue positions are not 1..${positions.length}, each once: ${[...positions].sort((a, b) => a - b).join(",")}`,
      );
    }
    const counsellorIds = new Set(stack.counsellors.map((c) => c.userId));
    const roomsOf = new Map<string, number>();
    let withCounsellorInSynapse = 0;
    await inBatches(arrived, 8, async ({ roomId }) => {
      const response = await fetch(
        `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`,
        { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
      );
      const { state } = (await response.json()) as {
        state: { type: string; state_key: string; content: { membership?: string } }[];
      };
      const members = state.filter(
        (e) =>
          e.type === "m.room.member" &&
          counsellorIds.has(e.state_key) &&
          (e.content.membership === "join" || e.content.membership === "invite"),
      );
      if (members.length > 1) {
        doubleAssignments += 1;
        problems.push(`${members.length} counsellors in one youth's room`);
      }
      if (members.length === 1) withCounsellorInSynapse += 1;
      for (const member of members) {
        roomsOf.set(member.state_key, (roomsOf.get(member.state_key) ?? 0) + 1);
      }
    });
    for (const [counsellorId, rooms] of roomsOf) {
      if (rooms > options.capacity) {
        doubleAssignments += 1;
        problems.push(`${counsellorId} holds ${rooms} conversations`);
      }
    }
    if (withCounsellorInSynapse !== withCounsellor) {
      problems.push(
        `${withCounsellor} youths see a counsellor, Synapse has one in ${withCounsellorInSynapse} rooms`,
      );
    }
    if (withCounsellor !== expected) {
      problems.push(`${withCounsellor} youths with a counsellor, ${expected} expected`);
    }
    const logText = readFileSync(logFile, "utf8");
    const errorLines = logText.split("\n").filter((l) => l.includes('"level":"error"'));
    const botErrorLogLines = errorLines.length;
    // What went wrong, by the bot's event name and error class (its logs hold no content).
    const botErrors = countLines(errorLines, ["event", "errorClass", "status"]);
    const botWarnings = countLines(
      logText.split("\n").filter((l) => l.includes('"level":"warn"')),
      ["event", "errorClass", "errorMessage"],
    );
    const joinFailures = team.reduce((sum, c) => sum + c.joinFailures, 0);
    if (joinFailures > 0) failures["counsellor join"] = joinFailures;
    return {
      label,
      youths: options.youths,
      counsellors: options.counsellors,
      capacity: options.capacity,
      arrivalSeconds: Number(arrivalSeconds.toFixed(1)),
      settleSeconds: Number(settleSeconds.toFixed(1)),
      botRuntime,
      admitted: arrived.length,
      withCounsellor,
      waiting: positions.length,
      problems,
      doubleAssignments,
      failedRequests: Object.values(failures).reduce((a, b) => a + b, 0),
      failures,
      arrival: spread(arrivalTimes),
      seesPlace: spread(seenTimes),
      steps: Object.fromEntries(Object.entries(steps).map(([step, at]) => [step, spread(at)])),
      firstStatuses,
      decision: {
        ...spread(replay.durations, 3),
        events: replay.durations.length,
        skipped: replay.skipped,
      },
      offers,
      botCpuSeconds: Number(botCpuSeconds.toFixed(2)),
      botPeakRssBytes,
      synapseCpuSeconds,
      synapseProcesses,
      synapseCpu,
      loadGenerator: {
        cpuSeconds: Number(((ownCpu.user + ownCpu.system) / 1e6).toFixed(2)),
        proofOfWorkSeconds: Number((proofOfWorkMs / 1000).toFixed(2)),
        statusSyncs,
        socketRetries: socketRetries.count - retriesBefore,
        conversationRetries: conversationRetries.count - conversationRetriesBefore,
        eventLoopDelayP99Ms: Number((loop.percentile(99) / 1e6).toFixed(1)),
      },
      botErrorLogLines,
      botErrors,
      botWarnings,
    };
  } finally {
    nightGoesOn = false;
    await Promise.all(team.map((c) => c.running.catch(() => {})));
    await stopAll();
  }
}

export function campaignNightRows(result: CampaignNight): Row[] {
  const errors = result.failedRequests + result.problems.length;
  const name = result.label;
  const doubles = result.doubleAssignments;
  const top = (result.synapseCpu?.top ?? [])
    .slice(0, 3)
    .map((e) => `${e.what} ${e.share} %`)
    .join("; ");
  return [
    {
      figure: `${name}: ${result.admitted}/${result.youths} youths in ${result.arrivalSeconds} s, ${result.counsellors} counsellors × ${result.capacity}`,
      value: `${result.withCounsellor} with a counsellor, ${result.waiting} queued 1..${result.waiting}`,
      target: "all admitted",
      met: result.admitted === result.youths && result.problems.length === 0,
    },
    {
      figure: `${name}: errors (failed requests + problems)`,
      // A retried request is not an error: her page asks again by itself and she never knows.
      value: `${result.failedRequests} + ${result.problems.length} (${result.loadGenerator.conversationRetries} conversation requests asked again after a 5xx, as her page does)`,
      target: "0",
      met: errors === 0,
    },
    {
      figure: `${name}: double assignments (a room with two counsellors, a counsellor over capacity)`,
      value: String(doubles),
      target: "0",
      met: doubles === 0,
    },
    {
      // Over the youths who saw it: a youth who never did is not in the spread, so the target is
      // met only when every youth saw her place.
      figure: `${name}: press → sees her place (position or counsellor), p95 (${result.seesPlace.n} of ${result.youths} saw it)`,
      value: `${ms(result.seesPlace.p95)} (p50 ${ms(result.seesPlace.p50)}, max ${ms(result.seesPlace.max)})${
        result.seesPlace.n < result.youths
          ? `; ${result.youths - result.seesPlace.n} never did`
          : ""
      }`,
      target: "≤ 2000 ms, every youth",
      met:
        result.seesPlace.n > 0
          ? result.seesPlace.n === result.youths && result.seesPlace.p95 <= 2000
          : null,
    },
    {
      // A counsellor paused by a missed offer is a seat lost for the rest of the night.
      figure: `${name}: offers run out; counsellors paused for it (of ${result.offers.offers} offers)`,
      value: `${result.offers.offersTimedOut}; ${result.offers.counsellorsPaused} (invites made after the decision: ${
        result.offers.inviteMadeAfter.n > 0
          ? `p50 ${ms(result.offers.inviteMadeAfter.p50)}, p95 ${ms(result.offers.inviteMadeAfter.p95)}, max ${ms(result.offers.inviteMadeAfter.max)}`
          : "not journaled"
      })`,
      target: "0",
      met: result.offers.offersTimedOut === 0,
    },
    {
      figure: `${name}: bot decision p95 (${result.decision.events} events replayed)`,
      value: `${result.decision.p95} ms (p50 ${result.decision.p50}, max ${result.decision.max})`,
      target: "≤ 50 ms",
      met: result.decision.n > 0 ? result.decision.p95 <= 50 : null,
    },
    {
      figure: `${name}: bot peak RSS`,
      value: MB(result.botPeakRssBytes),
      target: "≤ 250 MB",
      met: result.botPeakRssBytes <= 250 * 1024 * 1024,
    },
    {
      figure: `${name}: CPU time, Synapse / bot / load generator (proofs of work)`,
      value: `${result.synapseCpuSeconds} s / ${result.botCpuSeconds} s / ${result.loadGenerator.cpuSeconds} s (${result.loadGenerator.proofOfWorkSeconds} s)`,
      target: "",
      met: null,
    },
    {
      // With workers, the breakdown is the main process's (its own metrics), not the sum's.
      figure: `${name}: Synapse CPU, top (of ${result.synapseCpu?.totalCpuSeconds ?? result.synapseCpuSeconds} s${
        result.synapseProcesses.length > 1 ? ", main process" : ""
      })`,
      value: top || "metrics not read",
      target: "",
      met: null,
    },
  ];
}
