import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { botConfigSchema } from "@helpline/bot/config/schema";
import { loadHelplineConfig } from "@helpline/bot/helpline/load";
import { botHelplineEntries, helplinesDir, readDefinitionFile } from "../helplines.ts";
import { renderSynapseConfig } from "../synapse/render.ts";
import { mergeWorkersIntoMain } from "../synapse/workers.ts";
import { loadOrCreateSecrets } from "../synapse/secrets.ts";
import { readEnvFile, writeEnvFile } from "./env-file.ts";
import { parseHelplineHosts, UsageError, type ProductionOptions } from "./options.ts";
import { newSigningKey } from "./signing-key.ts";
import { writeProvenanceFiles } from "../web/provenance.ts";

// `npm run setup:production`: everything docker-compose.yml needs that is not in git. Secrets are
// generated once and never replaced; Synapse's config is rendered again at every run from the same
// templates as development (synapse/*.template.yaml), so an upgrade picks up their changes.

/** Where each container sees what this writes (docker-compose.yml mounts them there). */
export const containerPaths = {
  synapseConfig: "/config",
  synapseData: "/data",
  botConfig: "/config",
  botState: "/state",
  helplines: "/helplines",
} as const;

/** The fixed ports inside the internal network. None is published but the web server's. */
export const ports = {
  synapse: 8008,
  synapseMetrics: 9000,
  appservice: 9009,
  botApi: 8090,
  botPrivate: 9464,
};

/** Users the images run as: Synapse's start script drops to 991, the bot's image is `node`. */
const owners = { synapse: { uid: 991, gid: 991 }, bot: { uid: 1000, gid: 1000 } };

/** Every variable the setup writes to `.env`; docker-compose.yml may read no other (a unit test checks). */
export const envKeys = [
  "COMPOSE_PROJECT_NAME",
  "COMPOSE_PROFILES",
  "COMPOSE_FILE",
  "HELPLINE_SYNAPSE_WORKERS",
  "HELPLINE_BOT_STANDBY",
  "HELPLINE_MONITORING",
  "HELPLINE_ELEMENT_DOMAIN",
  "HELPLINE_HOSTS",
  "HELPLINE_DOMAIN",
  "HELPLINE_ACME_EMAIL",
  "POSTGRES_PASSWORD",
  "BOT_LOCK_PASSWORD",
] as const;

export interface SetupResult {
  envFile: string;
  productionDir: string;
  /** Paths written (or kept) in this run, for the summary. */
  written: string[];
  kept: string[];
  /** Things the operator must still do (e.g. ownership when not run as root). */
  warnings: string[];
}

