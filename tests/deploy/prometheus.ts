import type { Compose } from "./compose.ts";

// The monitoring profile's Prometheus, read as docs/deploy.md (section 8) tells an operator to:
// from inside its container, since it publishes no port. `promtool query` is in the upstream
// image and its stand-in; the rules have no promtool command, so they are read from the HTTP API
// with wget (busybox's in both images).

const server = "http://127.0.0.1:9090";

export interface Sample {
  labels: Record<string, string>;
  /** When the query was evaluated, in seconds since the epoch (Prometheus's own clock). */
  at: number;
  value: string;
}

export interface Rule {
  name: string;
  type: string;
  /** "ok" once evaluated without error, "unknown" before the first evaluation, "err" else. */
  health: string;
  lastError?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: not JSON: ${text.slice(0, 300)}`);
  }
}

/** An instant query with `promtool query instant -o json`, at `time` (seconds) or now. */
export async function promQuery(stack: Compose, expr: string, time?: number): Promise<Sample[]> {
  const { stdout } = await stack.compose(
    [
      "exec",
      "-T",
      "prometheus",
      "promtool",
      "query",
      "instant",
      "-o",
      "json",
      ...(time === undefined ? [] : ["--time", time.toFixed(3)]),
      server,
      expr,
    ],
    { timeoutMs: 60_000 },
  );
  const parsed = parseJson(`promtool query ${expr}`, stdout);
  if (!Array.isArray(parsed)) throw new Error(`promtool query ${expr}: not a vector: ${stdout}`);
  return parsed.map((item: unknown) => {
    const metric = isRecord(item) ? item.metric : undefined;
    const pair = isRecord(item) ? item.value : undefined;
    if (!isRecord(metric) || !Array.isArray(pair) || pair.length !== 2) {
      throw new Error(`promtool query ${expr}: unexpected sample ${JSON.stringify(item)}`);
    }
    const labels = Object.fromEntries(Object.entries(metric).map(([k, v]) => [k, String(v)]));
    return { labels, at: Number(pair[0]), value: String(pair[1]) };
  });
}

/** GET a path of Prometheus's HTTP API with wget in its container: the body as text. */
export async function prometheusGet(stack: Compose, pathAndQuery: string): Promise<string> {
  const { stdout } = await stack.compose(
    ["exec", "-T", "prometheus", "wget", "-q", "-O", "-", `${server}${pathAndQuery}`],
    { timeoutMs: 60_000 },
  );
  return stdout;
}

/** Every rule Prometheus has loaded (/api/v1/rules), with its evaluation health. */
export async function loadedRules(stack: Compose): Promise<Rule[]> {
  const text = await prometheusGet(stack, "/api/v1/rules");
  const parsed = parseJson("/api/v1/rules", text);
  const data = isRecord(parsed) ? parsed.data : undefined;
  const groups = isRecord(data) ? data.groups : undefined;
  if (!Array.isArray(groups)) throw new Error(`/api/v1/rules: no groups: ${text.slice(0, 300)}`);
  return groups.flatMap((group: unknown) => {
    const rules = isRecord(group) && Array.isArray(group.rules) ? (group.rules as unknown[]) : [];
    return rules.filter(isRecord).map((rule) => ({
      name: String(rule.name),
      type: String(rule.type),
      health: String(rule.health),
      ...(typeof rule.lastError === "string" && rule.lastError !== ""
        ? { lastError: rule.lastError }
        : {}),
    }));
  });
}

/** The alert names of a rules file (config/prometheus-alerts.yml), as written there. */
export function alertNames(rulesFile: string): string[] {
  return [...rulesFile.matchAll(/^\s*- alert:\s*(\S+)\s*$/gm)].map((match) => match[1] ?? "");
}

/** What only Prometheus answers: a query result, or its health page. */
export function looksLikePrometheus(text: string): boolean {
  return /"resultType"|Prometheus (Server )?is Healthy/.test(text);
}
