import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { repoRoot, synapseTemplatesDir } from "../paths.ts";

// Synapse with workers and Redis (docs/scaling.md), from the files shipped in synapse/workers/.
// Production merges them with `npm run setup:production -- --workers on` and runs them with
// docker-compose.workers.yml; the test harness (stack.ts, worker-stack.ts) renders the very same
// files onto this machine. Only what a machine shared by several test runs needs changes here:
// ports, bind addresses, host names and the path of the workers' log config. Each change is
// written out below with its reason, so that what the bench measures is what production runs.

export const workersDir = path.join(synapseTemplatesDir, "workers");

type Config = Record<string, unknown>;

export interface Listener {
  port: number;
  bind_addresses?: string[];
  type: string;
  x_forwarded?: boolean;
  resources?: { names: string[] }[];
}

export interface WorkerFile {
  worker_app: string;
  worker_name: string;
  worker_listeners: Listener[];
  worker_log_config: string;
}

export interface MainWorkersFile {
  listeners: Listener[];
  redis: { enabled: boolean; host: string; port: number };
  instance_map: Record<string, { host: string; port: number }>;
  stream_writers: Record<string, string[]>;
}

function readYaml<T>(file: string): T {
  return YAML.parse(readFileSync(file, "utf8")) as T;
}

/** synapse/workers/homeserver.workers.yaml as shipped. */
export function shippedMainWorkersConfig(): MainWorkersFile {
  return readYaml<MainWorkersFile>(path.join(workersDir, "homeserver.workers.yaml"));
}

/**
 * What the main process's config gains with workers: homeserver.workers.yaml's `listeners` added
 * to its own, every other key set. Production (deploy/setup.ts) and the harness both call this.
 */
export function mergeWorkersIntoMain(config: Config): Config {
  const { listeners, ...rest } = shippedMainWorkersConfig();
  return {
    ...config,
    listeners: [...((config.listeners as unknown[] | undefined) ?? []), ...listeners],
    ...rest,
  };
}

/** Every worker shipped in synapse/workers/ (synapse-<name>.yaml), in file-name order. */
export function shippedWorkers(): WorkerFile[] {
  return readdirSync(workersDir)
    .filter((name) => /^synapse-.*\.yaml$/.test(name))
    .sort()
    .map((name) => readYaml<WorkerFile>(path.join(workersDir, name)));
}

/** Where docker-compose.workers.yml mounts synapse/workers/ in the workers' containers. */
const workersMount = "/workers/";

/** Production's container names of Synapse's processes (docker-compose.yml and the worker files). */
const mainContainer = "synapse";

export interface LocalWorkerPorts {
  /** The main process's client listener (its rendered `listeners`' first port). */
  mainClient: number;
  redis: number;
  /** The router (Caddy) in front, what clients reach. */
  router: number;
  /**
   * A free port for each listener a shipped file names, by process (`main` or a worker's name)
   * and the port written in that file.
   */
  listener(process: string, shippedPort: number): number;
}

export interface LocalWorker {
  name: string;
  config: WorkerFile;
  /** `/health` on the worker's first HTTP listener (what the compose healthcheck asks). */
  healthUrl: string;
  /** Its Prometheus listener, if the shipped file has one. */
  metricsUrl?: string;
}

export interface LocalWorkers {
  main: Config;
  workers: LocalWorker[];
  /** The routes file(s) of synapse/workers/caddy/, upstreams renamed to this machine's ports. */
  caddyRoutes: { name: string; text: string }[];
  /** A Caddyfile for the router: production's Synapse block of config/Caddyfile, see below. */
  caddyfile(routesDir: string): string;
}

const loopback = ["127.0.0.1"];

/** A shipped listener on this machine: a free port, on loopback only. */
function localListener(process: string, listener: Listener, ports: LocalWorkerPorts): Listener {
  // Ports: the shipped ones (9093, 8083, 9000) are one per container in production; here several
  // test stacks share one machine. Loopback: production binds 0.0.0.0 inside the containers'
  // internal network, which is reachable from nowhere else; on a bare machine that would be every
  // interface.
  return {
    ...listener,
    port: ports.listener(process, listener.port),
    bind_addresses: loopback,
  };
}

/**
 * The shipped worker files rendered for this machine, over `main` (the config renderSynapseConfig
 * wrote, as production renders it).
 */
