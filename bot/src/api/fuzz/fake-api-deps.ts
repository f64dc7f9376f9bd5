// The API's dependencies as in-memory fakes that write down every call able to change state, so a
// fuzz test can say "this request was refused and nothing changed". Anything not known to be a
// read counts as a change: a method added to the Homeserver later is watched without a new line.

import { abuseConfigSchema } from "../../config/schema.ts";
import { IssuedTokens, type ClaimResult } from "../../conversations/issued-tokens.ts";
import { createLogger } from "../../logging/logger.ts";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import type { Homeserver } from "../../matrix/homeserver.ts";
import { createReadiness } from "../../operations/readiness.ts";
import { decide, initialState, type EngineContext } from "../../permanence/engine/decide.ts";
import { putConversation, putCounsellor } from "../../permanence/engine/state.ts";
import { createDesks } from "../../permanence/desk.ts";
import { createCaseForms } from "../../permanence/case-forms.ts";
import { caseCategoriesOf } from "../../helpline/case-categories.ts";
import { FeedbackWindows } from "../../conversations/feedback-window.ts";
import { PresenceKeys } from "../../conversations/presence-keys.ts";
import { createYouthFeedback } from "../../conversations/youth-feedback.ts";
import { PageWatch } from "../../permanence/page-watch.ts";
import { createYouthPages } from "../../permanence/youth-pages.ts";
import { SideChannelAliases } from "../../conversations/side-channel-room.ts";
import { createSideChannels } from "../../permanence/side-channels.ts";
import { createYouthUrgent } from "../../permanence/youth-urgent.ts";
import type { PermanenceEvent, PermanenceState } from "../../permanence/types.ts";
import { solveProofOfWork, type Verdict } from "../abuse/proof-of-work.ts";
import { createAbuseProtection } from "../abuse/protection.ts";
import type { ApiDeps } from "../deps.ts";

export const serverName = "localhost";
export const botUserId = "@helpline-bot:localhost";
/** A counsellor and a supervisor (`supervisor: true`), as configured. */
export const counsellorId = "@intervenante:localhost";
/** A counsellor who is not a supervisor; always on duty, with room for any number of youths. */
export const colleagueId = "@collegue:localhost";
/** The fake world's helpline: its routes are also served under /api/h/<this>/. */
export const fakeHelplineId = "test-line";
export const youthId = "@youth-5e3c9a:localhost";

/** Homeserver calls that only read. Every other call is a state change. */
const homeserverReads = new Set<string>([
  "isBotAdmin",
  "getRegistrationToken",
  "openIdUserId",
  "memberships",
  "resolveAlias",
  "ping",
]);

/** Records issue, confirm and net claims (a claim that was released again changed nothing). */
class RecordingIssuedTokens extends IssuedTokens {
  constructor(private readonly record: (change: string) => void) {
    super();
  }
  override issue(token: string, expiresAt: number): void {
    this.record("issuedTokens.issue");
    super.issue(token, expiresAt);
  }
  override claim(token: string, now: number): ClaimResult {
    const result = super.claim(token, now);
    if (result === "claimed") this.record("issuedTokens.claim");
    return result;
  }
  override confirm(token: string): void {
    this.record("issuedTokens.confirm");
    super.confirm(token);
  }
  override release(token: string): void {
    this.record("issuedTokens.release");
    super.release(token);
  }
}

