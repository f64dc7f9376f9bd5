import { mkdirSync } from "node:fs";
import path from "node:path";
import { Appservice, MemoryStorageProvider } from "matrix-bot-sdk";
import { Bars } from "./api/abuse/bars.ts";
import { createAbuseProtection, refusalsOf } from "./api/abuse/protection.ts";
import { createApiApp } from "./api/app.ts";
import { listen, type ListeningServer } from "./api/listen.ts";
import { loadRegistrationFile, loadSecretsFile } from "./config/load.ts";
import type { BotConfig } from "./config/schema.ts";
import { IssuedTokens } from "./conversations/issued-tokens.ts";
import { PresenceKeys } from "./conversations/presence-keys.ts";
import { createTokenSweeper } from "./conversations/token-sweep.ts";
import { loadHelplineConfig } from "./helpline/load.ts";
import { languages } from "./helpline/schema.ts";
import { toPermanenceSettings } from "./helpline/settings.ts";
import { createLogger, errorFields, type Logger } from "./logging/logger.ts";
import { quietSdkLogging } from "./logging/sdk-logger.ts";
import { provisionBotAdmin } from "./matrix/provision.ts";
import { adminSecret, writeAdminEndpoint } from "./operations/admin-endpoint.ts";
import { createAdminDesk, createOperations } from "./operations/operations.ts";
import { createPrivateApiApp } from "./operations/private-api.ts";
import { createReadiness, probeWritable } from "./operations/readiness.ts";
import { RolesStore } from "./operations/roles.ts";
import { createSynapseHomeserver } from "./matrix/synapse-homeserver.ts";
import { fencedHomeserver } from "./matrix/fenced-homeserver.ts";
import { claimEpoch, epochFence } from "./permanence/journal/epoch.ts";
import { throwFenced } from "./permanence/journal/journal.ts";
import { freeReference, roomName, youthName } from "./permanence/conversation-names.ts";
import { CounsellorNames } from "./permanence/matrix/counsellor-names.ts";
import { createMatrixExecutor } from "./permanence/matrix/executor.ts";
import {
  interpretConversationEvent,
  reconcileConversation,
  type RoomEvent,
} from "./permanence/matrix/intake.ts";
import { createStaffDesk } from "./permanence/matrix/staff-desk.ts";
import { ensureStaffRoom } from "./permanence/matrix/staff-room.ts";
import * as actions from "./permanence/actions/index.ts";
import { createDesks } from "./permanence/desk.ts";
import { PageWatch } from "./permanence/page-watch.ts";
import { endedStatus, publicHelpline, publicStatus } from "./permanence/public-view.ts";
import { Permanence, systemClock, type Clock, type CommandRunner } from "./permanence/runtime.ts";
import { createSchedule, localWallTime } from "./permanence/schedule/schedule.ts";
import { createYouthPages } from "./permanence/youth-pages.ts";
import {
  conversationOverReason,
  inviteReason,
  renderNotice,
  staffRoomName,
  staffRoomTopic,
} from "./permanence/staff/index.ts";

export interface StartedBot {
  apiUrl: string;
  /** The private listener: /metrics and the admin CLI's /admin/* (never proxied). */
  privateUrl: string;
  userId: string;
  staffRoomId: string;
  /** Handles a tick now (tests move their clock, then call this instead of waiting). */
  tick(): Promise<void>;
  /** Waits until every event received so far is handled. */
  settled(): Promise<void>;
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
  };
  logger?: Logger;
  /** The permanence's only source of time; tests pass a clock they move by hand. */
  clock?: Clock;
  /** How often time is checked (offer timeouts, inactivity, closing). */
  tickIntervalMs?: number;
  /**
   * The epoch main.ts claimed in the journal's folder right after taking the standby lock
   * (permanence/journal/epoch.ts); claimed here when absent (no lock, or a test).
   */
  epoch?: number;
  /**
   * A newer bot claimed the journal's folder: this one must stop before it writes or sends
   * anything. main.ts exits the process; the default throws JournalFencedError.
   */
  onFenced?: (fence: { epoch: number; newest: number }) => never;
}

