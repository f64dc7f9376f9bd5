import type { HelplineDefinition } from "../helpline/schema.ts";
import { capacityOf, loadOf } from "./engine/state.ts";
import { estimateWaitMinutes } from "./engine/status.ts";
import type {
  Availability,
  PermanenceSettings,
  PermanenceState,
  ScheduleSnapshot,
} from "./types.ts";

// What the bot tells the outside world, computed from the state: pure, and free of personal data.

export interface InstantView {
  instant: string;
  /** Wall time in the helpline's zone, "YYYY-MM-DDTHH:MM", for display without a time-zone library. */
  local: string;
}

/** GET /api/status: for the youth's page, before anything is created. No personal data. */
export interface PublicStatus {
  open: boolean;
  admitting: boolean;
  closesAt: InstantView | null;
  nextOpensAt: InstantView | null;
  timeZone: string;
  waiting: number;
  /** For someone starting now; null when no counsellor is on duty. */
  estimatedWaitMinutes: number | null;
}

export function publicStatus(input: {
  state: PermanenceState;
  settings: PermanenceSettings;
  schedule: ScheduleSnapshot;
  timeZone: string;
  localWallTime: (instant: number, timeZone: string) => string;
}): PublicStatus {
  const at = (instant: number | null): InstantView | null =>
    instant === null
      ? null
      : {
          instant: new Date(instant).toISOString(),
          local: input.localWallTime(instant, input.timeZone),
        };
  const waiting = input.state.queue.length;
  return {
    open: input.schedule.open,
    admitting: input.schedule.admitting,
    closesAt: at(input.schedule.open ? input.schedule.closesAt : null),
    nextOpensAt: at(input.schedule.nextOpensAt),
    timeZone: input.timeZone,
    waiting,
    estimatedWaitMinutes: estimateWaitMinutes(input.settings, input.state, waiting + 1),
  };
}

/** GET /api/helpline: the service's public description, from its config file. */
export function publicHelpline(definition: HelplineDefinition) {
  return {
    id: definition.id,
    name: definition.name,
    defaultLanguage: definition.defaultLanguage,
    audience: definition.audience,
    timeZone: definition.hours.timeZone,
    weekly: definition.hours.weekly,
    resources: definition.resources,
    quickExitUrl: definition.quickExitUrl,
  };
}

/** GET /api/counsellor/me: a counsellor's own situation, and the queue as a count. */
export interface CounsellorView {
  userId: string;
  availability: Availability;
  load: number;
  capacity: number;
  conversations: { reference: number; state: "offered" | "active" }[];
  waiting: number;
}

export function counsellorView(
  state: PermanenceState,
  settings: PermanenceSettings,
  userId: string,
): CounsellorView | null {
  const counsellor = state.counsellors[userId];
  if (counsellor === undefined) return null;
  const conversations = Object.values(state.conversations).flatMap((conversation) => {
    const phase = conversation.phase;
    if (phase.kind === "queued" || phase.counsellorId !== userId) return [];
    return [{ reference: conversation.reference, state: phase.kind }];
  });
  return {
    userId,
    availability: counsellor.availability,
    load: loadOf(state, userId),
    capacity: capacityOf(settings, userId),
    conversations,
    waiting: state.queue.length,
  };
}
