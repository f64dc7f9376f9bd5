// What a counsellor's console (and a supervisor's) may see and do through the bot's API. Reads are
// views of the permanence's state (public-view.ts); every change is an action (actions/), whose
// events go through the permanence, so through its journal, exactly as the staff room's commands
// do. A refused action changes nothing, and the API says why.

import type { CaseForm } from "@helpline/contract";
import type { Crisis } from "../helpline/crisis.ts";
import type { CannedReply, CaseCategory } from "../helpline/schema.ts";
import * as actions from "./actions/index.ts";
import type { CaseFormOutcome, CaseForms } from "./case-forms.ts";
import type { HelpOutcome, SideChannels } from "./side-channels.ts";
import {
  counsellorView,
  supervisorOverview,
  type CounsellorView,
  type SupervisorOverview,
} from "./public-view.ts";
import type {
  Availability,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  UserId,
} from "./types.ts";

export type EndResult = "ended" | "not_found";
export type RequeueResult = "requeued" | "not_found" | "already_requeued" | "handover_pending";
/** `marked`, or why not (actions/danger.ts); nothing changes on a refusal. */
export type DangerResult = "marked" | actions.DangerRefusal;
/** A colleague is to read a conversation: its counsellor's console invites her (observers.ts). */
export type ObserveResult = { requested: true; counsellorId: UserId } | actions.ObserveRefusal;
export type AssignResult =
  { offeredTo: UserId } | "not_found" | "not_a_counsellor" | "counsellor_unavailable";

/** A counsellor's own desk. Every method takes the authenticated counsellor's id. */
export interface CounsellorDesk {
  view(userId: UserId): CounsellorView | null;
  setAvailability(userId: UserId, availability: Availability): Promise<void>;
  /**
   * Ends the conversation with this reference and bars the client that opened it, as
   * `!bloquer` does in the staff room. Null when no live conversation has this reference.
   */
  bar?(userId: UserId, reference: number): Promise<{ barred: boolean; barMinutes: number } | null>;
  /** Ends one of her conversations (offered to her, or in her charge), as `!terminer` does. */
  end(userId: UserId, reference: number): Promise<EndResult>;
  /** Sends a conversation in her charge back to the queue (engine/requeue.ts). */
  requeue(userId: UserId, reference: number): Promise<RequeueResult>;
  /**
   * Marks a conversation "danger to life", as `!danger` does (engine/danger.ts): one in her
   * charge, or any conversation in progress when she is a supervisor.
   */
  markDanger?(userId: UserId, reference: number): Promise<DangerResult>;
  /** Files the case form of a conversation she had, as `!fiche` does (./case-forms.ts). */
  fileCaseForm?(userId: UserId, reference: number, form: CaseForm): CaseFormOutcome;
  /** Asks the supervisors on duty for help in a side channel, as `!aide 4821` does. */
  askForHelp?(userId: UserId, reference: number): Promise<HelpOutcome>;
  /** Asks for a colleague to read a conversation in her charge beside her (training). */
  addObserver?(userId: UserId, reference: number, colleagueId: UserId): Promise<ObserveResult>;
}

export interface SupervisorDesk {
  isSupervisor(userId: UserId): boolean;
  overview(): SupervisorOverview;
  /** Offers the waiting youth with this reference to `counsellorId` now (engine/reassign.ts). */
  assign(by: UserId, reference: number, counsellorId: UserId): Promise<AssignResult>;
  /** She asks to read the live conversation with this reference beside its counsellor. */
  join?(by: UserId, reference: number): Promise<ObserveResult>;
}

export interface DeskDeps {
  state(): PermanenceState;
  dispatch(event: PermanenceEvent): Promise<void>;
  settings: PermanenceSettings;
  timeZone: string;
  cannedReplies: readonly CannedReply[];
  /** The admin CLI's role, or `supervisor: true` in the bot config. */
  isSupervisor(userId: UserId): boolean;
  /** Bars the client that opened this conversation until the bar expires; false if unknown. */
  barOpenerOf(conversationId: string): boolean;
  barMinutes: number;
  /** The case forms she may still file, and the helpline's categories (issue 17). */
  caseForms?: { forms: CaseForms; categories: readonly CaseCategory[] };
  /** Side channels with the supervisors (./side-channels.ts). */
  sideChannels?: SideChannels;
  /** The helpline's guidance for a conversation marked "danger to life" (config `crisis`). */
  crisis?: Crisis;
}

