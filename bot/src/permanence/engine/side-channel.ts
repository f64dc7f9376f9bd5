// A side channel: the counsellor in charge of a conversation asks the supervisors on duty for
// help, in an end-to-end encrypted room of their own that the youth never sees, tied to the
// conversation and erased with it (erasure.ts carries its room to the erasure).
//
// The bot creates the room before this event (permanence/side-channels.ts): creating it is I/O,
// and only a room that exists is recorded. Its creation is idempotent, keyed by the conversation
// (a room alias derived from the conversation id and the installation's secret), so a bot killed
// between creating the room and writing this event finds the same room again the next time she
// asks, and the erasure finds it even if she never asks again: never two, never lost, where the
// appservice registration reserves that alias (permanence/side-channels.ts says when it does not).
//
// The engine records the room once, with everyone the bot invited. Asking again reuses it: the
// event comes again with the same room and whoever was invited then (supervisors who came on duty
// since), and the staff room is told again. An event naming another room than the recorded one
// changes nothing: the recorded room is the side channel.

import type { ConversationId, Decision, PermanenceState, UserId } from "../types.ts";
import { unchanged } from "./decision.ts";
import { isInChargeOf } from "./phase.ts";
import { putConversation } from "./state.ts";

export type SideChannelRefusal = "not_in_charge";

/** Why `by` may not ask for help with this conversation now; null when she may. */
export function sideChannelRefusal(
  state: PermanenceState,
  conversationId: ConversationId,
  by: UserId,
): SideChannelRefusal | null {
  const phase = state.conversations[conversationId]?.phase;
  if (phase?.kind !== "active" || !isInChargeOf(phase, by)) return "not_in_charge";
  return null;
}

export function sideChannelOpened(
  state: PermanenceState,
  event: { conversationId: ConversationId; roomId: string; by: UserId; supervisors: UserId[] },
): Decision {
  const conversation = state.conversations[event.conversationId];
  if (conversation === undefined || sideChannelRefusal(state, event.conversationId, event.by)) {
    return unchanged(state);
  }
  const existing = conversation.sideChannel;
  if (existing !== undefined && existing.roomId !== event.roomId) return unchanged(state);
  const members = [...(existing?.members ?? [])];
  for (const userId of [event.by, ...event.supervisors]) {
    if (!members.includes(userId)) members.push(userId);
  }
  return {
    state: putConversation(state, {
      ...conversation,
      sideChannel: { roomId: event.roomId, by: existing?.by ?? event.by, members },
    }),
    commands: [
      {
        type: "notify_staff",
        notice: {
          kind: "side_channel_opened",
          reference: conversation.reference,
          by: event.by,
          supervisors: event.supervisors,
          again: existing !== undefined,
        },
      },
    ],
  };
}
