import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import YAML from "yaml";
import { exited, startSynapse, tail, type RunningSynapse } from "./process.ts";
import type { RenderedSynapse } from "./render.ts";
import {
  renderLocalWorkers,
  shippedMainWorkersConfig,
  shippedWorkers,
  type Listener,
  type LocalWorkerPorts,
} from "./workers.ts";

// Synapse with workers on this machine, for tests and the bench (docs/scaling.md): a Redis of its
// own, the main process, the shipped workers (synapse/workers/synapse-*.yaml), and Caddy running
// the shipped client routes in front, all from synapse/workers/ as workers.ts renders them. Each
// process's output goes to a file in the stack's Synapse folder; stop() ends them all, last
// started first.

export interface StackProcess {
  /** "main", a worker's name (synapse-sync1), "redis" or "router". */
  name: string;
  role: "synapse" | "redis" | "router";
  pid: number;
}

export interface RunningSynapseWorkers {
  /** The main process; follows restartMain(). */
  readonly main: RunningSynapse;
  /** Where clients reach Synapse: Caddy, with production's client routes. */
  routerUrl: string;
  /** The stack's own Redis, on loopback. */
  redisPort: number;
  /** Every process, Synapse's first (main, then each worker), then Redis and the router. */
  processes(): StackProcess[];
  /** Each Synapse process's Prometheus listener (`${url}/_synapse/metrics`), by name. */
  metricsUrls: Record<string, string>;
  /** Each process's output file, by name. */
  logFiles: Record<string, string>;
  /** Stops the main process and starts it again; workers reconnect by themselves, as in production. */
  restartMain(): Promise<void>;
  stop(): Promise<void>;
}

interface Daemon {
  pid: number;
  stop(): Promise<void>;
}

/** Fails with what to install when a program the worker stack runs is missing. */
function requireCommand(
  command: string,
  versionArgs: string[],
  why: string,
  install: string,
): void {
  const probe = spawnSync(command, versionArgs, { stdio: "ignore" });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `${command} is not installed (or not on PATH): ${why}. Install it with \`${install}\`.`,
    );
  }
}

/** Starts a program, its output to `logFile`, and resolves once `ready()` says so. */
async function startDaemon(options: {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<Daemon> {
  const output = openSync(options.logFile, "a");
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    stdio: ["ignore", output, output],
    ...(options.env ? { env: options.env } : {}),
  });
  closeSync(output);
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  const exit = exited(child);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (spawnError !== undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${options.name} exited during start-up (${spawnError?.message ?? child.exitCode ?? child.signalCode}).\n` +
          tail(options.logFile),
      );
    }
    if (await options.ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} did not start in time.\n${tail(options.logFile)}`);
    }
    await sleep(100);
  }
  return {
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Redis's PING over its wire protocol: no client library, no redis-cli needed. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let said = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      said += chunk.toString("utf8");
      if (said.includes("\r\n")) done(said.startsWith("+PONG"));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const response = await fetch(url);
  await response.body?.cancel();
  return response.ok;
}

/**
 * Renders the shipped worker set-up over the main config `rendered` (as renderSynapseConfig wrote
 * it, on PostgreSQL), then starts Redis, the main process, each worker and the router, in the
 * order docker-compose.workers.yml's healthchecks impose.
 */
