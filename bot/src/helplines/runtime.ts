import { OfferWatch } from "../permanence/matrix/offer-watch.ts";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Bars } from "../api/abuse/bars.ts";
import type { ApiDeps } from "../api/deps.ts";
import { FeedbackWindows, feedbackMarginMs } from "../conversations/feedback-window.ts";
import { LateRooms } from "../conversations/late-rooms.ts";
import { PresenceKeys } from "../conversations/presence-keys.ts";
import { RoomPool, type CreationLane } from "../conversations/room-pool.ts";
import { buildPooledConversationRoom } from "../conversations/room-spec.ts";
import { SideChannelAliases } from "../conversations/side-channel-room.ts";
import { caseCategoriesOf } from "../helpline/case-categories.ts";
import { createYouthFeedback } from "../conversations/youth-feedback.ts";
import { languages } from "../helpline/schema.ts";
import { toPermanenceSettings } from "../helpline/settings.ts";
import { errorFields, type Logger } from "../logging/logger.ts";
import type { Homeserver } from "../matrix/homeserver.ts";
import { createAdminDesk, createOperations } from "../operations/operations.ts";
import type { Series } from "../operations/metrics.ts";
import type { HelplineAdmin } from "../operations/private-api.ts";
import type { RolesStore } from "../operations/roles.ts";
import * as actions from "../permanence/actions/index.ts";
import { createCaseForms } from "../permanence/case-forms.ts";
import { freeReference, roomName, youthName } from "../permanence/conversation-names.ts";
import { createDesks } from "../permanence/desk.ts";
import { CounsellorNames } from "../permanence/matrix/counsellor-names.ts";
import { createMatrixExecutor } from "../permanence/matrix/executor.ts";
import {
  interpretConversationEvent,
  reconcileConversation,
  type RoomEvent,
} from "../permanence/matrix/intake.ts";
import { createStaffDesk } from "../permanence/matrix/staff-desk.ts";
import { ensureStaffRoom } from "../permanence/matrix/staff-room.ts";
import { PageWatch } from "../permanence/page-watch.ts";
import { createSideChannels } from "../permanence/side-channels.ts";
import { endedStatus, publicHelpline, publicStatus } from "../permanence/public-view.ts";
import { Permanence, type Clock, type CommandRunner } from "../permanence/runtime.ts";
import { createSchedule, localWallTime } from "../permanence/schedule/schedule.ts";
import {
  conversationOverReason,
  caseFormReminder,
  dangerAlert,
  inviteReason,
  renderNotice,
  staffRoomName,
  staffRoomTopic,
} from "../permanence/staff/index.ts";
import { reservedPlace, youthStatus } from "../permanence/engine/status.ts";
import { createYouthUrgent } from "../permanence/youth-urgent.ts";
import { createYouthPages } from "../permanence/youth-pages.ts";
import { vouchersFileOf, vouchersOf } from "../provenance/voucher-store.ts";
import type { ConfiguredHelpline } from "./definitions.ts";
import { helplineDir } from "./state-dirs.ts";

/** What every helpline of the deployment shares: one bot user, one Synapse, one abuse guard. */
export interface SharedRuntime {
  homeserver: Homeserver;
  botUserId: string;
  stateDir: string;
  /** The deployment's fence (app.ts): the folder of its epoch, and what to do when fenced. */
  fence: {
    dir: string;
    epoch: number;
    onFenced: (fence: { epoch: number; newest: number }) => never;
  };
  clock: Clock;
  logger: Logger;
  roles: RolesStore;
  bars: Bars;
  /** Signs the youths' presence keys (any secret of the installation will do). */
  presenceSecret: string;
  /** Tests only: fault injection around the executor. */
  wrapRun?: (run: CommandRunner) => CommandRunner;
  /** False only in the test that proves the "no plaintext in the database" check can fail. */
  encryptedRooms: boolean;
  /** Each helpline's pool of ready rooms: its size (0: off), and the lane they share. */
  roomPool: { size: number; lane: CreationLane };
  /** Tests only (StartBotOptions.testOnly.lateRooms); production's times otherwise. */
  lateRoomTimes?: { answerWithinMs: number; claimWindowMs: number };
}

/** The part of the public API a helpline serves itself (api/app.ts adds the shared part). */
export type HelplineApiDeps = Omit<
  ApiDeps,
  | "homeserver"
  | "issuedTokens"
  | "serverName"
  | "botUserId"
  | "encryptedRooms"
  | "now"
  | "logger"
  | "registrationTokenLifetimeSeconds"
  | "readiness"
  | "abuse"
>;

