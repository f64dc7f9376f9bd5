import type { PermanenceState, ScheduleSnapshot } from "../permanence/types.ts";
import type { OperationsFact } from "./facts.ts";
import type { Readiness, ReadinessCheck } from "./readiness.ts";
import { runtimeExposition, type RuntimeSample } from "./runtime-metrics.ts";

// Prometheus metrics, in the text exposition format (version 0.0.4), written by hand: a few
// counters, gauges and histograms do not need a library (runtime-metrics.ts says why the process
// metrics are hand-written too). No metric has a label that could name anyone: the only labels are
// the helpline's id (a bot running several), an end reason, an availability, a readiness check's name, a rate limit's bucket, why a proof of
// work was refused, histogram bucket bounds, and the runtime's heap spaces and Node version.

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

/** What abuse protection refused since the start (api/abuse/protection.ts): counts only. */
export interface RefusalCounts {
  /** By rate limit bucket's name. */
  rateLimited: Readonly<Record<string, number>>;
  /** By why the proof of work was refused. */
  proofOfWork: Readonly<Record<string, number>>;
  barred: number;
}

/** The filesystem holding the bot's state folder (fs.statfs). */
export interface DiskSample {
  /** What the bot may still write (blocks available to unprivileged users). */
  availableBytes: number;
  sizeBytes: number;
}

/** What one helpline's series read at a scrape, besides what `record` counted. */
export interface HelplineMetricsInputs {
  state: PermanenceState;
  /** The opening hours now. */
  schedule: Pick<ScheduleSnapshot, "open" | "admitting">;
}

/** What the deployment's own series read at a scrape: one bot, one state disk, one runtime. */
export interface DeploymentMetricsInputs {
  readiness: Readiness;
  refusals: RefusalCounts;
  /** Null when the state folder's filesystem could not be read: the gauges are then left out. */
  disk: DiskSample | null;
  runtime: RuntimeSample;
}

/** Everything a single helpline's exposition reads at a scrape, besides what `record` counted. */
export type MetricsInputs = HelplineMetricsInputs & DeploymentMetricsInputs;

/** One metric: its HELP and TYPE lines are written once, whatever number of samples it has. */
export interface Series {
  name: string;
  type: string;
  help: string;
  samples: string[];
}

const prefix = "helpline";

/** The exposition text of these series; series of one name (several helplines) are merged. */
/** A list of series being written, and the three ways a series is added to it. */
function seriesList() {
  const all: Series[] = [];
  const metric = (name: string, type: string, help: string, samples: string[]) => {
    all.push({ name, type, help, samples });
  };
  const counter = (name: string, help: string, value: number) =>
    metric(`${prefix}_${name}`, "counter", help, [`${prefix}_${name} ${value}`]);
  const gauge = (name: string, help: string, value: number) =>
    metric(`${prefix}_${name}`, "gauge", help, [`${prefix}_${name} ${value}`]);
  return { all, metric, counter, gauge };
}

export function formatSeries(all: readonly Series[], runtime?: RuntimeSample): string {
  const byName = new Map<string, Series>();
  for (const series of all) {
    const known = byName.get(series.name);
    if (known === undefined) byName.set(series.name, { ...series, samples: [...series.samples] });
    else known.samples.push(...series.samples);
  }
  const lines = [...byName.values()].flatMap((series) => [
    `# HELP ${series.name} ${series.help}`,
    `# TYPE ${series.name} ${series.type}`,
    ...series.samples,
  ]);
  if (runtime !== undefined) lines.push(...runtimeExposition(runtime));
  return lines.join("\n") + "\n";
}

/** The sample line with `helpline="<id>"` added to its labels. */
export function withHelplineLabel(sample: string, helplineId: string): string {
  const label = `helpline="${helplineId}"`;
  const space = sample.indexOf(" ");
  const brace = sample.indexOf("{");
  if (brace !== -1 && brace < space)
    return `${sample.slice(0, brace + 1)}${label},${sample.slice(brace + 1)}`;
  return `${sample.slice(0, space)}{${label}}${sample.slice(space)}`;
}

