import path from "node:path";
import { errorFields, type Logger } from "../logging/logger.ts";
import type { Permanence, PermanenceObserver } from "../permanence/runtime.ts";
import type { Schedule } from "../permanence/types.ts";
import { FactTracker, type OperationsFact } from "./facts.ts";
import { Metrics, sampleProcess } from "./metrics.ts";
import type { AdminStatus, PrivateApiDeps } from "./private-api.ts";
import type { RolesStore } from "./roles.ts";
import { StatisticsStore, type StatisticsOnlyFact } from "./statistics-store.ts";

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
    if (fact.kind !== "closed_visit" && fact.kind !== "language") metrics.record(fact);
    else if (fact.kind === "closed_visit") metrics.recordClosedVisit();
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
    renderMetrics: (permanence: Permanence) =>
      metrics.render(permanence.state, sampleProcess(Date.now() - process.uptime() * 1000)),
    startedAt,
  };
}

export type Operations = ReturnType<typeof createOperations>;

/** What the admin CLI may see and do, through the permanence like everything else. */
export function createAdminDesk(deps: {
  permanence: Permanence;
  schedule: Schedule;
  roles: RolesStore;
  counsellorIds: readonly string[];
  helplineId: string;
  now(): number;
  /**
   * Carries out an erasure the permanence has already decided (it is in `state.erasures`), before
   * its grace period is over: the same command, by the same executor. Doing it again at the due
   * time is harmless (a deleted room and an erased account stay so).
   */
  eraseNow(conversationId: string, youthId: string): Promise<void>;
}): Omit<PrivateApiDeps, "secret" | "metrics"> {
  const { permanence, roles } = deps;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const configured = (userId: string) =>
    deps.counsellorIds.includes(userId) && permanence.state.counsellors[userId] !== undefined;
  const closeConversation = async (reference: number) => {
    const state = permanence.state;
    const conversation = Object.values(state.conversations).find(
      (candidate) => candidate.reference === reference,
    );
    if (conversation === undefined) return null;
    // The engine ends a conversation at a counsellor's request: the one in it, or else any
    // counsellor (a waiting youth has nobody yet). The reason shown is "ended by the helpline".
    const by =
      conversation.phase.kind === "queued"
        ? Object.keys(state.counsellors)[0]
        : conversation.phase.counsellorId;
    if (by === undefined) return null;
    await permanence.dispatch({ type: "end_requested", conversationId: conversation.id, by });
    const erasure = permanence.state.erasures?.[conversation.id];
    if (permanence.state.conversations[conversation.id] !== undefined) {
      throw new Error("the permanence did not end the conversation");
    }
    return { erasureAt: iso(erasure?.eraseAt ?? null) };
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
          .filter(([userId]) => deps.counsellorIds.includes(userId))
          .map(([userId, counsellor]) => ({
            userId,
            availability: counsellor.availability,
            activeConversations: counsellor.active.length,
            disabled: roles.isDisabled(userId),
            supervisor: roles.isSupervisor(userId),
          })),
      };
    },
    closeConversation,
    async eraseConversation(reference) {
      const conversation = Object.values(permanence.state.conversations).find(
        (candidate) => candidate.reference === reference,
      );
      if (conversation === undefined) return null;
      const closed = await closeConversation(reference);
      if (closed === null) return null;
      const erasure = permanence.state.erasures?.[conversation.id];
      if (erasure === undefined) throw new Error("the permanence did not schedule the erasure");
      await deps.eraseNow(conversation.id, erasure.youthId);
      return { erased: true };
    },
    async setDisabled(userId, disabled) {
      if (!configured(userId)) return false;
      roles.setDisabled(userId, disabled);
      if (disabled) {
        await permanence.dispatch({
          type: "availability_set",
          counsellorId: userId,
          availability: "off_duty",
        });
      }
      return true;
    },
    setSupervisor(userId, supervisor) {
      if (!configured(userId)) return false;
      roles.setSupervisor(userId, supervisor);
      return true;
    },
  };
}