/** One running helpline: its permanence and everything that serves it. */
export interface HelplineRuntime {
  id: string;
  staffRoomId: string;
  counsellorIds: readonly string[];
  /** Its staff room, or a conversation it holds: the only rooms whose events it handles. */
  owns(roomId: string): boolean;
  handleRoomEvent(roomId: string, event: RoomEvent): void;
  /** Conversations and erasures it still knows (the bars forget every other opener). */
  knownConversations(): string[];
  /** Its staff room, a conversation, an erasure to come or a side channel of one. */
  usesRoom(roomId: string): boolean;
  /** Its conversation rooms made ahead of need. */
  roomPool: RoomPool;
  api: HelplineApiDeps;
  admin: HelplineAdmin;
  /** Its metrics, unlabelled (app.ts labels them with its id). */
  metrics(): Series[];
  oldestPendingAt(): number | null;
  journalDir: string;
  tick(): Promise<void>;
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The staff room's name: the helpline's, so that a counsellor in two teams tells them apart. */
export function staffRoomNameOf(helpline: ConfiguredHelpline): string {
  const { name, defaultLanguage } = helpline.definition;
  const shown = name.fr ?? name[defaultLanguage] ?? name.nl ?? name.en ?? helpline.id;
  return `${shown} — ${staffRoomName}`;
}

/**
 * Starts one helpline on the shared parts: its staff room, its permanence (rebuilt from its own
 * journal in `<stateDir>/helplines/<id>/`), its desks, youth pages and statistics.
 */
export async function startHelpline(
  shared: SharedRuntime,
  helpline: ConfiguredHelpline,
): Promise<HelplineRuntime> {
  const { homeserver, botUserId, clock, logger, roles, bars } = shared;
  const { definition, config } = helpline;
  const dir = helplineDir(shared.stateDir, helpline.id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const journalDir = path.join(dir, "permanence");
  const timeZone = definition.hours.timeZone;
  // An ended service admits no one (its definition's week never opens, and the API refuses every
  // admission with 410); its idle permanence keeps the code path the same as everyone else's.
  const ended = definition.ended !== undefined;
  const counsellorIds = config.counsellors.map((counsellor) => counsellor.userId);
  const context = {
    settings: toPermanenceSettings(definition, config.counsellors),
    schedule: createSchedule(definition.hours),
  };

  const staffRoomId = await ensureStaffRoom({
    homeserver,
    file: path.join(dir, "staff-room.json"),
    botUserId,
    counsellors: counsellorIds,
    name: staffRoomNameOf(helpline),
    topic: staffRoomTopic,
  });
  const names = new CounsellorNames(counsellorIds);
  await names.load(homeserver, logger);
  const displayName = (userId: string): string => names.nameOf(userId);
  const offerTimeoutMs = context.settings.offerTimeoutMs;
  const counsellorSet = new Set(counsellorIds);
  const sideChannelAliases = new SideChannelAliases(
    shared.presenceSecret,
    botUserId.slice(botUserId.indexOf(":") + 1),
  );
  const configuredSupervisors = new Set(
    config.counsellors.filter((c) => c.supervisor === true).map((c) => c.userId),
  );
  const isSupervisor = (userId: string): boolean =>
    configuredSupervisors.has(userId) || roles.isSupervisor(userId);
  // Before the executor: the journal's pending commands run as soon as the permanence opens, and
  // a counsellor's invite asks the pool first (readyForCounsellor). The pool makes nothing until
  // the recovery hands it its rooms (adopt).
  // The team is fixed for this run (the config is read at start): the pool's room is built once.
  // Rooms a previous run made for another team carry another digest and are never used.
  const poolRoom = buildPooledConversationRoom({
    botUserId,
    counsellorIds,
    helplineId: helpline.id,
    encrypted: shared.encryptedRooms,
  });
  const roomPool = new RoomPool({
    homeserver,
    helplineId: helpline.id,
    // An ended service admits no one: it keeps no room ready, and its old ones are deleted.
    size: ended ? 0 : shared.roomPool.size,
    spec: () => poolRoom,
    admitting: () => context.schedule(clock.now()).admitting,
    lane: shared.roomPool.lane,
    now: () => clock.now(),
    logger,
  });
  const executor: CommandRunner = createMatrixExecutor({
    homeserver,
    staffRoomId,
    readyForCounsellor: (conversationId) => roomPool.readyForCounsellor(conversationId),
    renderNotice: (notice) => {
      // The engine says who was on duty (or paused) when it was marked; the roles, who of them
      // supervises.
      if (notice.kind === "danger_marked") {
        return dangerAlert({
          reference: notice.reference,
          by: notice.by,
          teamOnDuty: notice.onDuty,
          supervisorsOnDuty: notice.onDuty.filter(isSupervisor),
          names: displayName,
        });
      }
      const text = renderNotice(notice, displayName, timeZone, offerTimeoutMs);
      // The case form is owed from the moment the end is durable (observed before any command).
      if (notice.kind !== "conversation_ended") return text;
      const by = caseForms.counsellorOf(notice.reference);
      return by === undefined ? text : text + caseFormReminder(notice.reference, displayName(by));
    },
    inviteReason: (writingAbout, urgent) => inviteReason(offerTimeoutMs, writingAbout, urgent),
    conversationOverReason,
    isCounsellor: (userId) => counsellorSet.has(userId),
    sideChannelAlias: (conversationId) => sideChannelAliases.alias(conversationId),
    botUserId,
  });
  const run = shared.wrapRun?.(executor) ?? executor;

  const operations = createOperations({
    stateDir: dir,
    timeZone,
    now: () => clock.now(),
    logger,
  });
  const caseCategories = caseCategoriesOf(definition);
  const caseForms = createCaseForms({
    categories: caseCategories.map(({ id }) => id),
    count: (form) => operations.caseForm(form),
    now: () => clock.now(),
  });
  const feedbackWindows = new FeedbackWindows();
  const live = await Permanence.open({
    dir: journalDir,
    context,
    run,
    clock,
    logger,
    observe: (change) => {
      operations.observe(change);
      caseForms.observe(change);
      // A conversation that leaves the state has ended: its youth may now give feedback.
      const until = change.at + context.settings.erasureGraceMs + feedbackMarginMs;
      for (const id of Object.keys(change.before.conversations)) {
        if (change.after.conversations[id] === undefined)
          feedbackWindows.ended(id, until, change.at);
      }
    },
    journal: {
      epoch: shared.fence.epoch,
      onFenced: shared.fence.onFenced,
      fenceDir: shared.fence.dir,
    },
  });

  try {
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
  } catch (error) {
    await live.close();
    throw error;
  }

  const offerWatch = new OfferWatch(homeserver, offerTimeoutMs);
  const barMs = definition.conversations.barMinutes * 60_000;
  const barOpenerOf = (conversationId: string) =>
    bars.barOpenerOf(conversationId, clock.now() + barMs);
  const sideChannels = createSideChannels({
    homeserver,
    aliases: sideChannelAliases,
    botUserId,
    // Always end-to-end encrypted, even in the tests that switch the conversations' off.
    encrypted: true,
    state: () => live.state,
    dispatch: (event) => live.dispatch(event),
    isSupervisor,
    logger,
  });
  const staffDesk = createStaffDesk({
    sideChannels,
    bar: barOpenerOf,
    barMinutes: definition.conversations.barMinutes,
    homeserver,
    permanence: live,
    staffRoomId,
    settings: context.settings,
    schedule: context.schedule,
    timeZone,
    displayName,
    logger,
    caseForms: { forms: caseForms, categories: caseCategories },
    isSupervisor,
  });
  const desks = createDesks({
    sideChannels,
    state: () => live.state,
    dispatch: (event) => live.dispatch(event),
    settings: context.settings,
    timeZone,
    cannedReplies: definition.cannedReplies,
    ...(definition.crisis === undefined ? {} : { crisis: definition.crisis }),
    isSupervisor,
    barOpenerOf,
    barMinutes: definition.conversations.barMinutes,
    caseForms: { forms: caseForms, categories: caseCategories },
  });
  const presenceKeys = new PresenceKeys(shared.presenceSecret);
  const youthPages = createYouthPages({
    keys: presenceKeys,
    watch: new PageWatch({
      visibleSilenceMs: definition.conversations.pageSilentSeconds * 1000,
      hiddenSilenceMs: definition.conversations.hiddenPageSilentMinutes * 60_000,
    }),
    state: () => live.state,
    dispatch: (event) => live.dispatch(event),
    now: () => clock.now(),
    logger,
  });

  return {
    id: helpline.id,
    staffRoomId,
    counsellorIds,
    journalDir,
    owns: (roomId) => roomId === staffRoomId || live.state.conversations[roomId] !== undefined,
    handleRoomEvent(roomId, event) {
      if (roomId === staffRoomId) {
        names.learn(event);
        staffDesk.handle(event).catch((error: unknown) => {
          logger.error("staff_room.handling_failed", {
            helpline: helpline.id,
            ...errorFields(error),
          });
        });
        return;
      }
      const events = interpretConversationEvent(
        { ...event, room_id: roomId },
        { botUserId, counsellors: counsellorSet, state: live.state },
      );
      for (const permanenceEvent of events) {
        live.dispatch(permanenceEvent).catch((error: unknown) => {
          logger.error("permanence.event_failed", { helpline: helpline.id, ...errorFields(error) });
        });
      }
    },
    knownConversations: () => [
      ...Object.keys(live.state.conversations),
      ...Object.keys(live.state.erasures ?? {}),
    ],
    usesRoom(roomId) {
      const { conversations, erasures = {} } = live.state;
      if (roomId === staffRoomId || conversations[roomId] !== undefined) return true;
      if (erasures[roomId] !== undefined) return true;
      return (
        Object.values(conversations).some((c) => c.sideChannel?.roomId === roomId) ||
        Object.values(erasures).some((erasure) => erasure.sideRoomId === roomId)
      );
    },
    roomPool,
    api: {
      helplineId: helpline.id,
      counsellorIds,
      roomPool,
      // Production's times are late-rooms.ts's and open-conversation.ts's own; tests shorten them.
      lateRooms: new LateRooms({
        homeserver,
        helplineId: helpline.id,
        logger,
        ...(shared.lateRoomTimes === undefined
          ? {}
          : { claimWindowMs: shared.lateRoomTimes.claimWindowMs }),
      }),
      ...(shared.lateRoomTimes === undefined
        ? {}
        : { answerWithinMs: shared.lateRoomTimes.answerWithinMs }),
      admission: {
        admitting: () => context.schedule(clock.now()).admitting,
        nextReference: () => freeReference(live.state, Math.random),
        roomName: (reference) => roomName(reference, clock.now(), timeZone),
        // Answered once the journal has her: her status and the offers follow behind, in order.
        arrive: (conversationId, youthId, reference, writingAbout, placeKey) =>
          live.record({
            type: "youth_arrived",
            conversationId,
            youthId,
            reference,
            ...(writingAbout === undefined ? {} : { writingAbout }),
            ...(placeKey === undefined ? {} : { reservationId: placeKey }),
          }),
        // Answered once the journal holds it: a restart keeps her place (engine/reservation.ts).
        reserve: async (placeKey) => {
          await live.record({ type: "place_reserved", reservationId: placeKey });
          return reservedPlace(context.settings, live.state, placeKey);
        },
        placeOf: (placeKey) => reservedPlace(context.settings, live.state, placeKey),
        youthName,
        conversationOf: (youthId) => {
          const conversation = Object.values(live.state.conversations).find(
            (c) => c.youthId === youthId,
          );
          return conversation === undefined
            ? undefined
            : { conversationId: conversation.id, reference: conversation.reference };
        },
        // What her status in the room will say (engine/status.ts), read from the state the
        // journal has: under load the room's status comes later, her page need not wait.
        firstStatusOf: (conversationId) => {
          const conversation = live.state.conversations[conversationId];
          if (conversation === undefined) return null;
          const status = youthStatus(context.settings, live.state, conversation);
          if (status.state === "counsellor_joining") return { joining: true };
          if (status.state !== "waiting") return null;
          const { position, estimatedWaitMinutes } = status;
          return { place: { position, estimatedWaitMinutes } };
        },
      },
      asksWhoIsWriting: definition.asksWhoIsWriting,
      ended,
      publicStatus: () => {
        if (ended) return endedStatus(timeZone);
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
      vouchersOf: (userId) => vouchersOf(vouchersFileOf(shared.stateDir, helpline.id), userId),
      youthPages,
      youthUrgent: createYouthUrgent({
        keys: presenceKeys,
        state: () => live.state,
        dispatch: (event) => live.dispatch(event),
      }),
      youthFeedback: createYouthFeedback({
        keys: presenceKeys,
        windows: feedbackWindows,
        now: () => clock.now(),
        count: (feedback) => operations.feedback(feedback),
      }),
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
    },
    admin: createAdminDesk({
      permanence: live,
      schedule: context.schedule,
      roles,
      settings: context.settings,
      helplineId: definition.id,
      now: () => clock.now(),
      eraseNow: (conversationId, youthId) =>
        run({ type: "erase_conversation", conversationId, youthId }, `admin.${conversationId}`),
    }),
    metrics: () => [
      ...operations.series({ permanence: live, schedule: context.schedule }),
      {
        name: "helpline_room_pool_ready",
        type: "gauge",
        help: "Conversation rooms made ahead of need and ready to be taken (roomPool.size at most)",
        samples: [`helpline_room_pool_ready ${roomPool.ready().length}`],
      },
    ],
    oldestPendingAt: () => live.oldestPendingAt,
    async tick() {
      // First: opening time is when the pool fills, whatever the rest of the tick does.
      roomPool.refill();
      await live.dispatch({ type: "tick" });
      await youthPages.tick();
      // Beside the tick, not in it: a slow Synapse must not hold back offers' expiry and erasures
      // (the watch runs one check at a time, and a dispatch after close changes nothing).
      void offerWatch
        .missedJoins(live.state, clock.now())
        .then(async (joins) => {
          for (const join of joins) {
            logger.warn("permanence.join_not_delivered");
            await live.dispatch(join);
          }
        })
        .catch((error: unknown) => logger.error("permanence.event_failed", errorFields(error)));
    },
    settled: () => live.settled(),
    async close() {
      await roomPool.close();
      await live.close();
    },
  };
}
