// The counsellor in charge asks the supervisors on duty for help with a live conversation: a side
// channel (engine/side-channel.ts). Who may ask, and whom the bot invites: she and the supervisors
// on duty (on duty or paused), the side channel's existing room if any. The door creates or finds
// the room (../side-channels.ts), then dispatches `sideChannelOpened`.

import { sideChannelRefusal } from "../engine/side-channel.ts";
import type { ConversationState, PermanenceEvent, PermanenceState, UserId } from "../types.ts";
import { findByReference } from "./find.ts";

export type SideChannelRefused = { refused: "not_found" | "not_in_charge" };

export interface SideChannelRequest {
  conversation: ConversationState;
  /** The room already recorded for it; null: none yet (the door creates it). */
  existingRoomId: string | null;
  /** Supervisors on duty or paused, other than her, in the config's order. */
  supervisors: UserId[];
}

export function askForHelp(
  state: PermanenceState,
  by: UserId,
  input: { reference: number; isSupervisor: (userId: UserId) => boolean },
): SideChannelRefused | SideChannelRequest {
  const conversation = findByReference(state, input.reference);
  if (conversation === undefined) return { refused: "not_found" };
  const refusal = sideChannelRefusal(state, conversation.id, by);
  if (refusal !== null) return { refused: refusal };
  const supervisors = Object.entries(state.counsellors)
    .filter(
      ([userId, counsellor]) =>
        userId !== by && counsellor.availability !== "off_duty" && input.isSupervisor(userId),
    )
    .map(([userId]) => userId);
  return {
    conversation,
    existingRoomId: conversation.sideChannel?.roomId ?? null,
    supervisors,
  };
}

/** The event that records the side channel once the room exists and they were invited. */
export function sideChannelOpened(
  request: SideChannelRequest,
  by: UserId,
  roomId: string,
): PermanenceEvent {
  return {
    type: "side_channel_opened",
    conversationId: request.conversation.id,
    roomId,
    by,
    supervisors: request.supervisors,
  };
}
