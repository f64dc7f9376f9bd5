import { readFileSync } from "node:fs";
import {
  metricSum,
  requestsReceived,
  scrapeSynapse,
  type Scrape,
} from "../support/synapse-metrics.ts";
import type { TestStack } from "../support/test-stack.ts";
import type { Row } from "./table.ts";
import { MB } from "./table.ts";
import { cpuBreakdown, type SynapseCpuBreakdown } from "./synapse-metrics.ts";

// Synapse's processes during a campaign night: one (the main process) on the default stack; with
// workers (startTestStack({ workers: true })) the main process, each worker, and beside them the
// Redis and the Caddy they need. Each one's CPU time and peak memory come from /proc, and each
// Synapse process's client requests from its own metrics, so that the night shows what the
// workers take off the main process.

type StackProcess = ReturnType<NonNullable<TestStack["synapseWorkers"]>["processes"]>[number];

const clockTick = 100; // getconf CLK_TCK on Linux

export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime); the slice starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / clockTick;
}

export function peakRssBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

export interface ProcessFigures {
  /** "main", a worker's name (synapse-sync1), "redis" or "router". */
  name: string;
  role: StackProcess["role"];
  cpuSeconds: number;
  peakRssBytes: number;
  /** Client and replication requests it received during the night (Synapse's processes only). */
  requests: number | null;
  /** Where the process's CPU went, from its own metrics (Synapse's processes only). */
  cpu: SynapseCpuBreakdown | null;
}

function processesOf(stack: TestStack): StackProcess[] {
  return (
    stack.synapseWorkers?.processes() ?? [{ name: "main", role: "synapse", pid: stack.synapse.pid }]
  );
}

async function scrapeOf(stack: TestStack, p: StackProcess): Promise<Scrape | null> {
  if (p.role !== "synapse") return null;
  const url =
    stack.synapseWorkers?.metricsUrls[p.name] ??
    (p.name === "main" ? stack.rendered.metricsUrl : undefined);
  if (url === undefined) return null;
  return scrapeSynapse(url).catch(() => null);
}

/** Starts counting; `stop()` gives each process's figures since, Synapse's first. */
export async function meterSynapseProcesses(stack: TestStack) {
  const processes = processesOf(stack);
  const before = await Promise.all(
    processes.map(async (p) => ({ cpu: cpuSecondsOf(p.pid), scrape: await scrapeOf(stack, p) })),
  );
  return {
    async stop(): Promise<ProcessFigures[]> {
      return Promise.all(
        processes.map(async (p, index): Promise<ProcessFigures> => {
          const start = before[index];
          const cpuSeconds = Number((cpuSecondsOf(p.pid) - (start?.cpu ?? 0)).toFixed(2));
          const after = await scrapeOf(stack, p);
          const was = start?.scrape;
          const both = after && was ? { was, after } : null;
          return {
            name: p.name,
            role: p.role,
            cpuSeconds,
            peakRssBytes: peakRssBytes(p.pid),
            requests: both
              ? metricSum(both.after, requestsReceived) - metricSum(both.was, requestsReceived)
              : null,
            cpu: both ? cpuBreakdown(both.was, both.after, cpuSeconds) : null,
          };
        }),
      );
    },
  };
}

/** Synapse's CPU time for the night: all its processes together (main + workers). */
export function synapseCpuSum(processes: readonly ProcessFigures[]): number {
  const sum = processes
    .filter((p) => p.role === "synapse")
    .reduce((total, p) => total + p.cpuSeconds, 0);
  return Number(sum.toFixed(2));
}

/** A row for Synapse's sum, then one per process (only when there is more than one). */
export function synapseProcessRows(label: string, processes: readonly ProcessFigures[]): Row[] {
  const synapse = processes.filter((p) => p.role === "synapse");
  if (synapse.length <= 1) return [];
  const sum = synapseCpuSum(processes);
  return [
    {
      figure: `${label}: Synapse CPU time, all ${synapse.length} processes (the night)`,
      value: `${sum} s`,
      target: "",
      met: null,
    },
    ...processes.map((p) => {
      const share =
        p.role === "synapse" && sum > 0 ? `, ${Math.round((100 * p.cpuSeconds) / sum)} %` : "";
      const requests = p.requests === null ? "" : `, ${p.requests} requests`;
      // The three largest, then what Synapse attributed to nothing (the breakdown's last entry).
      const entries = p.cpu?.top ?? [];
      const where =
        entries.length === 0
          ? ""
          : `; ${[...entries.slice(0, 3), ...entries.slice(-1)]
              .map((entry) => `${entry.what} ${entry.cpuSeconds} s`)
              .join(", ")}`;
      return {
        figure: `${label}: ${p.role === "synapse" ? `Synapse ${p.name}` : p.name} CPU time, peak RSS`,
        value: `${p.cpuSeconds} s${share}, ${MB(p.peakRssBytes)}${requests}${where}`,
        target: "",
        met: null,
      };
    }),
  ];
}
