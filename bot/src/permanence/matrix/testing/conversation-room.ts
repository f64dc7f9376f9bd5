// One conversation room as the intake tests (intake.ts) see it: the state that holds it and the
// membership events that arrive in it.

import type { ConversationPhase, ConversationState, PermanenceState } from "../../types.ts";
import type { RoomEvent } from "../intake.ts";

export const bot = "@permanence:x";
export const camille = "@camille:x";
export const youth = "@y1:x";
export const room = "!room:x";

/**
 * The state with only "Jeune 4821" in `room`, in `phase`; queued unless active. `observers`
 * are the colleagues reading beside the counsellor, if any.
 */
export function stateWith(
  phase: ConversationPhase,
  observers?: ConversationState["observers"],
): PermanenceState {
  return {
    conversations: {
      [room]: {
        id: room,
        youthId: youth,
        reference: 4821,
        arrivedAt: 0,
        phase,
        lastActivityAt: 0,
        published: null,
        ...(observers === undefined ? {} : { observers }),
      },
    },
    queue: phase.kind === "active" ? [] : [room],
    counsellors: {},
    warnedForClosingAt: null,
    closedSlotAt: null,
  };
}

/** `sender` sets `target`'s membership in `room` to `value`. */
export function membership(sender: string, target: string, value: string): RoomEvent {
  return {
    room_id: room,
    type: "m.room.member",
    sender,
    state_key: target,
    content: { membership: value },
  };
}