export function createDesks(deps: DeskDeps): {
  counsellor: CounsellorDesk;
  supervisor: SupervisorDesk;
} {
  const counsellor: CounsellorDesk = {
    view(userId) {
      const view = counsellorView({
        state: deps.state(),
        settings: deps.settings,
        userId,
        timeZone: deps.timeZone,
        supervisor: deps.isSupervisor(userId),
        cannedReplies: deps.cannedReplies,
      });
      if (view === null) return view;
      const withCrisis =
        deps.crisis === undefined ? view : { ...view, crisis: structuredClone(deps.crisis) };
      if (deps.caseForms === undefined) return withCrisis;
      const { forms, categories } = deps.caseForms;
      return {
        ...withCrisis,
        caseFormsDue: forms.dueFor(userId).map(({ reference, until }) => ({
          reference,
          until: new Date(until).toISOString(),
        })),
        caseCategories: categories.map(({ id, label }) => ({ id, label: { ...label } })),
      };
    },
    fileCaseForm: (userId, reference, form) =>
      deps.caseForms?.forms.file(userId, reference, form) ?? "not_found",
    askForHelp: async (userId, reference) =>
      (await deps.sideChannels?.ask(userId, reference)) ?? { refused: "not_found" },
    async setAvailability(userId, availability) {
      // Already so, or disabled: nothing changes, and her view says how she is.
      const outcome = actions.setAvailability(deps.state(), userId, { availability });
      if (!("refused" in outcome)) await actions.perform(outcome.events, deps);
    },
    // The same as `!bloquer` in the staff room: bar first, so no new request slips in.
    async bar(userId, reference) {
      const outcome = actions.bar(deps.state(), userId, { reference });
      if ("refused" in outcome) return null;
      const barred = deps.barOpenerOf(outcome.conversationId);
      await actions.perform(outcome.events, deps);
      return { barred, barMinutes: deps.barMinutes };
    },
    async end(userId, reference) {
      const outcome = actions.end(deps.state(), userId, { reference, among: "hers" });
      if ("refused" in outcome) return "not_found";
      await actions.perform(outcome.events, deps);
      return "ended";
    },
    async markDanger(userId, reference) {
      const asSupervisor = deps.isSupervisor(userId);
      const outcome = actions.markDanger(deps.state(), userId, { reference, asSupervisor });
      if ("refused" in outcome) return outcome.refused;
      await actions.perform(outcome.events, deps);
      return "marked";
    },
    async requeue(userId, reference) {
      const outcome = actions.requeue(deps.state(), userId, { reference });
      if ("refused" in outcome) {
        return outcome.refused === "not_in_charge" ? "not_found" : outcome.refused;
      }
      await actions.perform(outcome.events, deps);
      return "requeued";
    },
    addObserver: (userId, reference, colleagueId) =>
      observe(deps, userId, { reference, observerId: colleagueId }),
  };
  const supervisor: SupervisorDesk = {
    isSupervisor: (userId) => deps.isSupervisor(userId),
    overview: () => supervisorOverview(deps.state(), deps.settings),
    async assign(by, reference, counsellorId) {
      const input = { reference, counsellorId };
      const outcome = actions.assign(deps.state(), deps.settings, by, input);
      if ("refused" in outcome) return outcome.refused;
      await actions.perform(outcome.events, deps);
      return { offeredTo: counsellorId };
    },
    join: (by, reference) => observe(deps, by, { reference, observerId: by }),
  };
  return { counsellor, supervisor };
}

async function observe(
  deps: DeskDeps,
  by: UserId,
  input: { reference: number; observerId: UserId },
): Promise<ObserveResult> {
  const outcome = actions.observe(deps.state(), deps.settings, by, {
    ...input,
    supervisor: deps.isSupervisor(by),
  });
  if ("refused" in outcome) return outcome.refused;
  await actions.perform(outcome.events, deps);
  return { requested: true, counsellorId: outcome.counsellorId };
}
