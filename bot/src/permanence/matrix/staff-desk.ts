import type { CaseCategory } from "../../helpline/schema.ts";
import { errorFields, type Logger } from "../../logging/logger.ts";
import type { Homeserver } from "../../matrix/homeserver.ts";
import * as actions from "../actions/index.ts";
import { capacityOf, loadOf } from "../engine/state.ts";
import type { CaseForms } from "../case-forms.ts";
import type { SideChannels } from "../side-channels.ts";
import type { Permanence } from "../runtime.ts";
import {
  availabilityRefusedReply,
  barRefusedReply,
  barReply,
  caseFormCodes,
  caseFormCodesRefusedReply,
  caseFormFiledReply,
  dangerRefusedReply,
  noCaseFormReply,
  readCaseFormCodes,
  endRefusedReply,
  handOverInstructions,
  handOverRefusedReply,
  handOverToNextRefusedReply,
  helpText,
  observeRefusedReply,
  parseStaffMessage,
  renderStatus,
  requeueRefusedReply,
  sideChannelRefusedReply,
  type Names,
  type StaffCommand,
} from "../staff/index.ts";
import type { PermanenceEvent, PermanenceSettings, Schedule, UserId } from "../types.ts";
import type { RoomEvent } from "./intake.ts";

export interface StaffDeskDeps {
  homeserver: Homeserver;
  permanence: Permanence;
  staffRoomId: string;
  settings: PermanenceSettings;
  schedule: Schedule;
  timeZone: string;
  displayName: (userId: string) => string;
  logger: Logger;
  /**
   * Bars the client that opened a conversation (api/abuse/bars.ts); false when the bot does not
   * know it (it restarted since). Without it, `!bloquer` only ends the conversation.
   */
  bar?: (conversationId: string) => boolean;
  barMinutes?: number;
  /** The case forms counsellors may still file (`!fiche`), and the helpline's categories. */
  caseForms?: { forms: CaseForms; categories: readonly CaseCategory[] };
  /** Side channels with the supervisors (`!aide 4821`). */
  sideChannels?: SideChannels;
  /** The admin CLI's role or `supervisor: true`: a supervisor may mark any conversation (`!danger`). */
  isSupervisor?: (userId: UserId) => boolean;
}

/**
 * Answers counsellors in the staff room: each command is an action (../actions/) whose events go
 * through the permanence (and so through its journal); status and help are answered directly. A
 * real change is announced by the permanence itself, so only refusals and instructions are
 * answered here. Anyone who is not a configured counsellor is ignored, and so is ordinary talk
 * (messages not starting with "!").
 */