export async function startSynapseWithWorkers(options: {
  python: string;
  rendered: RenderedSynapse;
  mainClientPort: number;
  routerPort: number;
  freePort: () => Promise<number>;
}): Promise<RunningSynapseWorkers> {
  requireCommand(
    "redis-server",
    ["--version"],
    "Synapse's workers talk to the main process over Redis, and the harness starts its own",
    "apt-get install -y redis-server",
  );
  requireCommand(
    "caddy",
    ["version"],
    "the worker stack routes clients to the sync worker as production does, with Caddy",
    "apt-get install -y caddy",
  );
  const dir = path.dirname(options.rendered.configFile);
  const main = YAML.parse(readFileSync(options.rendered.configFile, "utf8")) as Record<
    string,
    unknown
  >;
  const database = (main.database as { name?: string } | undefined)?.name;
  if (database !== "psycopg2") {
    throw new Error("Synapse's workers share the main process's database: run it on PostgreSQL");
  }

  // A free port for each listener the shipped files name, allocated up front.
  const allocated = new Map<string, number>();
  const shippedListeners: [string, Listener[]][] = [
    ["main", shippedMainWorkersConfig().listeners],
    ...shippedWorkers().map((w): [string, Listener[]] => [w.worker_name, w.worker_listeners]),
  ];
  for (const [owner, listeners] of shippedListeners) {
    for (const listener of listeners) {
      allocated.set(`${owner}:${listener.port}`, await options.freePort());
    }
  }
  const ports: LocalWorkerPorts = {
    mainClient: options.mainClientPort,
    redis: await options.freePort(),
    router: options.routerPort,
    listener(process, shippedPort) {
      const port = allocated.get(`${process}:${shippedPort}`);
      if (port === undefined) {
        throw new Error(`synapse/workers/: nothing of ${process} listens on ${shippedPort}`);
      }
      return port;
    },
  };
  const local = renderLocalWorkers(main, ports);
  writeFileSync(options.rendered.configFile, YAML.stringify(local.main), { mode: 0o600 });
  const workerFiles = local.workers.map((worker) => {
    const file = path.join(dir, `${worker.name}.yaml`);
    writeFileSync(file, YAML.stringify(worker.config), { mode: 0o600 });
    return file;
  });
  const routesDir = path.join(dir, "caddy-workers");
  mkdirSync(routesDir, { recursive: true });
  for (const routes of local.caddyRoutes) {
    writeFileSync(path.join(routesDir, routes.name), routes.text);
  }
  const caddyfile = path.join(dir, "Caddyfile");
  writeFileSync(caddyfile, local.caddyfile(routesDir));

  const logFiles: Record<string, string> = {
    redis: path.join(dir, "redis.log"),
    main: path.join(dir, "homeserver.stderr.log"),
    ...Object.fromEntries(
      local.workers.map((w) => [w.name, path.join(dir, `${w.name}.stderr.log`)]),
    ),
    router: path.join(dir, "caddy.log"),
  };
  const started: { name: string; role: StackProcess["role"]; daemon: Daemon }[] = [];
  const stop = async () => {
    for (const { daemon } of started.splice(0).reverse()) await daemon.stop().catch(() => {});
  };
  let mainProcess: RunningSynapse | undefined;
  try {
    const redisDir = path.join(dir, "redis");
    mkdirSync(redisDir, { recursive: true });
    started.push({
      name: "redis",
      role: "redis",
      daemon: await startDaemon({
        name: "redis-server",
        command: "redis-server",
        // As docker-compose.workers.yml runs it (`--save "" --appendonly no`: nothing on disk),
        // on loopback and a port of its own.
        args: [
          "--port",
          String(ports.redis),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--dir",
          redisDir,
        ],
        cwd: redisDir,
        logFile: logFiles.redis as string,
        ready: () => redisAnswers(ports.redis),
      }),
    });

    const mainUrl = `http://127.0.0.1:${ports.mainClient}`;
    mainProcess = await startSynapse({
      python: options.python,
      configFile: options.rendered.configFile,
      baseUrl: mainUrl,
    });
    const startedMain = mainProcess;
    started.push({ name: "main", role: "synapse", daemon: startedMain });

    for (const [index, worker] of local.workers.entries()) {
      const running = await startSynapse({
        python: options.python,
        configFile: options.rendered.configFile,
        baseUrl: mainUrl,
        worker: {
          name: worker.name,
          configFile: workerFiles[index] as string,
          readyUrl: worker.healthUrl,
        },
      });
      started.push({ name: worker.name, role: "synapse", daemon: running });
    }

    const routerUrl = `http://127.0.0.1:${ports.router}`;
    const caddyHome = path.join(dir, "caddy-home");
    mkdirSync(caddyHome, { recursive: true });
    started.push({
      name: "router",
      role: "router",
      daemon: await startDaemon({
        name: "caddy",
        command: "caddy",
        args: ["run", "--config", caddyfile, "--adapter", "caddyfile"],
        // Caddy keeps its data under the home folder: this stack's, removed with it.
        env: {
          PATH: process.env.PATH ?? "",
          HOME: caddyHome,
          XDG_DATA_HOME: caddyHome,
          XDG_CONFIG_HOME: caddyHome,
        },
        cwd: dir,
        logFile: logFiles.router as string,
        ready: () => answers(`${routerUrl}/_matrix/client/versions`),
      }),
    });

    const metricsUrls: Record<string, string> = {
      main: options.rendered.metricsUrl,
      ...Object.fromEntries(
        local.workers.flatMap((w) => (w.metricsUrl ? [[w.name, w.metricsUrl]] : [])),
      ),
    };
    return {
      get main() {
        return mainProcess as RunningSynapse;
      },
      routerUrl,
      redisPort: ports.redis,
      processes: () =>
        started.map(({ name, role, daemon }) => ({
          name,
          role,
          pid: name === "main" ? (mainProcess?.pid ?? -1) : daemon.pid,
        })),
      metricsUrls,
      logFiles,
      async restartMain() {
        await mainProcess?.stop();
        mainProcess = await startSynapse({
          python: options.python,
          configFile: options.rendered.configFile,
          baseUrl: mainUrl,
        });
        const entry = started.find((s) => s.name === "main");
        if (entry) entry.daemon = mainProcess;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
