import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { startBot, type StartBotOptions, type StartedBot } from "@helpline/bot/app";
import type { Clock } from "@helpline/bot/permanence/runtime";
import { loadBotConfig } from "@helpline/bot/config/load";
import { loadHelplines } from "@helpline/bot/helplines/definitions";
import { createCounsellorAccount } from "./counsellors/create.ts";
import {
  botHelplineEntries,
  defaultHelplineDefinition,
  readDefinitionFile,
  serves,
  type DefinitionFile,
  type WantedCounsellor,
} from "./helplines.ts";
import { freePort } from "./net/free-port.ts";
import { repoRoot } from "./paths.ts";
import { ensureSynapseInstalled } from "./synapse/install.ts";
import { ensurePostgresDatabase, localPostgres, type PostgresServer } from "./synapse/postgres.ts";
import { startSynapse, type RunningSynapse } from "./synapse/process.ts";
import { startSynapseWithWorkers, type RunningSynapseWorkers } from "./synapse/worker-stack.ts";
import { renderSynapseConfig, type RenderedSynapse } from "./synapse/render.ts";
import { loadOrCreateSecrets, type StackSecrets } from "./synapse/secrets.ts";
import { writeProvenanceFiles } from "./web/provenance.ts";
import { startWebServer, type RunningWebServer } from "./web/server.ts";

/**
 * The whole helpline on one machine: Synapse, the bot and the web server, wired together.
 * `npm start` runs it with fixed ports in .local/stack; the tests run it on free ports in a temp
 * folder. Both go through this one function so that what the tests prove is what developers run.
 */
export interface StackOptions {
  dir: string;
  serverName?: string;
  database: { kind: "sqlite" } | { kind: "postgres"; name: string; server?: PostgresServer };
  ports?: Partial<Record<"synapse" | "synapseMetrics" | "appservice" | "bot" | "web", number>>;
  /**
   * Counsellor accounts to make sure exist before the bot starts (passwords kept in `dir`), each in
   * the team of the helplines she serves (every active one unless she names some).
   */
  counsellors: WantedCounsellor[];
  /** The service's definition (hours, texts, resources); the example of Maintenant j'en parle by default. */
  helplineDefinition?: string;
  /**
   * Several services side by side: their definition files, the default (served at `/`) first.
   * Replaces `helplineDefinition`.
   */
  helplines?: string[];
  /** The bot's clock; tests pass one they move by hand. */
  clock?: Clock;
  /** Extra options for the bot's first start (tests: simulated crashes). */
  botOptions?: StartBotOptions;
  webRoot?: string;
  /**
   * Where the web server listens; 127.0.0.1 by default. Tests bind it on ::1 so that the youth's
   * browser reaches it from an address nothing else on loopback uses (see logs-hold-no-secrets).
   */
  webBindAddress?: string;
  /** Test-only: turn end-to-end encryption off, to prove the plaintext check can fail. */
  unencryptedRoomsForTest?: boolean;
  synapseOverrides?: Record<string, unknown>;
  /**
   * Synapse with workers and Redis, as docs/scaling.md ships them (synapse/workers/): the main
   * process, each shipped worker, a Redis of the stack's own, and Caddy with the shipped client
   * routes in front, which is then `synapseUrl`. Needs PostgreSQL, `redis-server` and `caddy`.
   */
  synapseWorkers?: boolean;
  log?: (line: string) => void;
}

export interface Counsellor {
  userId: string;
  password: string;
  displayName?: string;
}