export interface SetupDeps {
  /** Whether to hand files to the containers' users; true when running as root. */
  chown?: boolean;
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function secret(): string {
  return randomBytes(32).toString("base64url");
}

function resolveIdentity(options: ProductionOptions, existing: Map<string, string>) {
  const installed = existing.get("HELPLINE_DOMAIN");
  if (installed && options.domain && installed !== options.domain) {
    throw new UsageError(
      `--domain: this installation is set up for ${installed} (.env); a Matrix server's name cannot change once accounts exist. Use another --output for a new installation.`,
    );
  }
  const domain = options.domain ?? installed;
  if (!domain) throw new UsageError("--domain: needed on the first run (or set HELPLINE_DOMAIN)");
  const email = options.email ?? existing.get("HELPLINE_ACME_EMAIL");
  if (!email) throw new UsageError("--email: needed on the first run (or set HELPLINE_ACME_EMAIL)");
  return { domain, email };
}

export function botConfig(options: ProductionOptions, domain: string): Record<string, unknown> {
  const config = {
    homeserver: { url: `http://synapse:${ports.synapse}`, serverName: domain },
    appservice: {
      registrationFile: `${containerPaths.botConfig}/appservice.yaml`,
      bindAddress: "0.0.0.0",
      port: ports.appservice,
    },
    // Only Caddy forwards to this port, and it always overwrites X-Helpline-Client-Address.
    api: { bindAddress: "0.0.0.0", port: ports.botApi, trustProxy: true },
    // Metrics and the admin CLI: on the internal network only, never published nor proxied.
    privateApi: { bindAddress: "0.0.0.0", port: ports.botPrivate },
    secretsFile: `${containerPaths.botConfig}/secrets.json`,
    stateDir: containerPaths.botState,
    registrationTokenLifetimeSeconds: 300,
    // The first counsellor in every active team; an ended service has none.
    helplines: botHelplineEntries(
      options.helplines.map((id) => ({
        ...readDefinitionFile(path.join(helplinesDir, `${id}.yaml`)),
        file: `${containerPaths.helplines}/${id}.yaml`,
      })),
      [{ localpart: options.counsellor, userId: `@${options.counsellor}:${domain}` }],
    ),
  };
  botConfigSchema.parse(config);
  return config;
}

export function elementConfig(domain: string): Record<string, unknown> {
  return {
    default_server_config: {
      "m.homeserver": { base_url: `https://${domain}`, server_name: domain },
    },
    // Counsellors use this server only: no other homeserver, no guests, no public room directory.
    disable_custom_urls: true,
    disable_guests: true,
    disable_3pid_login: true,
    room_directory: { servers: [] },
    // Nothing sent to third parties: no analytics, no integration manager, no Jitsi.
    show_labs_settings: false,
    integrations_ui_url: null,
    integrations_rest_url: null,
    integrations_widgets_urls: [],
    posthog: null,
    jitsi: null,
    element_call: { use_exclusively: false },
    default_theme: "light",
  };
}

function elementSite(elementDomain: string | undefined): string {
  const header =
    "# Written by npm run setup:production (--element-domain); Caddy imports it. Do not edit.\n";
  if (!elementDomain) return `${header}# Element Web is not enabled.\n`;
  // Its own origin, so that counsellors' keys never share storage with the youth's page.
  return `${header}${elementDomain} {
\tlog {
\t\toutput discard
\t}
\theader {
\t\tReferrer-Policy no-referrer
\t\tX-Content-Type-Options nosniff
\t\tX-Frame-Options SAMEORIGIN
\t\tStrict-Transport-Security "max-age=31536000"
\t\t-Server
\t}
\treverse_proxy element:80
}
`;
}

/**
 * The helplines of the bot's config, their definitions read from this repository's
 * config/helplines/ (mounted at /helplines/ in the bot's container); a warning instead when one
 * cannot be read, so that no key is served from a definition the bot itself would refuse.
 */
function provenanceOf(botFile: string): ConfiguredHelplineDefinition[] | string {
  const unread = (why: string) =>
    `production/provenance/ was not written, and the one of an earlier run was removed (youths' pages show no counsellor mark): ${why}`;
  try {
    const config = YAML.parse(readFileSync(botFile, "utf8")) as {
      helplines?: { definition?: unknown }[];
    };
    return (config.helplines ?? []).map((entry, i) => {
      const file = entry.definition;
      const prefix = `${containerPaths.helplines}/`;
      if (typeof file !== "string" || !file.startsWith(prefix)) {
        throw new Error(
          `${botFile}: helplines[${i}].definition should be a file under ${prefix} (the bot's ` +
            `container path of config/helplines/); found ${file === undefined ? "none" : JSON.stringify(file)}`,
        );
      }
      const definition = loadHelplineConfig(path.join(helplinesDir, file.slice(prefix.length)));
      return { id: definition.id, definition };
    });
  } catch (error) {
    return unread((error as Error).message);
  }
}

type ConfiguredHelplineDefinition = Parameters<typeof writeProvenanceFiles>[1][number];

/**
 * The site of each helpline served on a host name of its own: that helpline at `/` and `/console`,
 * its page's `/api/` calls rewritten to its own API and its `/provenance.json` to its own key
 * (docs/deploy.md, section 11; `helpline_site` is in config/Caddyfile).
 */
export function helplineHostsSites(hosts: readonly [string, string][]): string {
  const header =
    "# Written by npm run setup:production (--helpline-hosts); Caddy imports it. Do not edit.\n";
  if (hosts.length === 0) return `${header}# No helpline has a host name of its own.\n`;
  return (
    header +
    hosts
      .map(
        ([id, host]) =>
          `${host} {\n\turi path_regexp ^/api/ /api/h/${id}/\n` +
          `\turi path_regexp ^/provenance\\.json$ /${id}/provenance.json\n` +
          `\timport helpline_site\n}\n`,
      )
      .join("")
  );
}

/** Relative to the repository root, as COMPOSE_FILE wants it. */
const workersCompose = "synapse/workers/docker-compose.workers.yml";

/**
 * Merges synapse/workers/homeserver.workers.yaml into the rendered main config (the test harness
 * merges it with the same function: synapse/workers.ts).
 */
function addWorkers(configFile: string): void {
  const config = YAML.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
  writePrivate(configFile, YAML.stringify(mergeWorkersIntoMain(config)));
}

function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  chownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(child, owner);
    else chownSync(child, owner.uid, owner.gid);
  }
}

