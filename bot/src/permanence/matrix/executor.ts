import { statusEventType, youthPageEventType } from "@helpline/contract";
import { HomeserverError, type Homeserver } from "../../matrix/homeserver.ts";
import { PermanentCommandFailure, type CommandRunner } from "../runtime.ts";
import type { StaffAlert } from "../staff/danger-alert.ts";
import type { PermanenceCommand, StaffNotice, WritingAbout } from "../types.ts";

// The room state event types carrying the youth's status (her page reads it) and whether her page
// is still there (the console reads it) are the wire contract's. Metadata only: never any content.
export { statusEventType, youthPageEventType };

export interface ExecutorDeps {
  homeserver: Homeserver;
  staffRoomId: string;
  /** A notice's text; an alert (a message that mentions and so notifies people) for a few. */
  renderNotice: (notice: StaffNotice) => string | StaffAlert;
  /**
   * Shown with every invite the bot sends a counsellor: how long it stands, and the youth's answer
   * to "about myself / about someone close" if any (staff/render.ts).
   */
  inviteReason: (writingAbout: WritingAbout | undefined, urgent: boolean) => string;
  /** Shown to a counsellor removed from a conversation that is over. */
  conversationOverReason: string;
  /** The helpline's counsellors: the members removed from a conversation once it is over. */
  isCounsellor: (userId: string) => boolean;
  /**
   * The alias of a conversation's side channel (conversations/side-channel-room.ts): the erasure
   * finds a side room by it when none was recorded (created just before a crash).
   */
  sideChannelAlias?: (conversationId: string) => string;
  /** The bot's own user id: the one member a closed side channel keeps until its erasure. */
  botUserId?: string;
  /**
   * Resolves when a conversation room is ready for a counsellor: a room taken from the pool has
   * the youth's power level written after she was answered (conversations/room-pool.ts). Waiting
   * for it costs the other commands next to nothing: it was sent before she was answered, and
   * Synapse would have queued the invite behind it in her room anyway.
   */
  readyForCounsellor?: (conversationId: string) => Promise<void>;
}

/**
 * Carries the permanence's commands out on Matrix, each one idempotently. A refusal by Synapse
 * (4xx, other than rate limiting) will not change on retry: it is reported as permanent, so one
 * impossible command (a room deleted by an operator) cannot hold up all the others.
 */
export function createMatrixExecutor(deps: ExecutorDeps): CommandRunner {
  const run = carryOut(deps);
  return async (command, id) => {
    try {
      await run(command, id);
    } catch (error) {
      if (error instanceof HomeserverError && error.refusal) {
        throw new PermanentCommandFailure(`${command.type} refused by the homeserver`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}

function carryOut(deps: ExecutorDeps): CommandRunner {
  const { homeserver } = deps;
  return async (command: PermanenceCommand, id: string) => {
    switch (command.type) {
      case "invite":
        await deps.readyForCounsellor?.(command.conversationId);
        await homeserver.invite(
          command.conversationId,
          command.counsellorId,
          deps.inviteReason(command.writingAbout, command.urgent === true),
        );
        return;
      case "withdraw_invite":
      case "remove_counsellor":
        await homeserver.kick(command.conversationId, command.counsellorId);
        return;
      case "revoke_invite":
        await homeserver.kick(command.conversationId, command.userId);
        return;
      case "publish_status":
        await homeserver.setRoomState(command.conversationId, statusEventType, "", command.status);
        return;
      case "publish_youth_page":
        await homeserver.setRoomState(command.conversationId, youthPageEventType, "", command.page);
        return;
      case "notify_staff": {
        const rendered = deps.renderNotice(command.notice);
        if (typeof rendered === "string") {
          await homeserver.sendNotice(deps.staffRoomId, rendered, `notice.${id}`);
        } else {
          await homeserver.sendAlert(deps.staffRoomId, rendered, `notice.${id}`);
        }
        return;
      }
      case "close_conversation": {
        // The ended status, already published, is the mark; erasure follows after the grace
        // period. The counsellors still in the room are removed now, with the reason: Element
        // keeps a conversation she is still in among her rooms until it is erased, and one she was
        // removed from shows that it is over ("forget" then drops it). The youth stays: her page
        // shows the end, and her account and the room are erased after the grace period.
        const members = await homeserver.memberships(command.conversationId);
        for (const [userId, { membership }] of Object.entries(members)) {
          if (!deps.isCounsellor(userId) || !["join", "invite"].includes(membership)) continue;
          await homeserver.kick(command.conversationId, userId, deps.conversationOverReason);
        }
        return;
      }
      case "close_side_channel": {
        // Nothing more is said there once the conversation is over: everyone but the bot is
        // removed now, and the room is purged with the conversation's.
        const members = await homeserver.memberships(command.roomId);
        for (const [userId, { membership }] of Object.entries(members)) {
          if (userId === deps.botUserId || !["join", "invite"].includes(membership)) continue;
          await homeserver.kick(command.roomId, userId, deps.conversationOverReason);
        }
        return;
      }
      case "erase_conversation": {
        // The rooms first: it removes the counsellor too and purges every event; then the account.
        // The side channel is purged and blocked exactly as the conversation's room is.
        const sideRoomId =
          command.sideRoomId ??
          (deps.sideChannelAlias === undefined
            ? null
            : await homeserver.resolveAlias(deps.sideChannelAlias(command.conversationId)));
        await homeserver.deleteRoom(command.conversationId);
        if (sideRoomId !== null) await homeserver.deleteRoom(sideRoomId);
        await homeserver.eraseUser(command.youthId);
        return;
      }
    }
  };
}