export interface Stack {
  dir: string;
  serverName: string;
  /**
   * Where the tests and the web server reach Synapse: the main process, or with workers the
   * router in front of them (the bot, as in production, talks to the main process directly).
   */
  synapseUrl: string;
  /**
   * Where people reach Synapse (Element's homeserver field): the same listener, named as the
   * README and `npm start` name it, and as Synapse's public_baseurl says.
   */
  synapsePublicUrl: string;
  webUrl: string;
  /** The helplines the bot serves, the default first, with their counsellors' user ids. */
  helplines: (DefinitionFile & { counsellors: string[] })[];
  readonly bot: StartedBot;
  /** Stops the bot and starts it again on the same state, as after a crash or an upgrade. */
  restartBot(extra?: StartBotOptions): Promise<void>;
  secrets: StackSecrets;
  rendered: RenderedSynapse;
  counsellors: Counsellor[];
  /** The running Synapse (its main process); follows restarts. */
  readonly synapse: RunningSynapse;
  /** With `synapseWorkers`: every process of that set-up (pids, metrics, logs). */
  synapseWorkers?: RunningSynapseWorkers;
  /** Stops Synapse and starts it again on the same config and database, as after an upgrade. */
  restartSynapse(): Promise<void>;
  database: StackOptions["database"];
  stop(): Promise<void>;
}

export { defaultHelplineDefinition };

