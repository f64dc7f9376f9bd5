import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { synapseTemplatesDir } from "../paths.ts";
import type { StackSecrets } from "./secrets.ts";

const run = promisify(execFile);

export type SynapseDatabase =
  | { kind: "sqlite" }
  | {
      kind: "postgres";
      database: string;
      host: string;
      port: number;
      user: string;
      /** Production (docker-compose.yml); the local PostgreSQL trusts loopback. */
      password?: string;
    };

export interface SynapseSetup {
  /** Runtime folder: rendered config, signing key, media, SQLite file, logs. */
  dir: string;
  python: string;
  serverName: string;
  port: number;
  /** Synapse's Prometheus metrics listener, on 127.0.0.1 unless `metricsBindAddresses` says otherwise. */
  metricsPort: number;
  /** Production binds it on the containers' internal network, never published (docker-compose.yml). */
  metricsBindAddresses?: string[];
  publicBaseUrl: string;
  bindAddresses?: string[];
  /** True behind a reverse proxy that sets X-Forwarded-For (production). */
  xForwarded?: boolean;
  database: SynapseDatabase;
  appservice: { url: string; botLocalpart: string };
  secrets: StackSecrets;
  /**
   * Rooms are encrypted by default. Only the test that proves the no-plaintext check can fail turns
   * this off; it is not reachable from any config file.
   */
  encryptionByDefault?: boolean;
  /** Deep-merged over the rendered template; tests use it for their own limits. */
  overrides?: Record<string, unknown>;
  /**
   * Where Synapse itself sees its files, when it runs elsewhere than where they are rendered (the
   * container of docker-compose.yml): `configDir` is `dir` mounted read-only (config, signing key,
   * appservice registration), `dataDir` a volume it writes to (media, logs, pid file).
   */
  containerPaths?: { configDir: string; dataDir: string };
}

export interface RenderedSynapse {
  configFile: string;
  appserviceFile: string;
  logFile: string;
  /** Where Prometheus scrapes Synapse: `${metricsUrl}/_synapse/metrics`. */
  metricsUrl: string;
  /** Set on SQLite: the database file, e.g. to scan it for plaintext. */
  sqliteFile?: string;
}

function fill(template: string, values: Record<string, unknown>, name: string): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, key: string) => {
    if (!(key in values)) throw new Error(`synapse/${name}: no value for placeholder {{${key}}}`);
    // JSON is valid YAML, and it quotes every string safely.
    return JSON.stringify(values[key]);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(over)) {
    const current = base[key];
    if (isPlainObject(current) && isPlainObject(value)) deepMerge(current, value);
    else base[key] = value;
  }
}

function renderTemplate(name: string, values: Record<string, unknown>): string {
  return fill(readFileSync(path.join(synapseTemplatesDir, name), "utf8"), values, name);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Renders homeserver.yaml, the log config and the appservice registration into `setup.dir`. */
export async function renderSynapseConfig(setup: SynapseSetup): Promise<RenderedSynapse> {
  mkdirSync(setup.dir, { recursive: true, mode: 0o700 });
  if (!setup.containerPaths) mkdirSync(path.join(setup.dir, "media"), { recursive: true });
  const signingKey = path.join(setup.dir, "signing.key");
  const logFile = path.join(setup.dir, "homeserver.log");
  const logConfig = path.join(setup.dir, "log.yaml");
  const appserviceFile = path.join(setup.dir, "appservice.yaml");
  const configFile = path.join(setup.dir, "homeserver.yaml");
  const sqliteFile = path.join(setup.dir, "homeserver.db");
  // The paths written into the config: the same files, as Synapse sees them.
  const seen = setup.containerPaths;
  const inConfig = (name: string) =>
    seen ? path.posix.join(seen.configDir, name) : path.join(setup.dir, name);
  const inData = (name: string) =>
    seen ? path.posix.join(seen.dataDir, name) : path.join(setup.dir, name);

  if (!existsSync(signingKey)) {
    await run(path.join(path.dirname(setup.python), "generate_signing_key"), ["-o", signingKey]);
  }

  const database =
    setup.database.kind === "sqlite"
      ? { name: "sqlite3", args: { database: sqliteFile } }
      : {
          name: "psycopg2",
          args: {
            database: setup.database.database,
            host: setup.database.host,
            port: setup.database.port,
            user: setup.database.user,
            ...(setup.database.password === undefined ? {} : { password: setup.database.password }),
            cp_min: 1,
            cp_max: 10,
          },
        };

  writeFileSync(
    logConfig,
    renderTemplate("log.template.yaml", { LOG_FILE: inData("homeserver.log") }),
  );
  writeFileSync(
    appserviceFile,
    renderTemplate("appservice.template.yaml", {
      APPSERVICE_URL: setup.appservice.url,
      AS_TOKEN: setup.secrets.appserviceToken,
      HS_TOKEN: setup.secrets.homeserverToken,
      BOT_LOCALPART: setup.appservice.botLocalpart,
      BOT_USER_REGEX: `^@${escapeRegex(setup.appservice.botLocalpart)}:${escapeRegex(setup.serverName)}$`,
      SIDE_CHANNEL_ALIAS_REGEX: `^#helpline-side-[0-9a-f]{40}:${escapeRegex(setup.serverName)}$`,
    }),
    { mode: 0o600 },
  );

  const rendered = renderTemplate("homeserver.template.yaml", {
    SERVER_NAME: setup.serverName,
    PUBLIC_BASEURL: setup.publicBaseUrl,
    PID_FILE: inData("homeserver.pid"),
    SIGNING_KEY_PATH: inConfig("signing.key"),
    MEDIA_STORE_PATH: inData("media"),
    LOG_CONFIG: inConfig("log.yaml"),
    PORT: setup.port,
    METRICS_PORT: setup.metricsPort,
    METRICS_BIND_ADDRESSES: setup.metricsBindAddresses ?? ["127.0.0.1"],
    BIND_ADDRESSES: setup.bindAddresses ?? ["127.0.0.1"],
    X_FORWARDED: setup.xForwarded ?? false,
    DATABASE: database,
    REGISTRATION_SHARED_SECRET: setup.secrets.registrationSharedSecret,
    MACAROON_SECRET_KEY: setup.secrets.macaroonSecretKey,
    FORM_SECRET: setup.secrets.formSecret,
    APPSERVICE_FILE: inConfig("appservice.yaml"),
    ENCRYPTION_BY_DEFAULT: setup.encryptionByDefault === false ? "off" : "invite",
  });
  const config = YAML.parse(rendered) as Record<string, unknown>;
  if (setup.overrides) deepMerge(config, setup.overrides);
  writeFileSync(configFile, YAML.stringify(config), { mode: 0o600 });

  return {
    configFile,
    appserviceFile,
    logFile,
    metricsUrl: `http://127.0.0.1:${setup.metricsPort}`,
    ...(setup.database.kind === "sqlite" ? { sqliteFile } : {}),
  };
}
