// Reading Synapse's Prometheus metrics (each process has its own listener): which process served
// what, for the tests and the bench of Synapse with workers.

/** The sum of a metric's samples whose labels include all of `labels`; 0 if it has none. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const sample = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    if (Object.entries(labels).every(([key, value]) => sample[key] === value)) {
      sum += Number(match[3]);
    }
  }
  return sum;
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