export interface FakeWorld {
  deps: ApiDeps;
  /** The real permanence engine's state, behind the real desks (permanence/desk.ts). */
  readonly state: PermanenceState;
  homeserver: FakeHomeserver;
  /** Every state change so far, in order. */
  changes: string[];
  logLines: string[];
  /** Whether the helpline admits youths now (tests flip it). */
  admitting: boolean;
  /** A request body that opens a conversation: a token issued and used, a fresh OpenID token. */
  conversationRequest(userId?: string): {
    registrationToken: string;
    openIdToken: Record<string, unknown>;
  };
  /** A fresh OpenID token for `userId`, as a counsellor's client would get from Synapse. */
  openIdToken(userId: string): string;
  /** The reference of a live conversation (or one nobody has, before any was opened). */
  liveReference(): number;
  /** A fresh conversation in `counsellor`'s charge (set up directly, not recorded). */
  activeReference(counsellor?: string): number;
  /** A fresh youth waiting in the queue (set up directly, not recorded). */
  waitingReference(): number;
  /** A conversation that just ended in `counsellor`'s charge: its case form is due. */
  endedReference(counsellor?: string): number;
  /** A challenge from the API's proof of work, solved: what the page sends for a token. */
  solvedChallenge(): { challenge: string; solution: string };
  /** What a waiting youth's page says while shown: a fresh conversation and its presence key. */
  heartbeat(): { conversationId: string; presenceKey: string; page: string; kept: boolean };
  /** The end screen's answers for a conversation that just ended (its window open). */
  feedback(): { conversationId: string; presenceKey: string; helped: string };
  /** "I am in danger now" from a fresh waiting youth's page. */
  urgent(): { conversationId: string; presenceKey: string };
}

/** Limits no fuzz run reaches: the fuzzer explores the endpoints, not the rate limiter. */
const unlimited = { capacity: 100_000, refillPerMinute: 100_000 };

/**
 * State changes of `changes` that remain once claims released in the same slice are paired off.
 * A refused request may claim a token and release it; it may not leave anything behind.
 */
export function netChanges(changes: readonly string[]): string[] {
  const net: string[] = [];
  for (const change of changes) {
    if (change === "issuedTokens.release") {
      const claim = net.lastIndexOf("issuedTokens.claim");
      if (claim !== -1) {
        net.splice(claim, 1);
        continue;
      }
    }
    net.push(change);
  }
  return net;
}

