import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { pinnedSynapseVersion } from "../synapse/install.ts";

// The example configuration for Synapse with workers (synapse/workers/, docs/scaling.md). CI also
// resolves docker-compose.workers.yml over docker-compose.yml (validate-compose.sh).

const dir = path.join(repoRoot, "synapse", "workers");
const read = (name: string) => readFileSync(path.join(dir, name), "utf8");
const parse = <T>(name: string) => YAML.parse(read(name)) as T;

interface Listener {
  port: number;
  type: string;
  bind_addresses: string[];
  x_forwarded?: boolean;
  resources?: { names: string[] }[];
}
interface Worker {
  worker_app: string;
  worker_name: string;
  worker_listeners: Listener[];
  worker_log_config: string;
}
interface Service {
  image?: string;
  ports?: unknown[];
  restart?: string;
  healthcheck?: unknown;
  command?: string[];
  networks?: string[];
}

const workerFiles = readdirSync(dir).filter((name) => /^synapse-.*\.yaml$/.test(name));
const compose = parse<{ services: Record<string, Service> }>("docker-compose.workers.yml");
const main = parse<{ instance_map: Record<string, { host: string; port: number }> }>(
  "homeserver.workers.yaml",
);
const routes = read("caddy/client-routes.caddy");

describe("synapse/workers", () => {
  it.each(workerFiles)("%s should be a generic worker without federation", (name) => {
    const worker = parse<Worker>(name);
    expect(worker.worker_app).toBe("synapse.app.generic_worker");
    expect(`${worker.worker_name}.yaml`).toBe(name);
    const resources = worker.worker_listeners
      .flatMap((l) => l.resources ?? [])
      .flatMap((r) => r.names);
    expect(resources.filter((r) => !["client", "replication"].includes(r))).toEqual([]);
    for (const listener of worker.worker_listeners)
      expect(listener.x_forwarded ?? false).toBe(false);
    expect(worker.worker_log_config).toBe("/workers/log.worker.yaml");
  });

  it("should run each worker, Redis and no published port, with the pinned Synapse", () => {
    const workers = workerFiles.map((name) => name.replace(/\.yaml$/, ""));
    for (const worker of workers) {
      const service = compose.services[worker];
      expect(service?.image).toBe(`matrixdotorg/synapse:v${pinnedSynapseVersion()}`);
      expect(service?.command).toContain(`--config-path=/workers/${worker}.yaml`);
    }
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.ports, name).toBeUndefined();
      if (name === "synapse" || name === "web") continue;
      expect(service.restart, name).toBe("unless-stopped");
      expect(service.healthcheck, name).toBeDefined();
      expect(service.networks, name).toEqual(["internal"]);
    }
    expect(compose.services.redis?.image).toMatch(/^redis:\d+\.\d+-alpine$/);
  });

  it("should name in instance_map only processes that docker-compose.workers.yml runs", () => {
    for (const [name, instance] of Object.entries(main.instance_map)) {
      expect(instance.host).toBe(name === "main" ? "synapse" : name);
      if (name !== "main") expect(compose.services[name]).toBeDefined();
    }
  });

  it("should route reads to sync workers only, stripping X-Forwarded-For", () => {
    const targets = [...routes.matchAll(/reverse_proxy \S+ (\S+)/g)].map((match) => match[1]);
    expect(targets).toEqual(["synapse-sync1:8083"]);
    expect(routes).toMatch(/header_up -X-Forwarded-For/);
    expect(routes).not.toMatch(/:(9000|9093|9464)\b/);
    // Uploading keys and registering stay on the main process.
    const regexp = new RegExp(/path_regexp (\S+)/.exec(routes)?.[1] ?? "^$");
    expect(regexp.test("/_matrix/client/v3/sync")).toBe(true);
    expect(regexp.test("/_matrix/client/v3/keys/query")).toBe(true);
    expect(regexp.test("/_matrix/client/v3/keys/upload")).toBe(false);
    expect(regexp.test("/_matrix/client/v3/register")).toBe(false);
    expect(regexp.test("/_matrix/client/v3/createRoom")).toBe(false);
  });
});
