import type { PermanenceState } from "../permanence/types.ts";
import type { OperationsFact } from "./facts.ts";

// Prometheus metrics, in the text exposition format (version 0.0.4), written by hand: a few
// counters, gauges and histograms do not need a library. No metric has a label that could name
// anyone: the only labels are an end reason and histogram bucket bounds.

/** Bucket upper bounds in seconds: waits are minutes, conversations up to a couple of hours. */
export const waitBuckets = [10, 30, 60, 120, 300, 600, 900, 1800, 3600];
export const durationBuckets = [60, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: number[]) {
    this.counts = bounds.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.bounds.forEach((bound, index) => {
      if (value <= bound) this.counts[index] = (this.counts[index] ?? 0) + 1;
    });
  }
}

export interface ProcessSample {
  residentMemoryBytes: number;
  heapUsedBytes: number;
  cpuSeconds: number;
  startTimeSeconds: number;
}

export function sampleProcess(startedAtMs: number): ProcessSample {
  const usage = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    residentMemoryBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    cpuSeconds: (usage.user + usage.system) / 1e6,
    startTimeSeconds: Math.floor(startedAtMs / 1000),
  };
}

const prefix = "helpline";

export class Metrics {
  #started = 0;
  readonly #ended = new Map<string, number>();
  #abandoned = 0;
  #offersTimedOut = 0;
  #handovers = 0;
  #closedVisits = 0;
  readonly #wait = new Histogram(waitBuckets);
  readonly #duration = new Histogram(durationBuckets);

  record(fact: OperationsFact): void {
    switch (fact.kind) {
      case "conversation_started":
        this.#started += 1;
        return;
      case "picked_up":
        this.#wait.observe(fact.waitMs / 1000);
        return;
      case "conversation_ended":
        this.#ended.set(fact.reason, (this.#ended.get(fact.reason) ?? 0) + 1);
        if (fact.abandoned) this.#abandoned += 1;
        if (fact.durationMs !== null) this.#duration.observe(fact.durationMs / 1000);
        return;
      case "offer_timed_out":
        this.#offersTimedOut += 1;
        return;
      case "handover":
        this.#handovers += 1;
        return;
    }
  }

  /** The public page was shown while the helpline admitted nobody. */
  recordClosedVisit(): void {
    this.#closedVisits += 1;
  }

  /** The whole exposition, with gauges read from the permanence's state now. */
  render(state: PermanenceState, processSample: ProcessSample): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: string[]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    };
    const counter = (name: string, help: string, value: number) =>
      metric(`${prefix}_${name}`, "counter", help, [`${prefix}_${name} ${value}`]);
    const gauge = (name: string, help: string, value: number) =>
      metric(`${prefix}_${name}`, "gauge", help, [`${prefix}_${name} ${value}`]);
    const histogram = (name: string, help: string, h: Histogram) => {
      const full = `${prefix}_${name}`;
      metric(full, "histogram", help, [
        ...h.bounds.map((bound, index) => `${full}_bucket{le="${bound}"} ${h.counts[index] ?? 0}`),
        `${full}_bucket{le="+Inf"} ${h.count}`,
        `${full}_sum ${h.sum}`,
        `${full}_count ${h.count}`,
      ]);
    };

    counter(
      "conversations_started_total",
      "Youths who entered the queue since the bot started.",
      this.#started,
    );
    const reasons = [...this.#ended.entries()].sort(([a], [b]) => a.localeCompare(b));
    metric(
      `${prefix}_conversations_ended_total`,
      "counter",
      "Conversations that ended since the bot started, by why they ended.",
      reasons.length === 0
        ? [`${prefix}_conversations_ended_total 0`]
        : reasons.map(
            ([reason, n]) => `${prefix}_conversations_ended_total{reason="${reason}"} ${n}`,
          ),
    );
    counter(
      "conversations_abandoned_total",
      "Youths who left the queue before a counsellor joined.",
      this.#abandoned,
    );
    counter(
      "offers_timed_out_total",
      "Offers a counsellor did not answer in time (the youth went to the next).",
      this.#offersTimedOut,
    );
    counter(
      "handovers_total",
      "Conversations handed from one counsellor to another.",
      this.#handovers,
    );
    counter(
      "closed_visits_total",
      "Times the youth's page asked for the status while the helpline admitted nobody.",
      this.#closedVisits,
    );
    histogram(
      "wait_seconds",
      "How long youths waited in the queue before a counsellor joined.",
      this.#wait,
    );
    histogram(
      "conversation_duration_seconds",
      "How long conversations lasted, from pickup to end.",
      this.#duration,
    );
    const conversations = Object.values(state.conversations);
    gauge("queue_length", "Youths waiting for a counsellor now.", state.queue.length);
    gauge(
      "conversations_active",
      "Conversations with a counsellor now.",
      conversations.filter((c) => c.phase.kind === "active").length,
    );
    const counsellors = Object.values(state.counsellors);
    metric(
      `${prefix}_counsellors`,
      "gauge",
      "Counsellors now, by availability.",
      (["on_duty", "paused", "off_duty"] as const).map(
        (availability) =>
          `${prefix}_counsellors{availability="${availability}"} ${counsellors.filter((c) => c.availability === availability).length}`,
      ),
    );
    metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", [
      `process_resident_memory_bytes ${processSample.residentMemoryBytes}`,
    ]);
    metric("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", [
      `process_cpu_seconds_total ${processSample.cpuSeconds}`,
    ]);
    metric("process_start_time_seconds", "gauge", "Start time of the process in Unix seconds.", [
      `process_start_time_seconds ${processSample.startTimeSeconds}`,
    ]);
    metric("nodejs_heap_used_bytes", "gauge", "V8 heap in use, in bytes.", [
      `nodejs_heap_used_bytes ${processSample.heapUsedBytes}`,
    ]);
    return lines.join("\n") + "\n";
  }
}
