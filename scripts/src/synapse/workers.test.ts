import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import {
  mergeWorkersIntoMain,
  renderLocalWorkers,
  shippedMainWorkersConfig,
  shippedWorkers,
  workersDir,
  type LocalWorkerPorts,
  type WorkerFile,
} from "./workers.ts";

// The test harness's worker stack must be production's (synapse/workers/) with nothing changed
// but where each process listens and finds the others: what the bench measures is what ships.

const main = {
  server_name: "localhost",
  listeners: [
    { port: 8008, bind_addresses: ["127.0.0.1"], type: "http", resources: [{ names: ["client"] }] },
  ],
  database: { name: "psycopg2", args: { database: "x" } },
};
const given = new Map<string, number>();
const ports: LocalWorkerPorts = {
  mainClient: 8008,
  redis: 16379,
  router: 18080,
  listener(process, shippedPort) {
    const key = `${process}:${shippedPort}`;
    if (!given.has(key)) given.set(key, 20000 + given.size);
    return given.get(key) as number;
  },
};
const local = renderLocalWorkers(main, ports);

/** A config with what the harness may change blanked out. */
function placeless(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) =>
      ["port", "host", "bind_addresses", "worker_log_config"].includes(key) ? "·" : inner,
    ),
  );
}

describe("renderLocalWorkers", () => {
  it("should give the main process homeserver.workers.yaml as production merges it", () => {
    expect(placeless(local.main)).toEqual(placeless(mergeWorkersIntoMain(main)));
    expect(local.main.redis).toEqual({ enabled: true, host: "127.0.0.1", port: 16379 });
    const shipped = shippedMainWorkersConfig();
    expect(Object.keys(local.main.instance_map as object)).toEqual(
      Object.keys(shipped.instance_map),
    );
    // Each process is found where its replication listener was put.
    const replication = (local.main.listeners as { port: number; type: string }[]).slice(1);
    expect((local.main.instance_map as Record<string, { port: number }>).main?.port).toBe(
      replication[0]?.port,
    );
    for (const worker of local.workers) {
      const listener = worker.config.worker_listeners.find((l) =>
        l.resources?.some((r) => r.names.includes("replication")),
      );
      if (!listener) continue;
      expect(
        (local.main.instance_map as Record<string, { host: string; port: number }>)[worker.name],
      ).toEqual({ host: "127.0.0.1", port: listener.port });
    }
  });

  it("should run each shipped worker file unchanged but for ports, loopback and the log path", () => {
    const shipped = shippedWorkers();
    expect(local.workers.map((w) => w.name)).toEqual(shipped.map((w) => w.worker_name));
    for (const [index, worker] of local.workers.entries()) {
      const original = shipped[index] as WorkerFile;
      expect(placeless(worker.config)).toEqual(placeless(original));
      for (const listener of worker.config.worker_listeners) {
        expect(listener.bind_addresses).toEqual(["127.0.0.1"]);
      }
      expect(readFileSync(worker.config.worker_log_config, "utf8")).toBe(
        readFileSync(path.join(workersDir, "log.worker.yaml"), "utf8"),
      );
    }
  });

  it("should keep the shipped routes, upstreams renamed to this machine's ports", () => {
    for (const routes of local.caddyRoutes) {
      const shipped = readFileSync(path.join(workersDir, "caddy", routes.name), "utf8");
      const code = (text: string) => text.split("\n").filter((line) => !/^\s*#/.test(line));
      expect(code(routes.text).join("\n")).not.toMatch(/synapse-[a-z0-9-]+:\d+/);
      expect(
        code(routes.text)
          .join("\n")
          .replace(/127\.0\.0\.1:\d+/g, "·"),
      ).toBe(
        code(shipped)
          .join("\n")
          .replace(/synapse-[a-z0-9-]+:\d+/g, "·"),
      );
    }
  });

  it("should route through config/Caddyfile's own Synapse block", () => {
    const caddyfile = local.caddyfile("/tmp/routes");
    const production = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8");
    const matcher = /\t@synapse path [^\n]*/.exec(production)?.[0];
    expect(matcher).toBeDefined();
    expect(caddyfile).toContain(matcher);
    expect(caddyfile).toContain("\t\timport /tmp/routes/*.caddy\n");
    expect(caddyfile).toContain(
      "\t\treverse_proxy 127.0.0.1:8008 {\n\t\t\theader_up -X-Forwarded-For",
    );
    expect(caddyfile).toContain("http://127.0.0.1:18080 {");
  });

  const caddyInstalled = spawnSync("caddy", ["version"], { stdio: "ignore" }).status === 0;
  it.runIf(caddyInstalled || process.env.HELPLINE_REQUIRE_CADDY === "1")(
    "should write a Caddyfile and routes Caddy accepts",
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "helpline-router-"));
      try {
        for (const routes of local.caddyRoutes) {
          writeFileSync(path.join(dir, routes.name), routes.text);
        }
        writeFileSync(path.join(dir, "Caddyfile"), local.caddyfile(dir));
        const adapted = spawnSync(
          "caddy",
          ["adapt", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile"],
          { encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: dir } },
        );
        expect(adapted.stderr).not.toMatch(/Error/);
        expect(adapted.status).toBe(0);
        const json = adapted.stdout;
        for (const worker of local.workers) {
          const client = worker.config.worker_listeners.find((l) =>
            l.resources?.some((r) => r.names.includes("client")),
          );
          if (client) expect(json).toContain(`127.0.0.1:${client.port}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
