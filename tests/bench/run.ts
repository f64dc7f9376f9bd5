import "../support/node-polyfills.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { localDir } from "@helpline/scripts/paths";
import { ensureSynapseInstalled } from "@helpline/scripts/synapse/install";
import { launchChromium } from "../support/browser.ts";
import { startTestStack } from "../support/test-stack.ts";
import { campaignNightRows, measureCampaignNight } from "./campaign-night.ts";
import { roomPreparingPatienceMs } from "@helpline/web-client/session/matrix/botApi";
import { cleanupRows, measureCleanup } from "./cleanup.ts";
import { synapseProcessRows } from "./synapse-processes.ts";
import { quietBot, withoutPerClientLimits } from "./definitions.ts";
import { measureMessageLatency, messageLatencyRows } from "./message-latency.ts";
import { measurePageWeight, pageWeightRows } from "./page-weight.ts";
import { formatStartToType, measureStartToType, startToTypeRows } from "./start-to-type.ts";
import { withTimeout } from "./stats.ts";
import { formatTable, type Row } from "./table.ts";

/**
 * `npm run bench`: figures, not pass/fail. Each figure runs against its own real Synapse and bot
 * on this machine, within its own time budget; the whole run stops by itself within
 * BENCH_TIME_LIMIT_SECONDS, printing and writing whatever was measured by then. Its default, 2,700
 * (45 minutes), fits a full run: start to type, page weight, message latency and cleanup (~6 min
 * together at most) and two campaign nights of issue 19's size (2,000 youths in 10 minutes: each
 * ~12–16 min with its stack and its settling, budget arrivals + 8 min), one on a single Synapse
 * process, one on Synapse with workers.
 *
 * BENCH_RUNS (start to type, default 20), BENCH_MESSAGES (per latency series, default 20),
 * BENCH_YOUTHS / BENCH_ARRIVAL_SECONDS / BENCH_COUNSELLORS (campaign nights, default 2,000 in
 * 600 s with 20 counsellors of capacity 2),
 * BENCH_CLEANUP (conversations erased, default 20), BENCH_ONLY (comma-separated figure names:
 * start-to-type, page-weight, message-latency, cleanup, campaign-night, campaign-night-workers).
 *
 * campaign-night-workers is the same night on Synapse with workers as docs/scaling.md ships them
 * (synapse/workers/: main process, event persister, sync worker, Redis, Caddy's client routes;
 * always PostgreSQL), with Synapse's CPU as the sum of its processes and each one's own.
 */

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const startedAt = Date.now();
const limitMs = env("BENCH_TIME_LIMIT_SECONDS", 2700) * 1000;
const deadline = startedAt + limitMs;
const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
const wanted = (name: string) => only === undefined || only.includes(name);

const rows: Row[] = [];
const results: Record<string, unknown> = {};
const notes: string[] = [];
const stoppers = new Set<() => Promise<void>>();
const loads: { when: string; load: number[] }[] = [];
const sampleLoad = (when: string) =>
  loads.push({ when, load: os.loadavg().map((l) => Number(l.toFixed(2))) });

function machine() {
  const cpu = os.cpus()[0]?.model ?? "?";
  return {
    nproc: os.availableParallelism(),
    cpu,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    kernel: os.release(),
  };
}

function report(interrupted: boolean) {
  sampleLoad("end");
  const out = path.join(localDir, "bench");
  mkdirSync(out, { recursive: true });
  const file = path.join(out, "results.json");
  const json = {
    date: new Date(startedAt).toISOString(),
    seconds: Math.round((Date.now() - startedAt) / 1000),
    interrupted,
    database: process.env.HELPLINE_TEST_DATABASE ?? "sqlite",
    machine: machine(),
    loadAverages: loads,
    ...results,
    table: rows,
    notes,
  };
  writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
  console.log(`\n${formatTable(rows)}`);
  for (const note of notes) console.log(`note: ${note}`);
  console.log(
    `\nload averages (1, 5, 15 min): ${loads.map((l) => `${l.when} ${l.load.join(" ")}`).join("; ")}`,
  );
  console.log(`JSON: ${path.relative(process.cwd(), file)} (${json.seconds} s in all)`);
}

// The overall guard: whatever still runs is abandoned, stacks are stopped, figures so far kept.
const guard = setTimeout(() => {
  notes.push(`stopped by the overall time guard after ${limitMs / 1000} s`);
  void Promise.allSettled([...stoppers].map((stop) => withTimeout(stop(), 15_000, "a stop"))).then(
    () => {
      report(true);
      process.exit(2);
    },
  );
}, limitMs);

