import { readdirSync, readFileSync } from "node:fs";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import v8 from "node:v8";

// The process and Node.js runtime metrics every Node service exposes, under the names and with the
// meanings of prom-client's default metrics (`collectDefaultMetrics`), so that dashboards and
// alerts written for any Node service work on the bot unchanged. Written by hand rather than with
// prom-client: the rest of the exposition is hand-written too (metrics.ts), the bot keeps its
// dependencies few (each one is code running next to the youths' conversations), and these are a
// dozen reads of process, v8 and /proc. Left out: prom-client's GC histogram (it needs a
// PerformanceObserver running all the time) and its per-type libuv handle counts (they rely on a
// private Node API).

/** What the runtime looks like now; the figures Linux alone gives are null elsewhere. */
export interface RuntimeSample {
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  startTimeSeconds: number;
  residentMemoryBytes: number;
  virtualMemoryBytes: number | null;
  /** Data segment size, prom-client's `process_heap_bytes`. */
  processHeapBytes: number | null;
  openFds: number | null;
  maxFds: number | null;
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalMemoryBytes: number;
  heapSpaces: { space: string; sizeBytes: number; usedBytes: number; availableBytes: number }[];
  /** How late a callback queued now ran (setImmediate), at the scrape. */
  eventLoopLagSeconds: number;
  /** Event-loop delays recorded since the previous scrape (perf_hooks.monitorEventLoopDelay). */
  eventLoopDelay: EventLoopDelay;
  nodeVersion: string;
}

export interface EventLoopDelay {
  min: number;
  max: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * Samples the process when asked. Its event-loop delay histogram runs from construction until
 * `stop()`; each sample reads it and starts it afresh, as prom-client does, so the percentiles
 * cover the time between two scrapes.
 */
export class RuntimeSampler {
  readonly #delays: IntervalHistogram;

  constructor(readonly startedAtMs: number) {
    // prom-client's resolution: a timer every 10 ms, so a recorded delay is at least about 10 ms.
    this.#delays = monitorEventLoopDelay({ resolution: 10 });
    this.#delays.enable();
  }

  async sample(): Promise<RuntimeSample> {
    const eventLoopLagSeconds = await measureEventLoopLag();
    const usage = process.cpuUsage();
    const memory = process.memoryUsage();
    const status = linuxProcessStatus();
    const sample: RuntimeSample = {
      cpuUserSeconds: usage.user / 1e6,
      cpuSystemSeconds: usage.system / 1e6,
      startTimeSeconds: Math.round(this.startedAtMs / 1000),
      residentMemoryBytes: memory.rss,
      virtualMemoryBytes: status?.virtualMemoryBytes ?? null,
      processHeapBytes: status?.dataBytes ?? null,
      openFds: linuxOpenFds(),
      maxFds: linuxMaxFds(),
      heapTotalBytes: memory.heapTotal,
      heapUsedBytes: memory.heapUsed,
      externalMemoryBytes: memory.external,
      heapSpaces: v8.getHeapSpaceStatistics().map((space) => ({
        // "new_space" → "new", as prom-client labels them.
        space: space.space_name.replace(/_space$/, ""),
        sizeBytes: space.space_size,
        usedBytes: space.space_used_size,
        availableBytes: space.space_available_size,
      })),
      eventLoopLagSeconds,
      eventLoopDelay: readDelays(this.#delays),
      nodeVersion: process.versions.node,
    };
    this.#delays.reset();
    return sample;
  }

  stop(): void {
    this.#delays.disable();
  }
}

function measureEventLoopLag(): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    setImmediate(() => resolve(Number(process.hrtime.bigint() - start) / 1e9));
  });
}

/** In seconds; all zero before the histogram recorded anything (it then holds sentinels). */
function readDelays(histogram: IntervalHistogram): EventLoopDelay {
  if (histogram.count === 0) {
    return { min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0 };
  }
  const seconds = (nanoseconds: number) => nanoseconds / 1e9;
  return {
    min: seconds(histogram.min),
    max: seconds(histogram.max),
    mean: seconds(histogram.mean),
    stddev: seconds(histogram.stddev),
    p50: seconds(histogram.percentile(50)),
    p90: seconds(histogram.percentile(90)),
    p99: seconds(histogram.percentile(99)),
  };
}