export function renderLocalWorkers(main: Config, ports: LocalWorkerPorts): LocalWorkers {
  const shipped = shippedMainWorkersConfig();
  const merged = mergeWorkersIntoMain(main);
  const ownListeners = (main.listeners as Listener[] | undefined) ?? [];
  // Only the listeners homeserver.workers.yaml adds (the replication one) are moved; the main
  // process's own were rendered for this machine already.
  merged.listeners = [
    ...ownListeners,
    ...shipped.listeners.map((listener) => localListener("main", listener, ports)),
  ];
  // The harness's own Redis (worker-stack.ts), never the machine's shared one on 6379: another
  // run's Synapse on the same Redis would read this one's replication stream.
  merged.redis = { ...shipped.redis, host: "127.0.0.1", port: ports.redis };
  // Production reaches each process by its container name on the internal network; here they
  // all run on loopback, each on the port given to the listener the shipped file names.
  merged.instance_map = Object.fromEntries(
    Object.entries(shipped.instance_map).map(([name, instance]) => [
      name,
      { host: "127.0.0.1", port: ports.listener(name, instance.port) },
    ]),
  );

  const workers = shippedWorkers().map((shippedWorker): LocalWorker => {
    const name = shippedWorker.worker_name;
    const config: WorkerFile = {
      ...shippedWorker,
      worker_listeners: shippedWorker.worker_listeners.map((l) => localListener(name, l, ports)),
      // The same file, where it is in this repository rather than where the container mounts it.
      worker_log_config: shippedWorker.worker_log_config.startsWith(workersMount)
        ? path.join(workersDir, shippedWorker.worker_log_config.slice(workersMount.length))
        : shippedWorker.worker_log_config,
    };
    const http = config.worker_listeners.find((l) => l.type === "http");
    const metrics = config.worker_listeners.find((l) => l.type === "metrics");
    if (!http) throw new Error(`synapse/workers/${name}.yaml: no http listener to check health on`);
    return {
      name,
      config,
      healthUrl: `http://127.0.0.1:${http.port}/health`,
      ...(metrics ? { metricsUrl: `http://127.0.0.1:${metrics.port}` } : {}),
    };
  });
  const workerNames = new Set(workers.map((w) => w.name));

  const caddyDir = path.join(workersDir, "caddy");
  const caddyRoutes = readdirSync(caddyDir)
    .filter((name) => name.endsWith(".caddy"))
    .sort()
    .map((name) => ({
      name,
      // Upstreams are container names and ports (synapse-sync1:8083): the same process here.
      // Comments are left alone (they name a synapse-sync2 to add one day).
      text: readFileSync(path.join(caddyDir, name), "utf8")
        .split("\n")
        .map((line) =>
          /^\s*#/.test(line)
            ? line
            : line.replace(/\b(synapse-[a-z0-9-]+):(\d+)\b/g, (_whole, worker: string, port) => {
                if (!workerNames.has(worker)) {
                  throw new Error(`synapse/workers/caddy/${name}: ${worker} is no shipped worker`);
                }
                return `127.0.0.1:${ports.listener(worker, Number(port))}`;
              }),
        )
        .join("\n"),
    }));

  return {
    main: merged,
    workers,
    caddyRoutes,
    caddyfile: (routesDir) => routerCaddyfile(routesDir, ports),
  };
}

/**
 * The router's Caddyfile: config/Caddyfile's own block for Synapse (the matcher, the import of
 * synapse/workers/caddy/*.caddy, the fall-through to the main process), cut out of that file and
 * left as it is but for its two names of production's containers and folders. Around it, only what
 * a harness needs, each said why.
 */
export function routerCaddyfile(routesDir: string, ports: LocalWorkerPorts): string {
  const production = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8");
  const block = /\n(\t@synapse path [^\n]*\n\thandle @synapse \{\n[\s\S]*?\n\t\}\n)/.exec(
    production,
  )?.[1];
  if (block === undefined) {
    throw new Error("config/Caddyfile: no `@synapse path …` and `handle @synapse { … }` block");
  }
  const replaceOnce = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`config/Caddyfile's Synapse block lacks ${from}`);
    return text.replace(from, to);
  };
  const synapseBlock = replaceOnce(
    replaceOnce(block, "/etc/caddy/workers/", `${routesDir}/`),
    `${mainContainer}:8008`,
    `127.0.0.1:${ports.mainClient}`,
  );
  return [
    "# Written by scripts/src/synapse/workers.ts for a test stack with Synapse's workers.",
    "{",
    // No admin endpoint (several runs share the machine), no certificates (plain HTTP on loopback).
    "\tadmin off",
    "\tauto_https off",
    "}",
    `http://127.0.0.1:${ports.router} {`,
    "\t# From config/Caddyfile, as production routes the client API:",
    synapseBlock.trimEnd(),
    // Production's site answers 404 to /_synapse/ and never proxies /_matrix/federation/: there
    // the bot (bot.yaml's homeserver.url, http://synapse:8008) and the operator's commands reach
    // the main process directly. Tests reach Synapse's admin API and the openid check through the
    // one address they know, so everything else goes straight to the main process, untouched.
    "\thandle {",
    `\t\treverse_proxy 127.0.0.1:${ports.mainClient}`,
    "\t}",
    "}",
    "",
  ].join("\n");
}