async function ensureCounsellor(
  dir: string,
  synapseUrl: string,
  secrets: StackSecrets,
  serverName: string,
  wanted: { localpart: string; displayName?: string },
): Promise<Counsellor> {
  // The generated password is kept next to the other secrets (owner-only) so a developer can log
  // in again after a restart; the account itself lives in Synapse's database.
  const file = path.join(dir, `counsellor-${wanted.localpart}.password`);
  if (existsSync(file)) {
    return {
      userId: `@${wanted.localpart}:${serverName}`,
      password: readFileSync(file, "utf8").trim(),
      ...(wanted.displayName ? { displayName: wanted.displayName } : {}),
    };
  }
  const created = await createCounsellorAccount({
    homeserverUrl: synapseUrl,
    sharedSecret: secrets.registrationSharedSecret,
    localpart: wanted.localpart,
    ...(wanted.displayName ? { displayName: wanted.displayName } : {}),
  });
  writeFileSync(file, created.password + "\n", { mode: 0o600 });
  return { ...created, ...(wanted.displayName ? { displayName: wanted.displayName } : {}) };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  const serverName = options.serverName ?? "localhost";
  const ports = {
    synapse: options.ports?.synapse ?? (await freePort()),
    synapseMetrics: options.ports?.synapseMetrics ?? (await freePort()),
    appservice: options.ports?.appservice ?? (await freePort()),
    bot: options.ports?.bot ?? (await freePort()),
    web: options.ports?.web ?? (await freePort()),
  };
  const helplines = (
    options.helplines ?? [options.helplineDefinition ?? defaultHelplineDefinition]
  ).map(readDefinitionFile);
  if (options.synapseWorkers && options.database.kind !== "postgres") {
    throw new Error("Synapse's workers share the main process's database: they need PostgreSQL");
  }
  // With workers, clients reach Synapse through a router, as production's Caddy.
  const routerPort = options.synapseWorkers ? await freePort() : undefined;
  const synapseDir = path.join(options.dir, "synapse");
  const { python } = await ensureSynapseInstalled(log);
  const secrets = loadOrCreateSecrets(options.dir);

  let database: Parameters<typeof renderSynapseConfig>[0]["database"] = { kind: "sqlite" };
  if (options.database.kind === "postgres") {
    const server = options.database.server ?? localPostgres();
    await ensurePostgresDatabase(server, options.database.name);
    database = { kind: "postgres", database: options.database.name, ...server };
  }

  const mainUrl = `http://127.0.0.1:${ports.synapse}`;
  const synapseUrl = routerPort === undefined ? mainUrl : `http://127.0.0.1:${routerPort}`;
  // One name for people, "localhost", as for the youth page; Synapse listens on 127.0.0.1, which
  // browsers and Element reach by that name.
  const synapsePublicUrl = `http://localhost:${routerPort ?? ports.synapse}`;
  const rendered = await renderSynapseConfig({
    dir: synapseDir,
    python,
    serverName,
    port: ports.synapse,
    metricsPort: ports.synapseMetrics,
    publicBaseUrl: `${synapsePublicUrl}/`,
    database,
    appservice: { url: `http://127.0.0.1:${ports.appservice}`, botLocalpart: "permanence" },
    secrets,
    ...(options.unencryptedRoomsForTest ? { encryptionByDefault: false } : {}),
    ...(options.synapseOverrides ? { overrides: options.synapseOverrides } : {}),
  });
  log(
    `Starting Synapse on ${synapsePublicUrl} (${options.database.kind}${routerPort === undefined ? "" : ", with workers"})`,
  );
  const startOurSynapse = () =>
    startSynapse({ python, configFile: rendered.configFile, baseUrl: mainUrl });
  let workers: RunningSynapseWorkers | undefined;
  let synapse: RunningSynapse;
  if (routerPort === undefined) {
    synapse = await startOurSynapse();
  } else {
    workers = await startSynapseWithWorkers({
      python,
      rendered,
      mainClientPort: ports.synapse,
      routerPort,
      freePort,
    });
    synapse = workers.main;
  }

  const stoppers: (() => Promise<void>)[] = [() => (workers ? workers.stop() : synapse.stop())];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
  };
  try {
    const counsellors: Counsellor[] = [];
    const teams: (WantedCounsellor & { userId: string })[] = [];
    for (const wanted of options.counsellors) {
      const counsellor = await ensureCounsellor(
        options.dir,
        synapseUrl,
        secrets,
        serverName,
        wanted,
      );
      counsellors.push(counsellor);
      teams.push({ ...wanted, userId: counsellor.userId });
    }

    const botConfigFile = path.join(options.dir, "bot.yaml");
    writeFileSync(
      botConfigFile,
      YAML.stringify({
        // The main process, as production's bot.yaml names it (http://synapse:8008): the bot
        // reaches paths no client route carries (the admin API, the openid check).
        homeserver: { url: mainUrl, serverName },
        appservice: {
          registrationFile: path.relative(options.dir, rendered.appserviceFile),
          bindAddress: "127.0.0.1",
          port: ports.appservice,
        },
        api: { bindAddress: "127.0.0.1", port: ports.bot },
        secretsFile: "secrets.json",
        stateDir: "bot-state",
        registrationTokenLifetimeSeconds: 300,
        helplines: botHelplineEntries(helplines, teams),
      }),
      { mode: 0o600 },
    );
    const startOurBot = (extra: StartBotOptions = {}) =>
      startBot(loadBotConfig(botConfigFile), {
        ...(options.unencryptedRoomsForTest ? { testOnly: { unencryptedRooms: true } } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        ...extra,
      });
    let bot = await startOurBot(options.botOptions);
    stoppers.push(() => bot.stop());

    // Each helpline's public key for its page, from its definition, where the bot cannot write.
    const provenanceDir = path.join(options.dir, "web-provenance");
    writeProvenanceFiles(provenanceDir, loadHelplines(loadBotConfig(botConfigFile)));
    // The bot's API port is fixed for the stack's life, so a restarted bot is found again.
    const web: RunningWebServer = await startWebServer({
      provenanceDir,
      root: options.webRoot ?? path.join(repoRoot, "web-client", "dist"),
      synapseUrl,
      botUrl: bot.apiUrl,
      port: ports.web,
      ...(options.webBindAddress ? { bindAddress: options.webBindAddress } : {}),
    });
    stoppers.push(() => web.close());

    return {
      dir: options.dir,
      serverName,
      synapseUrl,
      synapsePublicUrl,
      helplines: helplines.map((helpline) => ({
        ...helpline,
        counsellors: teams
          .filter((counsellor) => serves(counsellor, helpline))
          .map(({ userId }) => userId),
      })),
      // startWebServer's url does not bracket an IPv6 address.
      webUrl: options.webBindAddress?.includes(":")
        ? `http://[${options.webBindAddress}]:${ports.web}`
        : web.url,
      get bot() {
        return bot;
      },
      async restartBot(extra?: StartBotOptions) {
        await bot.stop();
        bot = await startOurBot(extra);
      },
      secrets,
      rendered,
      counsellors,
      get synapse() {
        return workers ? workers.main : synapse;
      },
      ...(workers ? { synapseWorkers: workers } : {}),
      async restartSynapse() {
        if (workers) {
          await workers.restartMain();
          return;
        }
        await synapse.stop();
        synapse = await startOurSynapse();
      },
      database: options.database,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