/** Where the permanence's journal lives in the state folder. */
export function permanenceDir(stateDir: string): string {
  return path.join(stateDir, "permanence");
}

/**
 * Starts the bot from a validated config: the appservice listener (for Synapse), the bot's admin
 * rights, the staff room, the permanence (rebuilt from its journal), then the public API.
 * Everything started is stopped again if a later step fails.
 */
export async function startBot(config: BotConfig, options?: StartBotOptions): Promise<StartedBot> {
  const logger = options?.logger ?? createLogger();
  const clock = options?.clock ?? systemClock;
  quietSdkLogging(logger);

  const registration = loadRegistrationFile(config.appservice.registrationFile);
  const secrets = loadSecretsFile(config.secretsFile);
  const helpline = config.helplines[0];
  if (helpline === undefined) throw new Error("the config has no helpline");
  const definition = loadHelplineConfig(helpline.definition);
  const timeZone = definition.hours.timeZone;
  const counsellorIds = helpline.counsellors.map((counsellor) => counsellor.userId);
  const context = {
    settings: toPermanenceSettings(definition, helpline.counsellors),
    schedule: createSchedule(definition.hours),
  };

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
  // Fencing (docs/scaling.md): every call to Synapse and every write to the journal first checks
  // that no newer bot claimed the journal's folder since this one did.
  const journalDir = permanenceDir(config.stateDir);
  const epoch = options?.epoch ?? claimEpoch(journalDir);
  const onFenced = options?.onFenced ?? throwFenced;
  const homeserver = fencedHomeserver(
    createSynapseHomeserver({ baseUrl: config.homeserver.url, asToken: registration.as_token }),
    epochFence(journalDir, epoch, onFenced),
  );

  let api: ListeningServer | undefined;
  let privateApi: ListeningServer | undefined;
  let permanence: Permanence | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let stopOperations: (() => void) | undefined;
  const stop = async (): Promise<void> => {
    clearInterval(ticker);
    stopOperations?.();
    await api?.close();
    await privateApi?.close();
    appservice.stop();
    await permanence?.close();
  };

  try {
    // begin() listens for Synapse's transactions and then ensures the bot's user is registered.
    await appservice.begin();
    await provisionBotAdmin({
      homeserver,
      botUserId,
      sharedSecret: secrets.registrationSharedSecret,
      logger,
    });
    mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
    const staffRoomId = await ensureStaffRoom({
      homeserver,
      file: path.join(config.stateDir, "staff-room.json"),
      botUserId,
      counsellors: counsellorIds,
      name: staffRoomName,
      topic: staffRoomTopic,
    });

    const names = new CounsellorNames(counsellorIds);
    await names.load(homeserver, logger);
    const displayName = (userId: string): string => names.nameOf(userId);
    const offerTimeoutMs = context.settings.offerTimeoutMs;
    const counsellorSet = new Set(counsellorIds);
    let run: CommandRunner = createMatrixExecutor({
      homeserver,
      staffRoomId,
      renderNotice: (notice) => renderNotice(notice, displayName, timeZone, offerTimeoutMs),
      inviteReason: (writingAbout) => inviteReason(offerTimeoutMs, writingAbout),
      conversationOverReason,
      isCounsellor: (userId) => counsellorSet.has(userId),
    });
    const crashAfter = options?.testOnly?.crashAfterCommand;
    if (crashAfter !== undefined) run = crashingAfter(run, crashAfter);

    const operations = createOperations({
      stateDir: config.stateDir,
      timeZone,
      now: () => clock.now(),
      logger,
    });
    stopOperations = operations.stop;
    const roles = new RolesStore(config.stateDir);
    permanence = await Permanence.open({
      dir: journalDir,
      context,
      run,
      clock,
      logger,
      observe: operations.observe,
      journal: { epoch, onFenced },
    });
    const live = permanence;

    // Events the bot received but had not written down when it was stopped are read back from
    // the rooms themselves. Only once Matrix has caught up with the journal: before that, a
    // missing invite means "not sent yet", not "declined".
    if (live.caughtUp) {
      for (const conversationId of Object.keys(live.state.conversations)) {
        const memberships = await homeserver.memberships(conversationId);
        for (const event of reconcileConversation(conversationId, memberships, live.state)) {
          await live.dispatch(event);
        }
      }
    }

    // The roles file is the operator's durable word on who is disabled: the engine is brought in
    // line with it, also when its journal was written before "disabled" was engine state.
    await actions.perform(
      actions.reconcileDisabled(live.state, context.settings, (userId) => roles.isDisabled(userId)),
      live,
    );

    // Abuse protection lives in memory only (see api/abuse/): a restart forgets it all.
    const bars = new Bars();
    const barMs = definition.conversations.barMinutes * 60_000;
    const staffDesk = createStaffDesk({
      bar: (conversationId) => bars.barOpenerOf(conversationId, clock.now() + barMs),
      barMinutes: definition.conversations.barMinutes,
      homeserver,
      permanence: live,
      staffRoomId,
      settings: context.settings,
      schedule: context.schedule,
      timeZone,
      displayName,
      logger,
    });
    const configuredSupervisors = new Set(
      helpline.counsellors.filter((c) => c.supervisor === true).map((c) => c.userId),
    );
    const desks = createDesks({
      state: () => live.state,
      dispatch: (event) => live.dispatch(event),
      settings: context.settings,
      timeZone,
      cannedReplies: definition.cannedReplies,
      isSupervisor: (userId) => configuredSupervisors.has(userId) || roles.isSupervisor(userId),
      barOpenerOf: (conversationId) => bars.barOpenerOf(conversationId, clock.now() + barMs),
      barMinutes: definition.conversations.barMinutes,
    });
    appservice.on("room.event", (roomId: string, event: RoomEvent) => {
      if (roomId === staffRoomId) {
        names.learn(event);
        staffDesk.handle(event).catch((error: unknown) => {
          logger.error("staff_room.handling_failed", errorFields(error));
        });
        return;
      }
      const events = interpretConversationEvent(
        { ...event, room_id: roomId },
        { botUserId, counsellors: counsellorSet, state: live.state },
      );
      for (const permanenceEvent of events) {
        live.dispatch(permanenceEvent).catch((error: unknown) => {
          logger.error("permanence.event_failed", errorFields(error));
        });
      }
    });
    const youthPages = createYouthPages({
      keys: new PresenceKeys(secrets.registrationSharedSecret),
      watch: new PageWatch({
        visibleSilenceMs: definition.conversations.pageSilentSeconds * 1000,
        hiddenSilenceMs: definition.conversations.hiddenPageSilentMinutes * 60_000,
      }),
      state: () => live.state,
      dispatch: (event) => live.dispatch(event),
      now: () => clock.now(),
      logger,
    });
    // Tokens left over from before this start can open nothing any more (issued-tokens.ts).
    const tokenSweeper = createTokenSweeper({ homeserver, now: () => clock.now(), logger });
    await tokenSweeper.atStartup();
    const tick = async () => {
      await live.dispatch({ type: "tick" });
      await youthPages.tick();
      await tokenSweeper.whenDue();
      // Which client opened a conversation is forgotten once the conversation is erased.
      bars.forgetAllBut(
        new Set([
          ...Object.keys(live.state.conversations),
          ...Object.keys(live.state.erasures ?? {}),
        ]),
      );
    };
    ticker = setInterval(() => {
      tick().catch((error: unknown) => logger.error("permanence.tick_failed", errorFields(error)));
    }, options?.tickIntervalMs ?? 1000);

    const readiness = createReadiness({
      oldestPendingAt: () => live.oldestPendingAt,
      now: () => clock.now(),
      pingHomeserver: (timeoutMs) => homeserver.ping(timeoutMs),
      probeJournal: () => probeWritable(journalDir),
      logger,
    });

    const abuse = createAbuseProtection({
      now: clock.now(),
      trustProxy: config.api.trustProxy,
      config: config.abuse,
      bars,
    });
    const app = createApiApp({
      homeserver,
      issuedTokens: new IssuedTokens(),
      serverName: config.homeserver.serverName,
      botUserId,
      counsellorIds,
      encryptedRooms: options?.testOnly?.unencryptedRooms !== true,
      now: () => clock.now(),
      registrationTokenLifetimeSeconds: config.registrationTokenLifetimeSeconds,
      logger,
      abuse,
      admission: {
        admitting: () => context.schedule(clock.now()).admitting,
        nextReference: () => freeReference(live.state, Math.random),
        roomName: (reference) => roomName(reference, clock.now(), timeZone),
        arrive: (conversationId, youthId, reference, writingAbout) =>
          live.dispatch({
            type: "youth_arrived",
            conversationId,
            youthId,
            reference,
            ...(writingAbout === undefined ? {} : { writingAbout }),
          }),
        youthName,
        conversationOf: (youthId) => {
          const conversation = Object.values(live.state.conversations).find(
            (c) => c.youthId === youthId,
          );
          return conversation === undefined
            ? undefined
            : { conversationId: conversation.id, reference: conversation.reference };
        },
      },
      asksWhoIsWriting: definition.asksWhoIsWriting,
      ended: definition.ended !== undefined,
      publicStatus: () => {
        if (definition.ended !== undefined) return endedStatus(timeZone);
        // Counted for the statistics: someone opened the page while nobody is admitted.
        if (!context.schedule(clock.now()).admitting) operations.closedVisit();
        return publicStatus({
          state: live.state,
          settings: context.settings,
          schedule: context.schedule(clock.now()),
          timeZone,
          localWallTime,
        });
      },
      publicHelpline: () => publicHelpline(definition),
      youthPages,
      readiness: () => readiness.check(),
      // Only the helpline's own languages are counted by name: nothing free-form is stored.
      conversationOpened: (language, writingAbout) => {
        if (definition.asksWhoIsWriting) operations.writingAbout(writingAbout ?? "unanswered");
        const primary = language?.toLowerCase().split("-")[0];
        operations.language(
          primary === undefined
            ? "unknown"
            : (languages as readonly string[]).includes(primary)
              ? primary
              : "other",
        );
      },
      counsellorDesk: desks.counsellor,
      supervisorDesk: desks.supervisor,
    });
    api = await listen(app, config.api.bindAddress, config.api.port);

    const secret = adminSecret(config.stateDir);
    privateApi = await listen(
      createPrivateApiApp({
        secret,
        metrics: () =>
          operations.renderMetrics({
            permanence: live,
            readiness,
            schedule: context.schedule,
            refusals: () => refusalsOf(abuse),
          }),
        ...createAdminDesk({
          permanence: live,
          schedule: context.schedule,
          roles,
          settings: context.settings,
          helplineId: definition.id,
          now: () => clock.now(),
          eraseNow: (conversationId, youthId) =>
            run({ type: "erase_conversation", conversationId, youthId }, `admin.${conversationId}`),
        }),
      }),
      config.privateApi.bindAddress,
      config.privateApi.port,
    );
    writeAdminEndpoint(config.stateDir, { url: privateApi.url, secret });

    if (options?.testOnly?.unencryptedRooms === true) {
      logger.warn("bot.unencrypted_rooms_for_tests");
    }
    logger.info("bot.started", { botUserId, helpline: definition.id, apiUrl: api.url });
    return {
      apiUrl: api.url,
      privateUrl: privateApi.url,
      userId: botUserId,
      staffRoomId,
      tick,
      settled: () => live.settled(),
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
