import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runtimeExposition, RuntimeSampler } from "./runtime-metrics.ts";
import { runtimeSample } from "./testing/runtime-sample.ts";

const sample = runtimeSample;

/** prom-client's default metric names (those this file exposes), with their types. */
const promClientNames: [string, "counter" | "gauge"][] = [
  ["process_cpu_user_seconds_total", "counter"],
  ["process_cpu_system_seconds_total", "counter"],
  ["process_cpu_seconds_total", "counter"],
  ["process_start_time_seconds", "gauge"],
  ["process_resident_memory_bytes", "gauge"],
  ["process_virtual_memory_bytes", "gauge"],
  ["process_heap_bytes", "gauge"],
  ["process_open_fds", "gauge"],
  ["process_max_fds", "gauge"],
  ["nodejs_eventloop_lag_seconds", "gauge"],
  ["nodejs_eventloop_lag_min_seconds", "gauge"],
  ["nodejs_eventloop_lag_max_seconds", "gauge"],
  ["nodejs_eventloop_lag_mean_seconds", "gauge"],
  ["nodejs_eventloop_lag_stddev_seconds", "gauge"],
  ["nodejs_eventloop_lag_p50_seconds", "gauge"],
  ["nodejs_eventloop_lag_p90_seconds", "gauge"],
  ["nodejs_eventloop_lag_p99_seconds", "gauge"],
  ["nodejs_heap_size_total_bytes", "gauge"],
  ["nodejs_heap_size_used_bytes", "gauge"],
  ["nodejs_external_memory_bytes", "gauge"],
  ["nodejs_heap_space_size_total_bytes", "gauge"],
  ["nodejs_heap_space_size_used_bytes", "gauge"],
  ["nodejs_heap_space_size_available_bytes", "gauge"],
  ["nodejs_version_info", "gauge"],
];

function value(lines: string[], series: string): string | undefined {
  return lines.find((line) => line.startsWith(`${series} `))?.slice(series.length + 1);
}

describe("the runtime's metrics", () => {
  it("should carry prom-client's names and types, each with help", () => {
    const lines = runtimeExposition(sample);
    for (const [name, type] of promClientNames) {
      expect(lines, name).toContain(`# TYPE ${name} ${type}`);
      expect(
        lines.some((line) => line.startsWith(`# HELP ${name} `)),
        name,
      ).toBe(true);
    }
    const types = lines.filter((line) => line.startsWith("# TYPE ")).map((l) => l.split(" ")[2]);
    expect(types.sort()).toEqual(promClientNames.map(([name]) => name).sort());
  });

  it("should put each figure under its own name, in seconds and bytes", () => {
    const lines = runtimeExposition(sample);
    expect(value(lines, "process_cpu_user_seconds_total")).toBe("1.25");
    expect(value(lines, "process_cpu_system_seconds_total")).toBe("0.5");
    expect(value(lines, "process_cpu_seconds_total")).toBe("1.75");
    expect(value(lines, "process_start_time_seconds")).toBe("1800000000");
    expect(value(lines, "process_resident_memory_bytes")).toBe("1000");
    expect(value(lines, "process_virtual_memory_bytes")).toBe("4000");
    expect(value(lines, "process_heap_bytes")).toBe("3000");
    expect(value(lines, "process_open_fds")).toBe("20");
    expect(value(lines, "process_max_fds")).toBe("1024");
    expect(value(lines, "nodejs_eventloop_lag_seconds")).toBe("0.002");
    expect(value(lines, "nodejs_eventloop_lag_min_seconds")).toBe("0.01");
    expect(value(lines, "nodejs_eventloop_lag_max_seconds")).toBe("0.05");
    expect(value(lines, "nodejs_eventloop_lag_mean_seconds")).toBe("0.011");
    expect(value(lines, "nodejs_eventloop_lag_stddev_seconds")).toBe("0.001");
    expect(value(lines, "nodejs_eventloop_lag_p50_seconds")).toBe("0.0101");
    expect(value(lines, "nodejs_eventloop_lag_p90_seconds")).toBe("0.012");
    expect(value(lines, "nodejs_eventloop_lag_p99_seconds")).toBe("0.04");
    expect(value(lines, "nodejs_heap_size_total_bytes")).toBe("800");
    expect(value(lines, "nodejs_heap_size_used_bytes")).toBe("500");
    expect(value(lines, "nodejs_external_memory_bytes")).toBe("100");
    expect(value(lines, 'nodejs_heap_space_size_total_bytes{space="old"}')).toBe("20");
    expect(value(lines, 'nodejs_heap_space_size_used_bytes{space="new"}')).toBe("5");
    expect(value(lines, 'nodejs_heap_space_size_available_bytes{space="old"}')).toBe("3");
    expect(
      value(lines, 'nodejs_version_info{version="v22.12.3",major="22",minor="12",patch="3"}'),
    ).toBe("1");
  });

  it("should leave out what the platform does not tell", () => {
    const lines = runtimeExposition({
      ...sample,
      virtualMemoryBytes: null,
      processHeapBytes: null,
      openFds: null,
      maxFds: null,
    });
    const text = lines.join("\n");
    for (const name of ["process_virtual_memory_bytes", "process_heap_bytes", "process_open_fds"]) {
      expect(text).not.toContain(name);
    }
    expect(text).not.toContain("process_max_fds");
    expect(value(lines, "process_resident_memory_bytes")).toBe("1000");
  });
});

describe("RuntimeSampler", () => {
  it.runIf(process.platform === "linux")("should read this process's figures", async () => {
    const startedAtMs = Date.now() - process.uptime() * 1000;
    const sampler = new RuntimeSampler(startedAtMs);
    try {
      const now = await sampler.sample();
      const cpu = process.cpuUsage();
      expect(now.cpuUserSeconds).toBeGreaterThan(0);
      expect(now.cpuUserSeconds).toBeLessThanOrEqual(cpu.user / 1e6);
      // Whole seconds, as Prometheus clients publish it: rounding may put a young process's start
      // up to half a second after the real one (and so after "now"; CI once saw it), never more.
      expect(Math.abs(now.startTimeSeconds - startedAtMs / 1000)).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(now.startTimeSeconds)).toBe(true);
      expect(now.residentMemoryBytes).toBeGreaterThan(1_000_000);
      expect(now.virtualMemoryBytes).toBeGreaterThanOrEqual(now.residentMemoryBytes);
      expect(now.openFds).toBeGreaterThan(2);
      expect(now.maxFds).toBeGreaterThanOrEqual(now.openFds ?? Infinity);
      expect(now.heapUsedBytes).toBeGreaterThan(0);
      expect(now.heapSpaces.map((space) => space.space)).toContain("old");
      expect(now.nodeVersion).toBe(process.versions.node);
    } finally {
      sampler.stop();
    }
  });

  it("should see a blocked event loop, then start afresh after each sample", async () => {
    const sampler = new RuntimeSampler(0);
    try {
      await sleep(30);
      const until = performance.now() + 250;
      while (performance.now() < until) {
        // Busy: the event loop cannot turn.
      }
      await sleep(30);
      const blocked = await sampler.sample();
      expect(blocked.eventLoopDelay.max).toBeGreaterThanOrEqual(0.2);
      expect(blocked.eventLoopDelay.p50).toBeGreaterThan(0);
      await sleep(30);
      const after = await sampler.sample();
      expect(after.eventLoopDelay.max).toBeLessThan(0.2);
    } finally {
      sampler.stop();
    }
  });
});
