// Reading Synapse's Prometheus metrics (each process has its own listener): which process served
// what, for the tests and the bench of Synapse with workers.

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a metric: its labels and value. */
function samplesOf(text: string, name: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const m of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[m[1] as string] = m[2] as string;
    }
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include all of `labels`; 0 if it has none. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  return samplesOf(text, name)
    .filter((sample) =>
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/**
 * CPU seconds a process spent, by where Synapse accounts them: each request servlet
 * (`servlet X`) and each background process (`background X`). Work in other threads (the
 * password hash at registration and login) is in no entry.
 */
export function cpuByActivity(text: string): Map<string, number> {
  const sums = new Map<string, number>();
  const add = (prefix: string, metric: string, label: string) => {
    for (const sample of samplesOf(text, metric)) {
      const what = `${prefix} ${sample.labels[label] ?? "?"}`;
      sums.set(what, (sums.get(what) ?? 0) + sample.value);
    }
  };
  add("servlet", "synapse_http_server_response_ru_utime_seconds_total", "servlet");
  add("servlet", "synapse_http_server_response_ru_stime_seconds_total", "servlet");
  add("background", "synapse_background_process_ru_utime_seconds_total", "name");
  add("background", "synapse_background_process_ru_stime_seconds_total", "name");
  return sums;
}

/** One process's metrics as text. */
export async function synapseMetrics(metricsUrl: string): Promise<string> {
  const response = await fetch(`${metricsUrl}/_synapse/metrics`);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return response.text();
}

/** Client requests a process received, by Synapse's servlet name (e.g. SyncRestServlet). */
export const requestsReceived = "synapse_http_server_requests_received_total";
/** Events a process wrote to the database itself. */
export const eventsPersisted = "synapse_storage_events_persisted_events_total";