export async function setupProduction(
  options: ProductionOptions,
  deps: SetupDeps = {},
): Promise<SetupResult> {
  const chown = deps.chown ?? process.getuid?.() === 0;
  const written: string[] = [];
  const kept: string[] = [];
  const warnings: string[] = [];

  mkdirSync(options.output, { recursive: true });
  const envFile = path.join(options.output, ".env");
  const existing = readEnvFile(envFile).values;
  const { domain, email } = resolveIdentity(options, existing);

  const values = new Map(existing);
  values.set("COMPOSE_PROJECT_NAME", existing.get("COMPOSE_PROJECT_NAME") ?? "helpline");
  values.set("HELPLINE_DOMAIN", domain);
  values.set("HELPLINE_ACME_EMAIL", email);
  const elementDomain = options.elementDomain ?? existing.get("HELPLINE_ELEMENT_DOMAIN");
  if (elementDomain) values.set("HELPLINE_ELEMENT_DOMAIN", elementDomain);
  const hosts = options.helplineHosts ?? parseHelplineHosts(existing.get("HELPLINE_HOSTS") ?? "");
  const taken = hosts.find(([, host]) => host === domain || host === elementDomain);
  if (taken !== undefined) {
    throw new UsageError(`--helpline-hosts: ${taken[1]} is already the main or Element's name`);
  }
  if (hosts.length > 0) {
    values.set("HELPLINE_HOSTS", hosts.map(([id, host]) => `${id}=${host}`).join(","));
  } else values.delete("HELPLINE_HOSTS");
  // Optional services, each kept from the last run unless a flag says otherwise.
  const standby = options.standby ?? existing.get("HELPLINE_BOT_STANDBY") === "on";
  values.set("HELPLINE_BOT_STANDBY", standby ? "on" : "off");
  const monitoring = options.monitoring ?? existing.get("HELPLINE_MONITORING") === "on";
  values.set("HELPLINE_MONITORING", monitoring ? "on" : "off");
  // docker compose starts the services of these profiles without a --profile flag.
  const profiles = [
    ...(elementDomain ? ["element"] : []),
    ...(standby ? ["standby"] : []),
    ...(monitoring ? ["monitoring"] : []),
  ];
  values.set("COMPOSE_PROFILES", profiles.join(","));
  const workers = options.workers ?? existing.get("HELPLINE_SYNAPSE_WORKERS") === "on";
  values.set("HELPLINE_SYNAPSE_WORKERS", workers ? "on" : "off");
  // docker compose reads these files without -f flags.
  values.set(
    "COMPOSE_FILE",
    workers ? `docker-compose.yml:${workersCompose}` : "docker-compose.yml",
  );
  let postgresPassword = existing.get("POSTGRES_PASSWORD");
  if (postgresPassword) {
    kept.push(`${envFile} (POSTGRES_PASSWORD)`);
  } else {
    postgresPassword = secret();
    values.set("POSTGRES_PASSWORD", postgresPassword);
  }
  // The bot's lock role (config/postgres-init/10-bot-lock.sh): a password of its own, so the bot
  // never holds Synapse's database password.
  if (existing.get("BOT_LOCK_PASSWORD")) kept.push(`${envFile} (BOT_LOCK_PASSWORD)`);
  else values.set("BOT_LOCK_PASSWORD", secret());
  writeEnvFile(
    envFile,
    "# Written by npm run setup:production. Owner-only: it holds the database password.\n" +
      "# Secrets are never replaced by a rerun; back this file up with production/.",
    values,
  );
  written.push(envFile);

  const productionDir = path.join(options.output, "production");
  const synapseDir = path.join(productionDir, "synapse");
  const botDir = path.join(productionDir, "bot");
  const caddyDir = path.join(productionDir, "caddy");
  const elementDir = path.join(productionDir, "element");
  for (const dir of [productionDir, synapseDir, botDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  mkdirSync(caddyDir, { recursive: true });
  mkdirSync(elementDir, { recursive: true });

  const secrets = loadOrCreateSecrets(productionDir);
  const signingKey = path.join(synapseDir, "signing.key");
  if (existsSync(signingKey)) kept.push(signingKey);
  else writePrivate(signingKey, newSigningKey());

  const rendered = await renderSynapseConfig({
    dir: synapseDir,
    python: "/nonexistent/python (the signing key is written above)",
    serverName: domain,
    port: ports.synapse,
    metricsPort: ports.synapseMetrics,
    // Inside the container, on the internal network: Caddy reaches the client API, Prometheus
    // (attached to that network) the metrics. Neither port is published on the host.
    bindAddresses: ["0.0.0.0"],
    metricsBindAddresses: ["0.0.0.0"],
    publicBaseUrl: `https://${domain}/`,
    // Caddy strips X-Forwarded-For (see the comment on rate limits in the template), so
    // there is no client address to trust: Synapse sees Caddy's address only.
    xForwarded: false,
    database: {
      kind: "postgres",
      database: "synapse",
      host: "postgres",
      port: 5432,
      user: "synapse",
      password: postgresPassword,
    },
    appservice: { url: `http://bot:${ports.appservice}`, botLocalpart: "permanence" },
    secrets,
    containerPaths: {
      configDir: containerPaths.synapseConfig,
      dataDir: containerPaths.synapseData,
    },
  });
  chmodSync(path.join(synapseDir, "log.yaml"), 0o600);
  if (workers) addWorkers(rendered.configFile);
  written.push(rendered.configFile, rendered.appserviceFile, path.join(synapseDir, "log.yaml"));

  // The bot reads its own copy: each container gets only the files it needs.
  writePrivate(path.join(botDir, "appservice.yaml"), readFileSync(rendered.appserviceFile, "utf8"));
  writePrivate(
    path.join(botDir, "secrets.json"),
    JSON.stringify({ registrationSharedSecret: secrets.registrationSharedSecret }, null, 2) + "\n",
  );
  const botFile = path.join(botDir, "bot.yaml");
  if (existsSync(botFile)) {
    kept.push(botFile);
    if (options.helplinesGiven) {
      warnings.push(
        `${botFile} is kept as it is, so --helplines changed nothing: add a helpline under its "helplines" by hand (docs/deploy.md, "Adding a helpline"), then docker compose restart bot`,
      );
    }
  } else {
    writePrivate(
      botFile,
      "# The bot's production config (written once by npm run setup:production, then yours to edit:\n" +
        "# add counsellors under each helpline's counsellors, or a helpline (docs/deploy.md,\n" +
        '# "Adding a helpline"), then `docker compose restart bot`). The first helpline is the default.\n' +
        "# Paths are inside the bot's container (docker-compose.yml). See config/bot.example.yaml.\n" +
        YAML.stringify(botConfig(options, domain)),
    );
    written.push(botFile);
  }

  // Each helpline's public key for its page, served by Caddy (web/provenance.ts), from the
  // definitions of the helplines bot.yaml names: written again at every run.
  const provenanceDir = path.join(productionDir, "provenance");
  const provenance = provenanceOf(botFile);
  if (typeof provenance === "string") {
    // The folder of an earlier run would go on being served by Caddy, a key removed from a
    // definition since included: none is better than a stale one.
    rmSync(provenanceDir, { recursive: true, force: true });
    warnings.push(provenance);
  } else {
    writeProvenanceFiles(provenanceDir, provenance);
    written.push(provenanceDir);
  }

  const site = path.join(caddyDir, "element.caddy");
  writeFileSync(site, elementSite(elementDomain));
  written.push(site);
  const hostsSite = path.join(caddyDir, "helpline-hosts.caddy");
  writeFileSync(hostsSite, helplineHostsSites(hosts));
  written.push(hostsSite);
  const elementFile = path.join(elementDir, "config.json");
  writeFileSync(elementFile, JSON.stringify(elementConfig(domain), null, 2) + "\n");
  written.push(elementFile);

  if (chown) {
    chownTree(synapseDir, owners.synapse);
    chownTree(botDir, owners.bot);
  } else {
    warnings.push(
      `Not run as root: the containers cannot read their config yet. Run: sudo chown -R ${owners.synapse.uid}:${owners.synapse.gid} ${synapseDir} && sudo chown -R ${owners.bot.uid}:${owners.bot.gid} ${botDir}`,
    );
  }
  return { envFile, productionDir, written, kept, warnings };
}