export function createStaffDesk(deps: StaffDeskDeps) {
  const counsellors = new Set(deps.settings.counsellors.map((c) => c.userId));
  const state = () => deps.permanence.state;

  function statusText(): string {
    const snapshot = deps.schedule(deps.permanence.now());
    return renderStatus(
      {
        counsellors: deps.settings.counsellors.map(({ userId }) => ({
          name: deps.displayName(userId),
          availability: state().counsellors[userId]?.availability ?? "off_duty",
          load: loadOf(state(), userId),
          capacity: capacityOf(deps.settings, userId),
        })),
        queueLength: state().queue.length,
        open: snapshot.open,
        closesAt: snapshot.closesAt,
        nextOpensAt: snapshot.nextOpensAt,
      },
      deps.timeZone,
    );
  }

  /** The configured counsellor called `name` (local part, user id or display name), if one. */
  function counsellorNamed(name: string): UserId | undefined {
    return deps.settings.counsellors
      .map(({ userId }) => userId)
      .find((userId) =>
        [userId, /^@([^:]+):/.exec(userId)?.[1] ?? userId, deps.displayName(userId)].some(
          (candidate) => normalizedName(candidate) === name,
        ),
      );
  }

  const names: Names = {
    of: (userId) => deps.displayName(userId),
    team: () => deps.settings.counsellors.map(({ userId }) => deps.displayName(userId)),
  };

  /** The invite she must send herself: only her client can give the colleague the history. */
  const instructions = (reference: number, colleague: UserId) =>
    handOverInstructions(reference, colleague, deps.displayName(colleague));

  /** `!fiche 4821 [codes]`: the codes to use, or the form counted (../case-forms.ts). */
  function caseForm(sender: UserId, reference: number, answers: string | null): string {
    const { forms, categories } = deps.caseForms ?? { forms: undefined, categories: [] };
    if (!forms?.dueFor(sender).some((due) => due.reference === reference)) {
      return noCaseFormReply(reference);
    }
    const codes = caseFormCodes(
      reference,
      categories.map(({ id, label }) => ({ id, label: label.fr ?? label.nl ?? label.en ?? id })),
    );
    if (answers === null) return codes;
    const read = readCaseFormCodes(answers, forms.categories);
    if ("error" in read) return caseFormCodesRefusedReply(read.error, codes);
    return forms.file(sender, reference, read.form) === "filed"
      ? caseFormFiledReply(reference)
      : noCaseFormReply(reference);
  }

  /** A change the permanence announces itself in the staff room: nothing to answer. */
  async function announced(events: readonly PermanenceEvent[]): Promise<null> {
    await actions.perform(events, deps.permanence);
    return null;
  }

  /** The reply to one command; null when the permanence announces what happened itself. */
  async function answer(sender: UserId, command: StaffCommand): Promise<string | null> {
    switch (command.kind) {
      case "help":
        return helpText();
      case "status":
        return statusText();
      // Nothing changes yet: the handover starts with the invite from her own client.
      case "hand_over": {
        const { reference } = command;
        const colleague = counsellorNamed(command.colleague);
        const outcome = actions.handOver(state(), deps.settings, sender, { reference, colleague });
        return "refused" in outcome
          ? handOverRefusedReply(outcome.refused, reference, sender, colleague, names)
          : instructions(reference, outcome.colleague);
      }
      case "hand_over_to_next": {
        const { reference } = command;
        const outcome = actions.handOverToNext(state(), deps.settings, sender, { reference });
        return "refused" in outcome
          ? handOverToNextRefusedReply(outcome.refused, reference, sender, names)
          : instructions(reference, outcome.colleague);
      }
      // The permanence announces it (and, once a colleague is free, whom to invite).
      case "requeue_conversation": {
        const { reference } = command;
        const outcome = actions.requeue(state(), sender, { reference });
        return "refused" in outcome
          ? requeueRefusedReply(outcome, reference, sender, names)
          : announced(outcome.events);
      }
      // Already so: she is told so rather than shown the whole team.
      case "availability": {
        const { availability } = command;
        const outcome = actions.setAvailability(state(), sender, { availability });
        return "refused" in outcome
          ? availabilityRefusedReply(outcome.refused, availability)
          : announced(outcome.events);
      }
      // Anyone may end a youth's conversation while she waits.
      case "end_conversation": {
        const { reference } = command;
        const outcome = actions.end(state(), sender, { reference, among: "all" });
        return "refused" in outcome
          ? endRefusedReply(outcome.refused, reference)
          : announced(outcome.events);
      }
      case "case_form":
        return caseForm(sender, command.reference, command.answers);
      // The permanence announces it, with whom it invited (or that no supervisor is on duty).
      case "side_channel": {
        const { reference } = command;
        const outcome = (await deps.sideChannels?.ask(sender, reference)) ?? {
          refused: "not_found" as const,
        };
        return "refused" in outcome ? sideChannelRefusedReply(outcome.refused, reference) : null;
      }
      // The permanence announces it: the alert naming the supervisors on duty.
      case "mark_danger": {
        const { reference } = command;
        const asSupervisor = deps.isSupervisor?.(sender) ?? false;
        const outcome = actions.markDanger(state(), sender, { reference, asSupervisor });
        return "refused" in outcome
          ? dangerRefusedReply(outcome.refused, reference)
          : announced(outcome.events);
      }
      // The permanence announces it, with the invite the counsellor in charge must send.
      case "observe_conversation": {
        const { reference } = command;
        const outcome = actions.observe(state(), deps.settings, sender, {
          reference,
          observerId: sender,
          supervisor: deps.isSupervisor?.(sender) ?? false,
        });
        return "refused" in outcome
          ? observeRefusedReply(outcome.refused, reference)
          : announced(outcome.events);
      }
      case "bar_conversation": {
        const { reference } = command;
        const outcome = actions.bar(state(), sender, { reference });
        if ("refused" in outcome) return barRefusedReply(outcome.refused, reference);
        // Barred before the end is known, so the youth cannot slip a new request in between.
        const barred = deps.bar?.(outcome.conversationId) ?? false;
        await actions.perform(outcome.events, deps.permanence);
        return barReply(reference, barred, deps.barMinutes ?? 0);
      }
    }
  }

  /** Redacts a counsellor's message; a failure is logged, the command still answered. */
  async function redact(eventId: string | undefined): Promise<void> {
    if (eventId === undefined) return;
    try {
      await deps.homeserver.redact(deps.staffRoomId, eventId, `redact.${eventId}`);
    } catch (error) {
      deps.logger.warn("staff_room.redaction_failed", errorFields(error));
    }
  }

  return {
    async handle(event: RoomEvent & { event_id?: string }): Promise<void> {
      if (event.type !== "m.room.message" || !counsellors.has(event.sender)) return;
      const body = event.content?.body;
      if (typeof body !== "string") return;
      const parsed = parseStaffMessage(body);
      if (parsed.kind === "not_a_command") return;
      let text: string | null = parsed.kind === "invalid" ? parsed.reply : null;
      if (parsed.kind === "command") {
        deps.logger.info("staff_room.command", { command: parsed.command.kind });
        // A case form's answers, next to a conversation's number, must not stay in this room,
        // which is not end-to-end encrypted: the bot redacts her message first.
        if (parsed.command.kind === "case_form" && parsed.command.answers !== null) {
          await redact(event.event_id);
        }
        text = await answer(event.sender, parsed.command);
      }
      if (text === null) return;
      // Keyed on the event, so a transaction Synapse delivers again is not answered twice.
      const transactionId = `reply.${event.event_id ?? `${Date.now()}`}`;
      await deps.homeserver.sendNotice(deps.staffRoomId, text, transactionId);
    },
  };
}

/** As the staff room's parser reads names: lower case, no accents, spaces collapsed. */
function normalizedName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
