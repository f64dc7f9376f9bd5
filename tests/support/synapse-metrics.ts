// Reading Synapse's Prometheus metrics (each process has its own listener): which process served
// what, for the tests of Synapse with workers and the bench (tests/bench/synapse-metrics.ts builds
// a night's CPU breakdown on this parser).
//
// Synapse measures CPU per request and per background process with getrusage(RUSAGE_THREAD), and
// adds what its threads do on a request's behalf (defer_to_thread: the bcrypt hash, database
// transactions) to that request: registration's hash is counted in RegisterRestServlet.

/** One sample: metric name, its labels, its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export type Scrape = Sample[];

/** Reads Prometheus' text format: `name{a="x",b="y"} value`; comments and blank lines skipped. */
export function parsePrometheus(text: string): Scrape {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, "$1");
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** One process's metrics, parsed. */
export async function scrapeSynapse(metricsUrl: string): Promise<Scrape> {
  const response = await fetch(`${metricsUrl}/_synapse/metrics`);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return parsePrometheus(await response.text());
}

/** The sum of a metric's samples whose labels include all of `labels`; 0 if it has none. */
export function metricSum(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  return scrape
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Client requests a process received, by Synapse's servlet name (e.g. SyncRestServlet). */
export const requestsReceived = "synapse_http_server_requests_received_total";
/** Events a process wrote to the database itself. */
export const eventsPersisted = "synapse_storage_events_persisted_events_total";
