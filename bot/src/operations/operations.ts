import { statfsSync } from "node:fs";
import path from "node:path";
import { errorFields, type Logger } from "../logging/logger.ts";
import * as actions from "../permanence/actions/index.ts";
import { conversationsOf } from "../permanence/engine/state.ts";
import type { Permanence, PermanenceObserver } from "../permanence/runtime.ts";
import type { PermanenceSettings, Schedule } from "../permanence/types.ts";
import { FactTracker, type OperationsFact } from "./facts.ts";
import { Metrics, type DiskSample } from "./metrics.ts";
import type { AdminStatus, HelplineAdmin } from "./private-api.ts";
import type { RolesStore } from "./roles.ts";
import type { CaseForm, Feedback } from "@helpline/contract";
import {
  StatisticsStore,
  type StatisticsOnlyFact,
  type WritingAboutAnswer,
} from "./statistics-store.ts";

/** Facts for the statistics only: the permanence's metrics never see them. */
const statisticsOnlyKinds: ReadonlySet<string> = new Set<StatisticsOnlyFact["kind"]>([
  "closed_visit",
  "language",
  "writing_about",
  "case_form",
  "feedback",
]);

function isStatisticsOnly(fact: OperationsFact | StatisticsOnlyFact): fact is StatisticsOnlyFact {
  return statisticsOnlyKinds.has(fact.kind);
}

/**
 * Metrics and anonymous statistics, fed from the outside: the permanence's changes (observe), the
 * public status asked while closed, and the page's language. Statistics are written to
 * `<stateDir>/statistics/statistics.json`.
 */
export function createOperations(deps: {
  stateDir: string;
  timeZone: string;
  now(): number;
  logger: Logger;
}) {
  const startedAt = deps.now();
  const tracker = new FactTracker();
  const metrics = new Metrics();
  const statistics = new StatisticsStore(path.join(deps.stateDir, "statistics"), deps.timeZone);
  const count = (fact: OperationsFact | StatisticsOnlyFact, at: number) => {
    if (fact.kind === "closed_visit") metrics.recordClosedVisit();
    else if (!isStatisticsOnly(fact)) metrics.record(fact);
    try {
      statistics.count(fact, at);
    } catch (error) {
      deps.logger.error("statistics.write_failed", errorFields(error));
    }
  };
  const observe: PermanenceObserver = (change) => {
    for (const fact of tracker.factsOf(change)) count(fact, change.at);
  };
  return {
    observe,
    closedVisit: () => count({ kind: "closed_visit" }, deps.now()),
    /** The page language a youth's conversation was opened with (counted, never stored with it). */
    language: (language: string) => count({ kind: "language", language }, deps.now()),
    /**
     * The answer to "about myself / about someone close" a conversation was opened with, for a
     * service that asks it: a tally per day, never stored with the conversation.
     */
    writingAbout: (answer: WritingAboutAnswer) =>
      count({ kind: "writing_about", answer }, deps.now()),
    /** A counsellor's case form: each answer counted for the day, the form itself kept nowhere. */
    caseForm: (form: CaseForm) => count({ kind: "case_form", form }, deps.now()),
    /** A youth's feedback from the end screen: counted for the day, kept nowhere else. */
    feedback: (feedback: Feedback) => count({ kind: "feedback", feedback }, deps.now()),
    /** This helpline's metrics (the deployment's own are rendered beside them, app.ts). */
    series: (sources: { permanence: Permanence; schedule: Schedule }) =>
      metrics.series({
        state: sources.permanence.state,
        schedule: sources.schedule(deps.now()),
      }),
    startedAt,
  };
}

export type Operations = ReturnType<typeof createOperations>;

/** The state folder's filesystem, so that a filling disk alerts before the journal stops. */
export function stateDisk(dir: string, logger: Logger): DiskSample | null {
  try {
    const stats = statfsSync(dir);
    return { availableBytes: stats.bavail * stats.bsize, sizeBytes: stats.blocks * stats.bsize };
  } catch (error) {
    logger.warn("metrics.state_disk_unreadable", errorFields(error));
    return null;
  }
}