/**
 * The whole exposition of a bot running several helplines: each helpline's series labelled with
 * its id (the same names as with one helpline), then the deployment's own series once.
 */
export function renderDeployment(
  helplines: readonly { id: string; series: readonly Series[] }[],
  inputs: DeploymentMetricsInputs,
): string {
  const labelled = helplines.flatMap(({ id, series }) =>
    series.map((one) => ({ ...one, samples: one.samples.map((s) => withHelplineLabel(s, id)) })),
  );
  return formatSeries([...labelled, ...deploymentSeries(inputs)], inputs.runtime);
}

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
      // Only the funders' daily counts (statistics-store.ts): a live counter would say when one
      // conversation was marked, or when one youth said she was in danger.
      case "danger_marked":
      case "urgent_declared":
        return;
    }
  }

  /** The public page was shown while the helpline admitted nobody. */
  recordClosedVisit(): void {
    this.#closedVisits += 1;
  }

  /** The whole exposition of a bot with a single helpline (no helpline label). */
  render(inputs: MetricsInputs): string {
    return formatSeries([...this.series(inputs), ...deploymentSeries(inputs)], inputs.runtime);
  }

  /** This helpline's series, with gauges read from its permanence's state and its hours now. */
  series(inputs: HelplineMetricsInputs): Series[] {
    const { state } = inputs;
    const { all, metric, counter, gauge } = seriesList();
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
    gauge(
      "open",
      "1 inside an opening slot, 0 outside: youths may be waiting only when the helpline is open.",
      inputs.schedule.open ? 1 : 0,
    );
    gauge(
      "admitting",
      "1 when a new youth may start a conversation (open, before the last admission), 0 when not.",
      inputs.schedule.admitting ? 1 : 0,
    );
    return all;
  }
}

/** The deployment's own series: readiness, abuse refusals, the state disk. */
function deploymentSeries(inputs: DeploymentMetricsInputs): Series[] {
  const { readiness } = inputs;
  const { all, metric, counter, gauge } = seriesList();
  gauge(
    "ready",
    "1 when the bot can serve youths (the checks below all pass), 0 when not: /api/ready.",
    readiness.ready ? 1 : 0,
  );
  metric(
    `${prefix}_ready_check`,
    "gauge",
    "Each readiness check: 1 passing, 0 failing.",
    (Object.keys(readiness.checks) as ReadinessCheck[]).map(
      (check) => `${prefix}_ready_check{check="${check}"} ${readiness.checks[check].ok ? 1 : 0}`,
    ),
  );
  gauge(
    "outbox_oldest_pending_seconds",
    "How long the oldest command not yet carried out on Matrix has waited; 0 when none waits.",
    readiness.checks.outbox.oldestPendingSeconds,
  );
  const byLabel = (name: string, help: string, label: string, counts: Record<string, number>) => {
    const full = `${prefix}_${name}`;
    metric(
      full,
      "counter",
      help,
      Object.keys(counts)
        .sort()
        .map((key) => `${full}{${label}="${key}"} ${counts[key]}`),
    );
  };
  byLabel(
    "rate_limited_total",
    "Requests refused by a rate limit since the bot started, by the limit's bucket.",
    "bucket",
    inputs.refusals.rateLimited,
  );
  byLabel(
    "proof_of_work_refused_total",
    "Proofs of work refused since the bot started, by why (invalid, expired, reused, busy).",
    "reason",
    inputs.refusals.proofOfWork,
  );
  counter(
    "barred_refused_total",
    "Requests refused since the bot started because a counsellor barred their device.",
    inputs.refusals.barred,
  );
  if (inputs.disk !== null) {
    gauge(
      "state_filesystem_avail_bytes",
      "Bytes the bot may still write on the filesystem of its state folder (journal, statistics).",
      inputs.disk.availableBytes,
    );
    gauge(
      "state_filesystem_size_bytes",
      "Size in bytes of the filesystem of the bot's state folder.",
      inputs.disk.sizeBytes,
    );
  }
  return all;
}