function linuxProcessStatus(): { virtualMemoryBytes: number; dataBytes: number } | null {
  let text: string;
  try {
    text = readFileSync("/proc/self/status", "utf8");
  } catch {
    return null;
  }
  const kilobytes = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(text);
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  };
  const virtualMemoryBytes = kilobytes("VmSize");
  const dataBytes = kilobytes("VmData");
  return virtualMemoryBytes === null || dataBytes === null
    ? null
    : { virtualMemoryBytes, dataBytes };
}

function linuxOpenFds(): number | null {
  try {
    // Less the descriptor readdir itself holds open while it reads the folder.
    return readdirSync("/proc/self/fd").length - 1;
  } catch {
    return null;
  }
}

function linuxMaxFds(): number | null {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? null : Number(soft);
  } catch {
    return null;
  }
}

/** The sample as exposition lines (HELP, TYPE, samples), prom-client's names and help texts. */
export function runtimeExposition(sample: RuntimeSample): string[] {
  const lines: string[] = [];
  const metric = (name: string, type: "gauge" | "counter", help: string, samples: string[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
  };
  const single = (
    name: string,
    type: "gauge" | "counter",
    help: string,
    value: number | null,
  ): void => {
    if (value !== null) metric(name, type, help, [`${name} ${value}`]);
  };

  single(
    "process_cpu_user_seconds_total",
    "counter",
    "Total user CPU time spent in seconds.",
    sample.cpuUserSeconds,
  );
  single(
    "process_cpu_system_seconds_total",
    "counter",
    "Total system CPU time spent in seconds.",
    sample.cpuSystemSeconds,
  );
  single(
    "process_cpu_seconds_total",
    "counter",
    "Total user and system CPU time spent in seconds.",
    sample.cpuUserSeconds + sample.cpuSystemSeconds,
  );
  single(
    "process_start_time_seconds",
    "gauge",
    "Start time of the process since unix epoch in seconds.",
    sample.startTimeSeconds,
  );
  single(
    "process_resident_memory_bytes",
    "gauge",
    "Resident memory size in bytes.",
    sample.residentMemoryBytes,
  );
  single(
    "process_virtual_memory_bytes",
    "gauge",
    "Virtual memory size in bytes.",
    sample.virtualMemoryBytes,
  );
  single("process_heap_bytes", "gauge", "Process heap size in bytes.", sample.processHeapBytes);
  single("process_open_fds", "gauge", "Number of open file descriptors.", sample.openFds);
  single("process_max_fds", "gauge", "Maximum number of open file descriptors.", sample.maxFds);

  single(
    "nodejs_eventloop_lag_seconds",
    "gauge",
    "Lag of event loop in seconds.",
    sample.eventLoopLagSeconds,
  );
  const delay = sample.eventLoopDelay;
  const delays: [keyof EventLoopDelay, string][] = [
    ["min", "The minimum recorded event loop delay."],
    ["max", "The maximum recorded event loop delay."],
    ["mean", "The mean of the recorded event loop delays."],
    ["stddev", "The standard deviation of the recorded event loop delays."],
    ["p50", "The 50th percentile of the recorded event loop delays."],
    ["p90", "The 90th percentile of the recorded event loop delays."],
    ["p99", "The 99th percentile of the recorded event loop delays."],
  ];
  for (const [key, help] of delays) {
    single(`nodejs_eventloop_lag_${key}_seconds`, "gauge", help, delay[key]);
  }

  single(
    "nodejs_heap_size_total_bytes",
    "gauge",
    "Process heap size from Node.js in bytes.",
    sample.heapTotalBytes,
  );
  single(
    "nodejs_heap_size_used_bytes",
    "gauge",
    "Process heap size used from Node.js in bytes.",
    sample.heapUsedBytes,
  );
  single(
    "nodejs_external_memory_bytes",
    "gauge",
    "Node.js external memory size in bytes.",
    sample.externalMemoryBytes,
  );
  const spaces = [
    ["total", "sizeBytes"],
    ["used", "usedBytes"],
    ["available", "availableBytes"],
  ] as const;
  for (const [name, field] of spaces) {
    const full = `nodejs_heap_space_size_${name}_bytes`;
    metric(
      full,
      "gauge",
      `Process heap space size ${name} from Node.js in bytes.`,
      sample.heapSpaces.map((space) => `${full}{space="${space.space}"} ${space[field]}`),
    );
  }

  const [major, minor, patch] = sample.nodeVersion.split(".");
  metric("nodejs_version_info", "gauge", "Node.js version info.", [
    `nodejs_version_info{version="v${sample.nodeVersion}",major="${major}",minor="${minor}",patch="${patch}"} 1`,
  ]);
  return lines;
}
