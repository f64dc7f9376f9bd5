import type { RuntimeSample } from "../runtime-metrics.ts";

/** A runtime sample with a figure in every field, for the tests of /metrics. */
export const runtimeSample: RuntimeSample = {
  cpuUserSeconds: 1.25,
  cpuSystemSeconds: 0.5,
  startTimeSeconds: 1_800_000_000,
  residentMemoryBytes: 1000,
  virtualMemoryBytes: 4000,
  processHeapBytes: 3000,
  openFds: 20,
  maxFds: 1024,
  heapTotalBytes: 800,
  heapUsedBytes: 500,
  externalMemoryBytes: 100,
  heapSpaces: [
    { space: "new", sizeBytes: 10, usedBytes: 5, availableBytes: 4 },
    { space: "old", sizeBytes: 20, usedBytes: 15, availableBytes: 3 },
  ],
  eventLoopLagSeconds: 0.002,
  eventLoopDelay: {
    min: 0.01,
    max: 0.05,
    mean: 0.011,
    stddev: 0.001,
    p50: 0.0101,
    p90: 0.012,
    p99: 0.04,
  },
  nodeVersion: "22.12.3",
};
