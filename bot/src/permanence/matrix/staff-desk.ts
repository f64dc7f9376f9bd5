import type { Logger } from "../../logging/logger.ts";
import type { Homeserver } from "../../matrix/homeserver.ts";
import { capacityOf, loadOf } from "../engine/state.ts";
import type { Permanence } from "../runtime.ts";
import { chooseCounsellor } from "../engine/assignment.ts";
import { mayBar } from "../engine/ending.ts";
import { handoverRefusal } from "../engine/handover.ts";
import { requeueRefusal } from "../engine/requeue.ts";
import {
  barRefusedReply,
  barReply,
  handOverInstructions,
  handOverRefusalReply,
  helpText,
  parseStaffMessage,
  renderStatus,
} from "../staff/index.ts";
import type { PermanenceSettings, Schedule } from "../types.ts";
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
}

/**
 * Answers counsellors in the staff room. Changes of availability and endings go through the
 * permanence (and so through its journal); status and help are answered directly. Anyone who is
 * not a configured counsellor is ignored, and so is ordinary talk (messages not starting with "!").
 */
export function createStaffDesk(deps: StaffDeskDeps) {
  const counsellors = new Set(deps.settings.counsellors.map((c) => c.userId));

  async function reply(event: RoomEvent & { event_id?: string }, body: string): Promise<void> {
    // Keyed on the event, so a transaction Synapse delivers again is not answered twice.
    const transactionId = `reply.${event.event_id ?? `${Date.now()}`}`;
    await deps.homeserver.sendNotice(deps.staffRoomId, body, transactionId);
  }

  function statusText(): string {
    const state = deps.permanence.state;
    const snapshot = deps.schedule(deps.permanence.now());
    return renderStatus(
      {
        counsellors: deps.settings.counsellors.map(({ userId }) => ({
          name: deps.displayName(userId),
          availability: state.counsellors[userId]?.availability ?? "off_duty",
          load: loadOf(state, userId),
          capacity: capacityOf(deps.settings, userId),
        })),
        queueLength: state.queue.length,
        open: snapshot.open,
        closesAt: snapshot.closesAt,
        nextOpensAt: snapshot.nextOpensAt,
      },
      deps.timeZone,
    );
  }

  /** The configured counsellor called `name` (local part, user id or display name), if one. */
  function counsellorNamed(name: string): string | undefined {
    return deps.settings.counsellors
      .map(({ userId }) => userId)
      .find((userId) =>
        [userId, /^@([^:]+):/.exec(userId)?.[1] ?? userId, deps.displayName(userId)].some(
          (candidate) => normalizedName(candidate) === name,
        ),
      );
  }

  /** `!passer`: checks what it can now, then says which invite to send (handover.ts). */
  function handOverReply(sender: string, reference: number, colleague: string): string {
    const conversation = Object.values(deps.permanence.state.conversations).find(
      (c) => c.reference === reference,
    );
    if (conversation === undefined) {
      return `Aucune conversation « Jeune ${reference} » en cours.\n\n${helpText()}`;
    }
    const colleagueId = counsellorNamed(colleague);
    if (colleagueId === undefined) {
      // The name typed is not repeated: only the names the helpline knows.
      const names = deps.settings.counsellors.map(({ userId }) => deps.displayName(userId));
      return `Je ne connais pas cette intervenante. Intervenantes : ${names.join(", ")}.\n\n${helpText()}`;
    }
    const name = deps.displayName(colleagueId);
    const refusal = handoverRefusal(
      deps.settings,
      deps.permanence.state,
      conversation.id,
      sender,
      colleagueId,
    );
    return refusal === null
      ? handOverInstructions(reference, colleagueId, name)
      : handOverRefusalReply(refusal, reference, deps.displayName(sender), name);
  }

  /**
   * `!relais`: the colleague the queue would serve next (on duty, least busy, longest idle), other
   * than the counsellor in charge; then the same invite as `!passer`. A free colleague on duty
   * means nobody is waiting in the queue, so no youth is passed over.
   */
  function handOverToNextReply(sender: string, reference: number): string {
    const state = deps.permanence.state;
    const conversation = Object.values(state.conversations).find((c) => c.reference === reference);
    if (conversation === undefined) {
      return `Aucune conversation « Jeune ${reference} » en cours.\n\n${helpText()}`;
    }
    const phase = conversation.phase;
    if (phase.kind !== "active" || phase.counsellorId !== sender) {
      return handOverRefusalReply("not_in_charge", reference, deps.displayName(sender), "");
    }
    const self = state.counsellors[sender];
    const others =
      self === undefined
        ? state
        : {
            ...state,
            counsellors: {
              ...state.counsellors,
              [sender]: { ...self, availability: "paused" as const },
            },
          };
    const colleagueId = chooseCounsellor(deps.settings, others);
    if (colleagueId === null) {
      return (
        `Aucune collègue en service n'est libre pour Jeune ${reference} pour l'instant. ` +
        `Réessaie !relais ${reference} plus tard, ou choisis une collègue : !passer ${reference} <prénom>.`
      );
    }
    return handOverInstructions(reference, colleagueId, deps.displayName(colleagueId));
  }

  function conversationWith(reference: number) {
    return Object.values(deps.permanence.state.conversations).find(
      (c) => c.reference === reference,
    );
  }

  /** Why `!file` cannot be done now, in words; null when it can. */
  function requeueRefusedReply(sender: string, reference: number): string | null {
    const conversation = conversationWith(reference);
    if (conversation === undefined) {
      return `Aucune conversation « Jeune ${reference} » en cours.\n\n${helpText()}`;
    }
    switch (requeueRefusal(deps.permanence.state, conversation.id, sender)) {
      case null:
        return null;
      case "not_in_charge":
        return handOverRefusalReply("not_in_charge", reference, deps.displayName(sender), "");
      case "already_requeued": {
        const phase = conversation.phase;
        const chosen = phase.kind === "active" ? phase.handoverTo : undefined;
        return chosen === undefined
          ? `Jeune ${reference} est déjà dans la file : une collègue la reprendra dès qu'elle sera libre.`
          : `Jeune ${reference} est déjà dans la file et ${deps.displayName(chosen)} va la reprendre. ` +
              `Si tu ne l'as pas encore invitée : /invite ${chosen}`;
      }
      case "handover_pending":
        return `Une collègue est déjà invitée à reprendre Jeune ${reference}.`;
    }
  }

  return {
    async handle(event: RoomEvent & { event_id?: string }): Promise<void> {
      if (event.type !== "m.room.message" || !counsellors.has(event.sender)) return;
      const body = event.content?.body;
      if (typeof body !== "string") return;
      const parsed = parseStaffMessage(body);
      if (parsed.kind === "not_a_command") return;
      if (parsed.kind === "invalid") {
        await reply(event, parsed.reply);
        return;
      }
      const command = parsed.command;
      deps.logger.info("staff_room.command", { command: command.kind });
      switch (command.kind) {
        case "help":
          await reply(event, helpText());
          return;
        case "status":
          await reply(event, statusText());
          return;
        case "hand_over":
          // Nothing changes yet: the handover starts with the invite from her own client.
          await reply(event, handOverReply(event.sender, command.reference, command.colleague));
          return;
        case "hand_over_to_next":
          await reply(event, handOverToNextReply(event.sender, command.reference));
          return;
        case "requeue_conversation": {
          const refused = requeueRefusedReply(event.sender, command.reference);
          if (refused !== null) {
            await reply(event, refused);
            return;
          }
          // The permanence announces it (and, once a colleague is free, whom to invite).
          await deps.permanence.dispatch({
            type: "requeue_requested",
            conversationId: conversationWith(command.reference)?.id ?? "",
            by: event.sender,
          });
          return;
        }
        case "availability": {
          const before = deps.permanence.state.counsellors[event.sender]?.availability;
          await deps.permanence.dispatch({
            type: "availability_set",
            counsellorId: event.sender,
            availability: command.availability,
          });
          // A real change is announced by the permanence itself; otherwise say where things stand.
          if (before === command.availability) await reply(event, statusText());
          return;
        }
        case "end_conversation":
        case "bar_conversation": {
          const conversation = Object.values(deps.permanence.state.conversations).find(
            (c) => c.reference === command.reference,
          );
          if (conversation === undefined) {
            await reply(event, `Aucune conversation « Jeune ${command.reference} » en cours.`);
            return;
          }
          if (
            command.kind === "bar_conversation" &&
            !mayBar(deps.permanence.state, conversation.id, event.sender)
          ) {
            await reply(event, barRefusedReply(command.reference));
            return;
          }
          // Barred before the end is known, so the youth cannot slip a new request in between.
          const barred =
            command.kind === "bar_conversation" ? (deps.bar?.(conversation.id) ?? false) : null;
          await deps.permanence.dispatch({
            type: "end_requested",
            conversationId: conversation.id,
            by: event.sender,
          });
          if (barred !== null) {
            await reply(event, barReply(command.reference, barred, deps.barMinutes ?? 0));
          }
          return;
        }
      }
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
