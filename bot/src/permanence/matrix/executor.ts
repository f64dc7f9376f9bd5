import { HomeserverError, type Homeserver } from "../../matrix/homeserver.ts";
import { PermanentCommandFailure, type CommandRunner } from "../runtime.ts";
import type { PermanenceCommand, StaffNotice } from "../types.ts";

/** Room state event type carrying the youth's status. Metadata only: never any content. */
export const statusEventType = "org.helplinechat.status";

export interface ExecutorDeps {
  homeserver: Homeserver;
  staffRoomId: string;
  renderNotice: (notice: StaffNotice) => string;
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
      if (
        error instanceof HomeserverError &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 429
      ) {
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
        await homeserver.invite(command.conversationId, command.counsellorId);
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
      case "notify_staff":
        await homeserver.sendNotice(
          deps.staffRoomId,
          deps.renderNotice(command.notice),
          `notice.${id}`,
        );
        return;
      case "close_conversation":
        // The ended status, already published, is the mark; erasure follows after the grace period.
        return;
      case "erase_conversation":
        // The room first: it removes the counsellor too and purges every event; then the account.
        await homeserver.deleteRoom(command.conversationId);
        await homeserver.eraseUser(command.youthId);
        return;
    }
  };
}
