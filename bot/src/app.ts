import { mkdirSync } from "node:fs";
import { helplineApiBase } from "@helpline/contract";
import { Appservice, MemoryStorageProvider } from "matrix-bot-sdk";
import { Bars } from "./api/abuse/bars.ts";
import { createAbuseProtection, refusalsOf } from "./api/abuse/protection.ts";
import { createApiApp } from "./api/app.ts";
import { listen, type ListeningServer } from "./api/listen.ts";
import { beginAppservice, hearRoomEvents } from "./matrix/appservice-listener.ts";
import { HeldEvents } from "./matrix/held-events.ts";
import { loadRegistrationFile, loadSecretsFile } from "./config/load.ts";
import type { BotConfig } from "./config/schema.ts";
import { IssuedTokens } from "./conversations/issued-tokens.ts";
import { CreationLane } from "./conversations/room-pool.ts";
import { recoverPoolRooms } from "./conversations/room-pool-recovery.ts";
import { createTokenSweeper } from "./conversations/token-sweep.ts";
import { loadHelplines } from "./helplines/definitions.ts";
import { startHelpline, type HelplineRuntime, type SharedRuntime } from "./helplines/runtime.ts";
import { fenceDir, moveSingleHelplineState } from "./helplines/state-dirs.ts";
import { createLogger, errorFields, type Logger } from "./logging/logger.ts";
import { quietSdkLogging } from "./logging/sdk-logger.ts";
import { provisionBotAdmin } from "./matrix/provision.ts";
import { adminSecret, writeAdminEndpoint } from "./operations/admin-endpoint.ts";
import { renderDeployment } from "./operations/metrics.ts";
import { stateDisk } from "./operations/operations.ts";
import { createPrivateApiApp } from "./operations/private-api.ts";
import { createReadiness, probeWritable } from "./operations/readiness.ts";
import { RolesStore } from "./operations/roles.ts";
import { RuntimeSampler } from "./operations/runtime-metrics.ts";
import { createSynapseHomeserver } from "./matrix/synapse-homeserver.ts";
import { fencedHomeserver } from "./matrix/fenced-homeserver.ts";
import { claimEpoch, epochFence } from "./permanence/journal/epoch.ts";
import { throwFenced } from "./permanence/journal/journal.ts";
import type { RoomEvent } from "./permanence/matrix/intake.ts";
import { systemClock, type Clock, type CommandRunner } from "./permanence/runtime.ts";

export interface StartedBot {
  apiUrl: string;
  /** The private listener: /metrics and the admin CLI's /admin/* (never proxied). */
  privateUrl: string;
  userId: string;
  /** The default (first) helpline's staff room. */
  staffRoomId: string;
  /** The helplines' ids, in the config's order (the first is the default). */
  helplineIds: readonly string[];
  staffRoomIdOf(helplineId: string): string;
  /** Where a helpline's own API is served: `<apiUrl>/api/h/<id>` (no trailing slash). */
  apiUrlOf(helplineId: string): string;
  /** Handles a tick now (tests move their clock, then call this instead of waiting). */
  tick(): Promise<void>;
  /** Waits until every event received so far is handled. */
  settled(): Promise<void>;
  /** The rooms a helpline's pool holds ready (tests, and anyone checking the pool). */
  pooledRooms(helplineId: string): readonly string[];
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /**
   * Programmatic only, never read from a config file: lets one test prove that the
   * "no plaintext in the database" check is able to fail.
   */
  testOnly?: {
    unencryptedRooms?: boolean;
    /**
     * Stops carrying commands out right after this command type succeeded, before it is confirmed
     * in the journal, as a crash (kill -9) at that exact moment would. The bot stays up but deaf.
     */
    crashAfterCommand?: string;
    /**
     * How long a youth waits for her room before she is told to ask again, and how long a room
     * made after that waits for her (conversations/late-rooms.ts; 15 s and 60 s otherwise). A
     * test's Synapse makes a room in a fraction of a second, never in the seconds a campaign
     * night's may take: only a shorter wait lets a test see a room made late.
     */
    lateRooms?: { answerWithinMs: number; claimWindowMs: number };
  };
  logger?: Logger;
  /** The permanence's only source of time; tests pass a clock they move by hand. */
  clock?: Clock;
  /** How often time is checked (offer timeouts, inactivity, closing). */
  tickIntervalMs?: number;
  /**
   * The epoch main.ts claimed in the deployment's fence folder (`fenceDir`) right after taking the
   * standby lock (permanence/journal/epoch.ts); claimed here when absent (no lock, or a test).
   */
  epoch?: number;
  /**
   * A newer bot claimed the fence folder: this one must stop before it writes or sends
   * anything. main.ts exits the process; the default throws JournalFencedError.
   */
  onFenced?: (fence: { epoch: number; newest: number }) => never;
}