/** What the admin CLI may see and do, through the permanence like everything else. */
export function createAdminDesk(deps: {
  permanence: Permanence;
  schedule: Schedule;
  settings: PermanenceSettings;
  /** Where the operator's roles are kept (the engine is told of "disabled" too). */
  roles: RolesStore;
  helplineId: string;
  now(): number;
  /**
   * Carries out an erasure the permanence has already decided (it is in `state.erasures`), before
   * its grace period is over: the same command, by the same executor. Doing it again at the due
   * time is harmless (a deleted room and an erased account stay so).
   */
  eraseNow(conversationId: string, youthId: string): Promise<void>;
}): HelplineAdmin {
  const { permanence, roles } = deps;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const counsellorIds = deps.settings.counsellors.map(({ userId }) => userId);
  const closeConversation = async (reference: number) => {
    const outcome = actions.operatorClose(permanence.state, { reference });
    if ("refused" in outcome) return null;
    await actions.perform(outcome.events, permanence);
    if (permanence.state.conversations[outcome.conversationId] !== undefined) {
      throw new Error("the permanence did not end the conversation");
    }
    const erasure = permanence.state.erasures?.[outcome.conversationId];
    return { conversationId: outcome.conversationId, erasureAt: iso(erasure?.eraseAt ?? null) };
  };
  return {
    status(): AdminStatus {
      const now = deps.now();
      const snapshot = deps.schedule(now);
      const state = permanence.state;
      const conversations = Object.values(state.conversations);
      return {
        helpline: deps.helplineId,
        admitting: snapshot.admitting,
        open: snapshot.open,
        closesAt: iso(snapshot.closesAt),
        nextOpensAt: iso(snapshot.nextOpensAt),
        queue: state.queue.flatMap((id) => {
          const conversation = state.conversations[id];
          if (conversation === undefined || conversation.phase.kind === "active") return [];
          return [
            {
              reference: conversation.reference,
              waitingSeconds: Math.max(0, Math.round((now - conversation.arrivedAt) / 1000)),
              phase: conversation.phase.kind,
            },
          ];
        }),
        conversationsActive: conversations.filter((c) => c.phase.kind === "active").length,
        inProgress: conversations
          .filter((c) => c.phase.kind === "active")
          .sort((a, b) => a.arrivedAt - b.arrivedAt)
          .map((c) => ({
            reference: c.reference,
            sinceSeconds: Math.max(0, Math.round((now - c.arrivedAt) / 1000)),
          })),
        counsellors: Object.entries(state.counsellors)
          .filter(([userId]) => counsellorIds.includes(userId))
          .map(([userId, counsellor]) => ({
            userId,
            availability: counsellor.availability,
            activeConversations: conversationsOf(state, userId).length,
            disabled: counsellor.disabled === true,
            supervisor: roles.isSupervisor(userId),
          })),
      };
    },
    async closeConversation(reference) {
      const closed = await closeConversation(reference);
      return closed === null ? null : { erasureAt: closed.erasureAt };
    },
    async eraseConversation(reference) {
      const closed = await closeConversation(reference);
      if (closed === null) return null;
      const erasure = permanence.state.erasures?.[closed.conversationId];
      if (erasure === undefined) throw new Error("the permanence did not schedule the erasure");
      await deps.eraseNow(closed.conversationId, erasure.youthId);
      return { erased: true };
    },
    async setDisabled(userId, disabled) {
      const input = { counsellorId: userId, disabled };
      const outcome = actions.setDisabled(permanence.state, deps.settings, input);
      if ("refused" in outcome) return false;
      // The roles file first: it is what the bot reconciles the engine with at start.
      roles.setDisabled(userId, disabled);
      await actions.perform(outcome.events, permanence);
      return true;
    },
    setSupervisor(userId, supervisor) {
      if (!counsellorIds.includes(userId) || permanence.state.counsellors[userId] === undefined) {
        return false;
      }
      roles.setSupervisor(userId, supervisor);
      return true;
    },
  };
}