export function fakeWorld(now = Date.parse("2026-11-21T20:00:00.000Z")): FakeWorld {
  const changes: string[] = [];
  const logLines: string[] = [];
  const record = (change: string) => changes.push(change);
  const fake = new FakeHomeserver();
  const arrivals: { conversationId: string; youthId: string; reference: number }[] = [];
  const issuedTokens = new RecordingIssuedTokens(record);
  let references = 1000;

  // Cheap proofs (4 bits), so valid requests are easy to build; spending a proof is a change.
  const abuse = createAbuseProtection({
    now,
    trustProxy: true,
    config: abuseConfigSchema.parse({
      proofOfWorkBits: 4,
      rateLimits: {
        registrationTokens: unlimited,
        conversations: unlimited,
        challenges: unlimited,
        status: unlimited,
        counsellor: unlimited,
        counsellorTokenChecks: unlimited,
      },
    }),
  });
  const redeem = abuse.proofOfWork.redeem.bind(abuse.proofOfWork);
  abuse.proofOfWork.redeem = (challenge, solution, at): Verdict => {
    const verdict = redeem(challenge, solution, at);
    if (verdict === "valid") record("proofOfWork.spend");
    return verdict;
  };
  const bars = abuse.bars;
  const rememberOpener = bars.rememberOpener.bind(bars);
  bars.rememberOpener = (conversationId, clientKey) => {
    record("bars.rememberOpener");
    rememberOpener(conversationId, clientKey);
  };

  // The real engine, always open, with the two counsellors; the colleague is on duty and takes
  // any number of youths, so a "valid" assignment to her is always possible.
  const context: EngineContext = {
    settings: {
      counsellors: [{ userId: counsellorId }, { userId: colleagueId, maxConversations: 1_000_000 }],
      defaultMaxConversations: 2,
      offerTimeoutMs: 90_000,
      inactivityTimeoutMs: 30 * 60_000,
      closingWarningMs: 10 * 60_000,
      typicalConversationMs: 30 * 60_000,
      erasureGraceMs: 5 * 60_000,
    },
    schedule: () => ({
      open: true,
      admitting: true,
      closesAt: Number.MAX_SAFE_INTEGER,
      admissionEndsAt: Number.MAX_SAFE_INTEGER,
      nextOpensAt: null,
    }),
  };
  let state = initialState(context.settings, now);
  const colleague = state.counsellors[colleagueId];
  if (colleague !== undefined) {
    state = putCounsellor(state, colleagueId, { ...colleague, availability: "on_duty" });
  }
  // The real case forms, counted as a recorded change: a refused request must count none.
  const caseCategories = caseCategoriesOf({});
  const caseForms = createCaseForms({
    categories: caseCategories.map(({ id }) => id),
    count: () => record("operations.caseForm"),
    now: () => now,
  });
  const apply = (event: PermanenceEvent) => {
    const before = state;
    const decision = decide(context, state, event, now);
    state = decision.state;
    caseForms.observe({ before, event, after: state, commands: decision.commands, at: now });
  };
  const presenceKeys = new PresenceKeys("a fuzzed installation's secret");
  const feedbackWindows = new FeedbackWindows();
  let conversations = 0;
  /** Arrives without going through the recorded paths: set-up, not a request under test. */
  const arriveQuietly = (): { id: string; reference: number } => {
    conversations += 1;
    const id = `!conversation-${conversations}:localhost`;
    references += 1;
    apply({
      type: "youth_arrived",
      conversationId: id,
      youthId: `@y-${conversations}:localhost`,
      reference: references,
    });
    return { id, reference: references };
  };
  // The real side channels, over the recorded homeserver (declared below): a refused request
  // creates no room and dispatches nothing.
  const sideChannels = createSideChannels({
    homeserver: {
      createRoom: (request) => homeserver.createRoom(request),
      resolveAlias: (alias) => homeserver.resolveAlias(alias),
      invite: (roomId, userId) => homeserver.invite(roomId, userId),
      memberships: (roomId) => homeserver.memberships(roomId),
      kick: (roomId, userId, reason) => homeserver.kick(roomId, userId, reason),
    },
    aliases: new SideChannelAliases("a fuzzed installation's secret", "localhost"),
    botUserId,
    encrypted: true,
    logger: createLogger({ write: (line) => logLines.push(line) }),
    state: () => state,
    dispatch: async (event) => {
      record(`permanence.${event.type}`);
      apply(event);
    },
    isSupervisor: (userId) => userId === counsellorId,
  });
  const desks = createDesks({
    sideChannels,
    state: () => state,
    dispatch: async (event) => {
      record(`permanence.${event.type}`);
      apply(event);
    },
    settings: context.settings,
    timeZone: "Europe/Brussels",
    cannedReplies: [
      {
        id: "emergency",
        label: { fr: "Urgence" },
        text: { fr: "Si tu es en danger maintenant, appelle le 112." },
      },
    ],
    isSupervisor: (userId) => userId === counsellorId,
    barOpenerOf: () => true,
    barMinutes: 60,
    caseForms: { forms: caseForms, categories: caseCategories },
  });

  // A Proxy keeps FakeHomeserver's type while watching every method, present and future.
  const homeserver = new Proxy(fake, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        if (!homeserverReads.has(property)) record(`homeserver.${property}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Homeserver;

  const world: FakeWorld = {
    get state() {
      return state;
    },
    homeserver: fake,
    changes,
    logLines,
    admitting: true,
    deps: {
      helplineId: fakeHelplineId,
      homeserver,
      issuedTokens,
      serverName,
      botUserId,
      counsellorIds: [counsellorId, colleagueId],
      encryptedRooms: true,
      now: () => now,
      registrationTokenLifetimeSeconds: 300,
      logger: createLogger({ level: "debug", write: (line) => logLines.push(line) }),
      admission: {
        admitting: () => world.admitting,
        nextReference: () => (references += 1),
        roomName: (reference) => `Jeune ${reference}`,
        arrive: async (conversationId, youth, reference) => {
          record("admission.arrive");
          arrivals.push({ conversationId, youthId: youth, reference });
          apply({ type: "youth_arrived", conversationId, youthId: youth, reference });
        },
        conversationOf: (id) => arrivals.find((arrival) => arrival.youthId === id),
        youthName: (reference) => `Jeune ${reference}`,
        firstStatusOf: () => null,
        reserve: async () => null,
        placeOf: () => null,
      },
      publicStatus: () => ({
        open: world.admitting,
        admitting: world.admitting,
        closesAt: null,
        nextOpensAt: { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" },
        timeZone: "Europe/Brussels",
        waiting: arrivals.length,
        estimatedWaitMinutes: null,
      }),
      publicHelpline: () => ({ id: "maintenant-jen-parle" }),
      // Counting is the change an accepted answer makes; a refused one must make none.
      youthFeedback: createYouthFeedback({
        keys: presenceKeys,
        windows: feedbackWindows,
        now: () => now,
        count: () => record("statistics.feedback"),
      }),
      youthUrgent: createYouthUrgent({
        keys: presenceKeys,
        state: () => state,
        dispatch: async (event) => {
          record(`permanence.${event.type}`);
          apply(event);
        },
      }),
      youthPages: createYouthPages({
        keys: presenceKeys,
        watch: new PageWatch({ visibleSilenceMs: 90_000, hiddenSilenceMs: 600_000 }),
        state: () => state,
        dispatch: async (event) => {
          record(`permanence.${event.type}`);
          apply(event);
        },
        now: () => now,
        logger: createLogger({ write: (line) => logLines.push(line) }),
      }),
      // The real readiness over the fakes: an empty outbox, a fake Synapse that answers.
      readiness: createReadiness({
        oldestPendingAt: () => null,
        now: () => now,
        pingHomeserver: (timeoutMs) => homeserver.ping(timeoutMs),
        probeJournal: () => {},
        logger: createLogger({ write: (line) => logLines.push(line) }),
      }).check,
      abuse,
      counsellorDesk: desks.counsellor,
      supervisorDesk: desks.supervisor,
    },
    // Set up directly on the fakes, without going through the recorded paths: these are the
    // "youth's browser did its part" steps, not requests under test.
    conversationRequest(userId = `@youth-${fake.openIdTokens.size + 1}:localhost`) {
      const token = `tok-ready-${fake.tokens.size + 1}`;
      fake.tokens.set(token, { token, expiryTime: now + 300_000, completed: 1, pending: 0 });
      IssuedTokens.prototype.issue.call(issuedTokens, token, now + 300_000);
      return {
        registrationToken: token,
        openIdToken: {
          access_token: fake.issueOpenIdToken(userId),
          token_type: "Bearer",
          matrix_server_name: serverName,
          expires_in: 3600,
        },
      };
    },
    openIdToken: (userId) => fake.issueOpenIdToken(userId),
    liveReference: () => arrivals.at(-1)?.reference ?? 4821,
    activeReference(counsellor = counsellorId) {
      const { id, reference } = arriveQuietly();
      const conversation = state.conversations[id];
      if (conversation === undefined || state.counsellors[counsellor] === undefined) {
        return reference;
      }
      // Straight into her charge: the fuzzer needs one per request, whatever her capacity.
      state = putConversation(
        { ...state, queue: state.queue.filter((queued) => queued !== id) },
        { ...conversation, phase: { kind: "active", counsellorId: counsellor, stage: "talking" } },
      );
      return reference;
    },
    waitingReference: () => arriveQuietly().reference,
    endedReference(counsellor = counsellorId) {
      const reference = world.activeReference(counsellor);
      const id = Object.values(state.conversations).find((c) => c.reference === reference)?.id;
      if (id !== undefined) apply({ type: "end_requested", conversationId: id, by: counsellor });
      return reference;
    },
    feedback: () => {
      conversations += 1;
      const id = `!ended-${conversations}:localhost`;
      feedbackWindows.ended(id, now + 60_000, now);
      return { conversationId: id, presenceKey: presenceKeys.of(id), helped: "yes" };
    },
    urgent: () => {
      const { id } = arriveQuietly();
      return { conversationId: id, presenceKey: presenceKeys.of(id) };
    },
    heartbeat: () => {
      const { id } = arriveQuietly();
      return { conversationId: id, presenceKey: presenceKeys.of(id), page: "visible", kept: false };
    },
    solvedChallenge() {
      const { challenge, difficultyBits } = abuse.proofOfWork.issue(now);
      return { challenge, solution: solveProofOfWork(challenge, difficultyBits) };
    },
  };
  return world;
}