/**
 * The folder of the deployment's epochs, which main.ts claims right after taking the standby lock
 * (helplines/state-dirs.ts): one epoch fences every helpline's journal and every Synapse call.
 */
export { fenceDir, journalDirOf } from "./helplines/state-dirs.ts";

/**
 * Starts the bot from a validated config: the appservice listener (for Synapse), the bot's admin
 * rights, then each helpline (its staff room and its permanence, rebuilt from its journal), then
 * the public API and the private one. Everything started is stopped again if a later step fails.
 */
export async function startBot(config: BotConfig, options?: StartBotOptions): Promise<StartedBot> {
  const logger = options?.logger ?? createLogger();
  const clock = options?.clock ?? systemClock;
  quietSdkLogging(logger);

  const registration = loadRegistrationFile(config.appservice.registrationFile);
  const secrets = loadSecretsFile(config.secretsFile);
  // Every definition is read before anything starts: one broken helpline stops the start.
  const configured = loadHelplines(config);
  const first = configured[0];
  if (first === undefined) throw new Error("the config has no helpline");

  const appservice = new Appservice({
    homeserverUrl: config.homeserver.url,
    homeserverName: config.homeserver.serverName,
    bindAddress: config.appservice.bindAddress,
    port: config.appservice.port,
    registration: {
      id: registration.id,
      url: registration.url ?? undefined,
      as_token: registration.as_token,
      hs_token: registration.hs_token,
      sender_localpart: registration.sender_localpart,
      namespaces: { users: registration.namespaces.users, rooms: [], aliases: [] },
      rate_limited: false,
    },
    // Transaction ids only. No crypto storage, ever: the bot must not hold room keys.
    storage: new MemoryStorageProvider(),
  });
  const botUserId = appservice.botUserId;
  // Fencing (docs/scaling.md): every call to Synapse and every write to any helpline's journal
  // first checks that no newer bot claimed the deployment's fence folder since this one did.
  const fence = fenceDir(config.stateDir);
  const epoch = options?.epoch ?? claimEpoch(fence);
  const onFenced = options?.onFenced ?? throwFenced;
  const homeserver = fencedHomeserver(
    createSynapseHomeserver({ baseUrl: config.homeserver.url, asToken: registration.as_token }),
    epochFence(fence, epoch, onFenced),
  );

  let api: ListeningServer | undefined;
  let privateApi: ListeningServer | undefined;
  const helplines: HelplineRuntime[] = [];
  let ticker: NodeJS.Timeout | undefined;
  let stopRuntimeSampler: (() => void) | undefined;
  let poolRecovery: Promise<void> | undefined;
  let poolsRecovered = false;
  const stopAll = async (): Promise<void> => {
    clearInterval(ticker);
    stopRuntimeSampler?.();
    await api?.close();
    await privateApi?.close();
    // Before the appservice stops listening: the events of a room being made are then delivered
    // to this bot, rather than failing and making Synapse back off from the next one.
    await poolRecovery;
    for (const helpline of helplines) await helpline.roomPool.close();
    appservice.stop();
    for (const helpline of helplines) await helpline.close();
  };
  let stopped: Promise<void> | undefined;
  // Once: a test (or a signal racing a failed start) may ask twice.
  const stop = (): Promise<void> => (stopped ??= stopAll());

  try {
    // begin() listens for Synapse's transactions and then ensures the bot's user is registered.
    // Synapse may deliver a transaction as soon as the listener is up, long before the helplines
    // are started: its events are kept until the helplines can take them (held-events.ts).
    const eventFailed = (error: unknown): void =>
      logger.error("appservice.event_failed", errorFields(error));
    const heard = new HeldEvents<[string, RoomEvent]>(eventFailed);
    hearRoomEvents(appservice, (roomId, event) => heard.hear([roomId, event]), eventFailed);
    await beginAppservice(appservice, config.appservice, registration.hs_token);
    await provisionBotAdmin({
      homeserver,
      botUserId,
      sharedSecret: secrets.registrationSharedSecret,
      logger,
    });
    mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
    if (moveSingleHelplineState(config.stateDir, first.id)) {
      logger.info("bot.state_moved_to_helpline", { helpline: first.id });
    }

    const roles = new RolesStore(config.stateDir);
    // Abuse protection lives in memory only (see api/abuse/): a restart forgets it all.
    const bars = new Bars();
    const crashAfter = options?.testOnly?.crashAfterCommand;
    const shared: SharedRuntime = {
      homeserver,
      botUserId,
      stateDir: config.stateDir,
      fence: { dir: fence, epoch, onFenced },
      clock,
      logger,
      roles,
      bars,
      presenceSecret: secrets.registrationSharedSecret,
      encryptedRooms: options?.testOnly?.unencryptedRooms !== true,
      // One creation at a time for the whole deployment: refills never crowd youths' requests.
      roomPool: { size: config.roomPool.size, lane: new CreationLane(1) },
      ...(crashAfter === undefined ? {} : { wrapRun: (run) => crashingAfter(run, crashAfter) }),
      ...(options?.testOnly?.lateRooms === undefined
        ? {}
        : { lateRoomTimes: options.testOnly.lateRooms }),
    };
    for (const helpline of configured) helplines.push(await startHelpline(shared, helpline));
    // In the background, so that the start does not wait on it: until it is done the pools are
    // empty and rooms are made on demand. Tried again on each tick until it succeeds.
    const recoverPools = (): void => {
      if (poolsRecovered || poolRecovery !== undefined) return;
      poolRecovery = recoverPoolRooms({
        homeserver,
        botUserId,
        inUse: (roomId) => helplines.some((helpline) => helpline.usesRoom(roomId)),
        pools: new Map(helplines.map((helpline) => [helpline.id, helpline.roomPool])),
        logger,
      })
        .then(
          () => {
            poolsRecovered = true;
          },
          (error: unknown) => logger.warn("room_pool.recovery_failed", errorFields(error)),
        )
        .finally(() => {
          poolRecovery = undefined;
        });
    };
    recoverPools();

    // Synapse asks the bot about an alias of its namespace (a side channel's) that it does not
    // know: there is no such room, and the bot creates none on demand. Unanswered, the lookup
    // would hang until Synapse gives up (a minute), holding up the erasure that made it.
    appservice.on("query.room", (_alias: string, answer: (result: false) => void) => answer(false));
    // Each event goes to the one helpline that owns its room (its staff room, or a conversation
    // it holds): no helpline's engine ever sees another's rooms.
    heard.open(([roomId, event]) => {
      helplines.find((helpline) => helpline.owns(roomId))?.handleRoomEvent(roomId, event);
    });
    // Synapse holds back what it could not deliver while the bot was down, and tries again only
    // after a backoff that grows to 8.5 minutes: a bot back after a long outage would hear
    // nothing (a youth arriving, a counsellor joining) until then. Asked to ping the bot, it
    // delivers at once. Not worth failing the start for: the backoff still ends by itself.
    await homeserver
      .resumeAppserviceDelivery(registration.id)
      .catch((error: unknown) =>
        logger.warn("appservice.delivery_not_resumed", errorFields(error)),
      );
    // Tokens left over from before this start can open nothing any more (issued-tokens.ts).
    const tokenSweeper = createTokenSweeper({ homeserver, now: () => clock.now(), logger });
    await tokenSweeper.atStartup();
    const tick = async () => {
      recoverPools();
      // One helpline's failure (its disk full, say) must not stop the others' time.
      const failures: unknown[] = [];
      for (const helpline of helplines)
        await helpline.tick().catch((e: unknown) => failures.push(e));
      await tokenSweeper.whenDue();
      // Which client opened a conversation is forgotten once the conversation is erased.
      bars.forgetAllBut(new Set(helplines.flatMap((helpline) => helpline.knownConversations())));
      if (failures.length > 0) throw failures[0];
    };
    ticker = setInterval(() => {
      tick().catch((error: unknown) => logger.error("permanence.tick_failed", errorFields(error)));
    }, options?.tickIntervalMs ?? 1000);

    const readiness = createReadiness({
      oldestPendingAt: () => {
        const pending = helplines.flatMap((helpline) => helpline.oldestPendingAt() ?? []);
        return pending.length === 0 ? null : Math.min(...pending);
      },
      now: () => clock.now(),
      pingHomeserver: (timeoutMs) => homeserver.ping(timeoutMs),
      probeJournal: () => {
        for (const helpline of helplines) probeWritable(helpline.journalDir);
      },
      logger,
    });

    const abuse = createAbuseProtection({
      now: clock.now(),
      trustProxy: config.api.trustProxy,
      config: config.abuse,
      bars,
    });
    const issuedTokens = new IssuedTokens();
    const app = createApiApp(
      helplines.map((helpline) => ({
        ...helpline.api,
        homeserver,
        issuedTokens,
        serverName: config.homeserver.serverName,
        botUserId,
        encryptedRooms: options?.testOnly?.unencryptedRooms !== true,
        now: () => clock.now(),
        registrationTokenLifetimeSeconds: config.registrationTokenLifetimeSeconds,
        logger,
        abuse,
        readiness: () => readiness.check(),
      })),
    );
    api = await listen(app, config.api.bindAddress, config.api.port);

    const runtime = new RuntimeSampler(Date.now() - process.uptime() * 1000);
    stopRuntimeSampler = () => runtime.stop();
    const secret = adminSecret(config.stateDir);
    privateApi = await listen(
      createPrivateApiApp({
        secret,
        metrics: async () =>
          renderDeployment(
            helplines.map((helpline) => ({ id: helpline.id, series: helpline.metrics() })),
            {
              readiness: await readiness.check(),
              refusals: refusalsOf(abuse),
              disk: stateDisk(config.stateDir, logger),
              runtime: await runtime.sample(),
            },
          ),
        helplines: new Map(helplines.map((helpline) => [helpline.id, helpline.admin])),
        defaultHelpline: first.id,
      }),
      config.privateApi.bindAddress,
      config.privateApi.port,
      "privateApi",
    );
    writeAdminEndpoint(config.stateDir, { url: privateApi.url, secret });

    if (options?.testOnly?.unencryptedRooms === true) {
      logger.warn("bot.unencrypted_rooms_for_tests");
    }
    logger.info("bot.started", {
      botUserId,
      helplines: helplines.map((helpline) => helpline.id).join(","),
      apiUrl: api.url,
    });
    const staffRoomIds = new Map(helplines.map((helpline) => [helpline.id, helpline.staffRoomId]));
    return {
      apiUrl: api.url,
      privateUrl: privateApi.url,
      userId: botUserId,
      staffRoomId: helplines[0]?.staffRoomId ?? "",
      helplineIds: helplines.map((helpline) => helpline.id),
      staffRoomIdOf(helplineId) {
        const roomId = staffRoomIds.get(helplineId);
        if (roomId === undefined) throw new Error(`no helpline "${helplineId}" in this bot`);
        return roomId;
      },
      apiUrlOf: (helplineId) => `${api?.url ?? ""}${helplineApiBase(helplineId)}`,
      pooledRooms(helplineId) {
        const helpline = helplines.find((h) => h.id === helplineId);
        if (helpline === undefined) throw new Error(`no helpline "${helplineId}" in this bot`);
        return helpline.roomPool.ready();
      },
      tick,
      settled: async () => {
        for (const helpline of helplines) await helpline.settled();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function crashingAfter(run: CommandRunner, commandType: string): CommandRunner {
  let crashed = false;
  return async (command, id) => {
    if (crashed) throw new Error("test crash: the bot is deaf until restarted");
    await run(command, id);
    if (command.type === commandType) {
      crashed = true;
      throw new Error(`test crash right after ${commandType}`);
    }
  };
}