/** Runs one figure within its budget (and the overall deadline); a failure is noted, not fatal. */
async function figure(
  name: string,
  budgetMs: number,
  run: (until: number, onStack: (stop: () => Promise<void>) => void) => Promise<void>,
) {
  if (!wanted(name)) return;
  const budget = Math.min(budgetMs, deadline - Date.now() - 20_000);
  if (budget < 15_000) {
    notes.push(`${name}: not run, no time left`);
    rows.push({ figure: name, value: "not run (time)", target: "", met: null });
    return;
  }
  const mine = new Set<() => Promise<void>>();
  const onStack = (stop: () => Promise<void>) => {
    mine.add(stop);
    stoppers.add(stop);
  };
  sampleLoad(`before ${name}`);
  const began = Date.now();
  console.log(`\n== ${name} (budget ${Math.round(budget / 1000)} s)`);
  try {
    // The figure's own loops stop a little before its budget; the timeout is the backstop.
    await withTimeout(run(Date.now() + budget - 15_000, onStack), budget, name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    notes.push(`${name}: ${message}`);
    rows.push({ figure: name, value: `failed: ${message.slice(0, 80)}`, target: "", met: null });
    // Its stacks may still run: stop them (a stop twice is harmless).
    await Promise.allSettled([...mine].map((stop) => withTimeout(stop(), 15_000, "a stop")));
  } finally {
    for (const stop of mine) stoppers.delete(stop);
    console.log(`   ${name}: ${Math.round((Date.now() - began) / 1000)} s`);
  }
}

// On a fresh clone, Synapse is installed first (a couple of minutes, once), not inside a figure.
await withTimeout(
  ensureSynapseInstalled((line) => console.log(`  ${line}`)),
  deadline - Date.now() - 60_000,
  "installing Synapse",
);
const browser = await launchChromium();
try {
  if (wanted("start-to-type") || wanted("page-weight")) {
    // Figures 1 and 4 share a stack: the default one, as `npm start` runs it. Named after the
    // one wanted, since `figure` skips a figure BENCH_ONLY leaves out.
    const shared = wanted("start-to-type") ? "start-to-type" : "page-weight";
    await figure(shared, 170_000, async (until, onStack) => {
      const stack = await startTestStack({ botOptions: quietBot });
      onStack(() => stack.stop());
      await withoutPerClientLimits(stack);
      try {
        if (wanted("page-weight")) {
          const weight = await measurePageWeight(stack, browser);
          results.pageWeight = weight;
          rows.push(...pageWeightRows(weight));
          console.log(JSON.stringify(weight, null, 2));
        }
        if (wanted("start-to-type")) {
          const measured = await measureStartToType(stack, browser, {
            runs: env("BENCH_RUNS", 20),
            until,
          });
          results.startToType = measured;
          rows.unshift(...startToTypeRows(measured));
          console.log(formatStartToType(measured));
        }
      } finally {
        await stack.stop();
      }
    });
  }

  await figure("message-latency", 120_000, async (until, onStack) => {
    const measured = await measureMessageLatency(browser, {
      messages: env("BENCH_MESSAGES", 20),
      until,
      onStack,
    });
    results.messageLatency = measured;
    rows.push(...messageLatencyRows(measured));
    console.log(JSON.stringify(measured, null, 2));
  });

  await figure("cleanup", 90_000, async (_until, onStack) => {
    const measured = await measureCleanup({ conversations: env("BENCH_CLEANUP", 20), onStack });
    results.cleanup = measured;
    rows.push(...cleanupRows(measured));
    console.log(JSON.stringify(measured, null, 2));
  });

  // The same night twice: on one Synapse process, then on Synapse with workers and Redis
  // (docs/scaling.md), started by the stack. Its budget follows its arrival window: the stack and
  // the counsellors (~1 min), the arrivals, her page's patience for the last of them (a youth
  // whose room is still being made keeps asking for up to 3 min, as her page does: the night
  // timed out at arrivals + 5 min once it did, stop 31), then up to 2 min for the statuses to
  // settle and judging.
  const arrivalSeconds = env("BENCH_ARRIVAL_SECONDS", 600);
  const nights = [
    { name: "campaign-night", label: "campaign night", workers: false },
    { name: "campaign-night-workers", label: "campaign night, workers", workers: true },
  ] as const;
  for (const night of nights) {
    const budgetMs = (arrivalSeconds + 300) * 1000 + roomPreparingPatienceMs;
    await figure(night.name, budgetMs, async (until, onStack) => {
      const measured = await measureCampaignNight({
        label: night.label,
        youths: env("BENCH_YOUTHS", 2000),
        counsellors: env("BENCH_COUNSELLORS", 20),
        capacity: 2,
        arrivalSeconds,
        until,
        onStack,
        ...(night.workers ? { stack: { workers: true } } : {}),
      });
      results[night.workers ? "campaignNightWorkers" : "campaignNight"] = measured;
      rows.push(...campaignNightRows(measured));
      // Each process apart, when there is more than one.
      if (night.workers) rows.push(...synapseProcessRows(night.label, measured.synapseProcesses));
      console.log(JSON.stringify(measured, null, 2));
    });
  }
} finally {
  await browser.close().catch(() => {});
}
clearTimeout(guard);
report(false);
