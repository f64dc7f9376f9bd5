import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { envKeys, ports } from "../deploy/setup.ts";
import { repoRoot } from "../paths.ts";
import { pinnedSynapseVersion } from "../synapse/install.ts";

// What docker-compose.yml promises, read as data (no Docker needed). CI also resolves it with
// docker compose itself (scripts/src/deploy/validate-compose.sh).

interface Service {
  image?: string;
  build?: unknown;
  ports?: unknown[];
  expose?: unknown[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  restart?: string;
  healthcheck?: { test?: unknown };
  volumes?: string[];
  command?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  logging?: { driver?: string; options?: Record<string, string> };
}

interface ComposeFile {
  name?: string;
  version?: string;
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  networks: Record<string, { internal?: boolean } | null>;
}

const text = readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8");
const compose = YAML.parse(text) as ComposeFile;
const services = Object.entries(compose.services);
/** The file without its comments, which mention variables by name. */
const definitions = text
  .split("\n")
  .filter((line) => !line.trimStart().startsWith("#"))
  .join("\n");

describe("docker-compose.yml", () => {
  it("should publish ports from the web server only", () => {
    const publishing = services
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(["web"]);
    expect(compose.services.web?.ports).toEqual(["80:80", "443:443", "443:443/udp"]);
  });

  it("should never publish the bot's private port (metrics, admin) nor Synapse's metrics", () => {
    const published = JSON.stringify(services.map(([, service]) => service.ports ?? []));
    for (const port of [ports.botPrivate, ports.synapseMetrics, ports.synapse, ports.botApi]) {
      expect(published).not.toContain(String(port));
    }
  });

  it("should keep every service but the web server on the internal network only", () => {
    expect(compose.networks.internal).toEqual({ internal: true });
    for (const [name, service] of services) {
      const networks = Array.isArray(service.networks)
        ? service.networks
        : Object.keys(service.networks ?? {});
      expect(networks, name).toEqual(name === "web" ? ["internal", "public"] : ["internal"]);
    }
  });

  it("should make the standby bot optional, the same bot on the same state, and named bot too", () => {
    const bot = compose.services.bot;
    const standby = compose.services["bot-standby"];
    expect(standby?.profiles).toEqual(["standby"]);
    expect(standby?.volumes).toEqual(bot?.volumes);
    expect(standby?.environment).toEqual(bot?.environment);
    expect(standby?.healthcheck).toEqual(bot?.healthcheck);
    expect(standby?.networks).toEqual({ internal: { aliases: ["bot"] } });
    // Both take the lock, whichever starts first; without it two bots would both be active.
    expect(bot?.environment?.HELPLINE_BOT_LOCK_DATABASE_URL).toMatch(
      /^postgresql:\/\/[^:@]+@postgres:/,
    );
  });

  it.each(services)("should restart %s, check its health and rotate its logs", (_name, service) => {
    expect(service.restart).toBe("unless-stopped");
    expect(service.healthcheck?.test).toBeDefined();
    expect(service.logging).toEqual({
      driver: "local",
      options: { "max-size": "10m", "max-file": "2" },
    });
  });

  it("should keep data in named volumes, and config only in bind mounts", () => {
    const named = Object.keys(compose.volumes);
    expect(named.sort()).toEqual(
      [
        "bot-state",
        "caddy-config",
        "caddy-data",
        "postgres-data",
        "prometheus-data",
        "synapse-data",
      ].sort(),
    );
    const mounts = services.flatMap(([, service]) => service.volumes ?? []);
    for (const volume of named) expect(mounts.some((m) => m.startsWith(`${volume}:`))).toBe(true);
    // Anything from the host is read-only: config and code, never state.
    for (const mount of mounts.filter((m) => m.startsWith("./"))) expect(mount).toMatch(/:ro$/);
  });

  it("should run the same Synapse version the tests run", () => {
    expect(compose.services.synapse?.image).toBe(`matrixdotorg/synapse:v${pinnedSynapseVersion()}`);
  });

  it("should create Synapse's database with the C collation", () => {
    expect(compose.services.postgres?.environment?.POSTGRES_INITDB_ARGS).toMatch(
      /--encoding=UTF8 --locale=C$/,
    );
  });

  it("should pin every image it pulls", () => {
    for (const [name, service] of services) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/:[\w.-]*\d[\w.-]*$/);
      expect(service.image, name).not.toMatch(/:latest$/);
    }
  });

  it("should take every variable from the .env the setup script writes, and refuse to start without it", () => {
    const used = new Set([...definitions.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !envKeys.includes(name as never))).toEqual([]);
    // Each secret or required value fails loudly when .env is missing, instead of being empty.
    for (const match of definitions.matchAll(/\$\{([A-Z0-9_]+)([^}]*)\}/g)) {
      expect(match[2], match[1]).toMatch(/^:\?/);
    }
  });

  it("should be readable by docker-compose 1.29 as well (no top-level name)", () => {
    expect(compose.name).toBeUndefined();
    expect(compose.version).toBeUndefined();
  });

  it("should make Element Web optional, pinned, and configured for this server only", () => {
    const element = compose.services.element;
    expect(element?.profiles).toEqual(["element"]);
    expect(element?.image).toMatch(/^vectorim\/element-web:v\d+\.\d+\.\d+$/);
    expect(element?.volumes).toEqual(["./production/element/config.json:/app/config.json:ro"]);
    expect(element?.ports).toBeUndefined();
  });

  it("should give the bot its config and state where the setup script's bot.yaml expects them", () => {
    expect(compose.services.bot?.volumes).toEqual([
      "./production/bot:/config:ro",
      "./config/helplines:/helplines:ro",
      "bot-state:/state",
    ]);
    expect(compose.services.bot?.environment?.HELPLINE_BOT_CONFIG).toBe("/config/bot.yaml");
    expect(compose.services.synapse?.environment?.SYNAPSE_CONFIG_PATH).toBe(
      "/config/homeserver.yaml",
    );
  });

  it("should give the bots a lock role of their own, never Synapse's database password", () => {
    for (const name of ["bot", "bot-standby"]) {
      const environment = compose.services[name]?.environment ?? {};
      expect(JSON.stringify(environment), name).not.toContain("POSTGRES_PASSWORD");
      expect(environment.HELPLINE_BOT_LOCK_DATABASE_URL, name).toBe(
        "postgresql://bot_lock@postgres:5432/bot_lock",
      );
      expect(environment.PGPASSWORD, name).toMatch(/^\$\{BOT_LOCK_PASSWORD:\?/);
    }
    // The role is created when PostgreSQL initialises its volume (tests/integration/postgres-lock-role.test.ts).
    expect(compose.services.postgres?.volumes).toContain(
      "./config/postgres-init:/docker-entrypoint-initdb.d:ro",
    );
  });

  it("should give Prometheus its alert rules where its config looks, and keep its data in a volume", () => {
    const prometheus = compose.services.prometheus;
    const config = YAML.parse(
      readFileSync(path.join(repoRoot, "config/prometheus.yml"), "utf8"),
    ) as { rule_files?: string[] };
    // Rule files are found relative to the config file, in the repository as in the container.
    expect(config.rule_files).toEqual(["prometheus-alerts.yml"]);
    expect(prometheus?.command).toContain("--config.file=/etc/prometheus/prometheus.yml");
    expect(prometheus?.volumes).toEqual([
      "./config/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
      "./config/prometheus-alerts.yml:/etc/prometheus/prometheus-alerts.yml:ro",
      "prometheus-data:/prometheus",
    ]);
    expect(prometheus?.command).toContain("--storage.tsdb.path=/prometheus");
  });
});
