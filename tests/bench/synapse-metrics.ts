import type { Scrape } from "../support/synapse-metrics.ts";

// Where Synapse's CPU goes during a night, from its own Prometheus metrics. The stack's Synapse
// already has the metrics listener production ships (synapse/homeserver.template.yaml: loopback
// only, on its own free port in a test stack), so the bench only reads it, before and after.
//
// How Synapse attributes CPU is said in tests/support/synapse-metrics.ts, which reads the metrics.
// What the total from /proc has beyond the attributed sum ("not attributed") is the reactor
// outside any request or process (garbage collection, the event loop itself). The database's wall
// time per transaction name is given apart.

/** Sums, per key, the samples whose name is one of `names`; the key is made from the labels. */
function sumBy(
  scrape: Scrape,
  names: readonly string[],
  key: (labels: Record<string, string>) => string,
) {
  const sums = new Map<string, number>();
  for (const sample of scrape) {
    if (!names.includes(sample.name) || !Number.isFinite(sample.value)) continue;
    const k = key(sample.labels);
    sums.set(k, (sums.get(k) ?? 0) + sample.value);
  }
  return sums;
}

function delta(
  before: Scrape,
  after: Scrape,
  names: readonly string[],
  key: (labels: Record<string, string>) => string,
): Map<string, number> {
  const was = sumBy(before, names, key);
  const now = sumBy(after, names, key);
  const out = new Map<string, number>();
  for (const [k, value] of now) {
    const d = value - (was.get(k) ?? 0);
    if (d > 0) out.set(k, d);
  }
  return out;
}

/** A counter's name with and without prometheus_client's `_total` suffix. */
const counter = (name: string) => [name, `${name}_total`];

export interface CpuEntry {
  /** "GET RoomStateEventRestServlet", "background persist_events", … */
  what: string;
  cpuSeconds: number;
  /** Of Synapse's whole CPU time for the night (from /proc), in %. */
  share: number;
}

export interface SynapseCpuBreakdown {
  /** Synapse's CPU seconds for the window, from /proc (every thread). */
  totalCpuSeconds: number;
  /** Of which the reactor thread attributed to requests and background processes. */
  attributedCpuSeconds: number;
  /** The largest entries, requests (by servlet and method) and background processes together. */
  top: CpuEntry[];
  /** Requests completed in the window, by servlet and method (the largest). */
  requests: { what: string; count: number }[];
  /** Wall seconds in database transactions (in threads), by transaction name (the largest). */
  databaseSeconds: { what: string; seconds: number }[];
  /** Events persisted in the window. */
  eventsPersisted: number | null;
}

/**
 * CPU by servlet/method (requests completed in the window) and by background process, from two
 * scrapes; `totalCpuSeconds` from /proc. Synapse's `…_in_flight_requests_ru_*` counters are not
 * added: they count a request's CPU so far at each scrape, and its response counter then counts
 * the whole of it again; at the end of a night only idle long-polls are still in flight.
 */
export function cpuBreakdown(
  before: Scrape,
  after: Scrape,
  totalCpuSeconds: number,
  topN = 12,
): SynapseCpuBreakdown {
  const servlet = (l: Record<string, string>) => `${l.method ?? "?"} ${l.servlet ?? "?"}`;
  const cpu = new Map<string, number>();
  const add = (map: Map<string, number>, prefix = "") => {
    for (const [k, v] of map) cpu.set(prefix + k, (cpu.get(prefix + k) ?? 0) + v);
  };
  for (const kind of ["ru_utime", "ru_stime"]) {
    add(delta(before, after, counter(`synapse_http_server_response_${kind}_seconds`), servlet));
    add(
      delta(
        before,
        after,
        counter(`synapse_background_process_${kind}_seconds`),
        (l) => l.name ?? "?",
      ),
      "background ",
    );
  }
  const attributed = [...cpu.values()].reduce((a, b) => a + b, 0);
  const share = (seconds: number) =>
    totalCpuSeconds > 0 ? Number(((100 * seconds) / totalCpuSeconds).toFixed(1)) : NaN;
  const entries = [...cpu.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([what, seconds]) => ({
      what,
      cpuSeconds: Number(seconds.toFixed(2)),
      share: share(seconds),
    }));
  const rest = totalCpuSeconds - attributed;
  entries.push({
    what: "not attributed (outside requests and background processes)",
    cpuSeconds: Number(rest.toFixed(2)),
    share: share(rest),
  });
  const requests = [
    ...delta(before, after, counter("synapse_http_server_response_count"), servlet).entries(),
  ]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([what, count]) => ({ what, count: Math.round(count) }));
  const databaseSeconds = [
    ...delta(before, after, counter("synapse_storage_transaction_time_sum"), (l) => l.desc ?? "?"),
  ]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([what, seconds]) => ({ what, seconds: Number(seconds.toFixed(2)) }));
  const persisted = delta(
    before,
    after,
    counter("synapse_storage_events_persisted_events"),
    () => "all",
  );
  return {
    totalCpuSeconds: Number(totalCpuSeconds.toFixed(2)),
    attributedCpuSeconds: Number(attributed.toFixed(2)),
    top: entries,
    requests,
    databaseSeconds,
    eventsPersisted: persisted.get("all") ?? null,
  };
}

/** A few lines for the console: the top entries with their share. */
export function formatCpuBreakdown(label: string, breakdown: SynapseCpuBreakdown): string {
  return [
    `${label}: where Synapse's ${breakdown.totalCpuSeconds} CPU s went (${breakdown.attributedCpuSeconds} s attributed by Synapse)`,
    ...breakdown.top.map(
      (e) => `  ${String(e.cpuSeconds).padStart(8)} s  ${String(e.share).padStart(5)} %  ${e.what}`,
    ),
    `  database wall time (threads): ${breakdown.databaseSeconds.map((d) => `${d.what} ${d.seconds} s`).join(", ")}`,
    `  events persisted: ${breakdown.eventsPersisted ?? "?"}`,
  ].join("\n");
}
