// What Matrix membership events mean for an observer (engine/observers.ts): her leave or
// refusal, her removal by the counsellor in charge, and what a restart finds in the room.

import { describe, expect, it } from "vitest";
import type { ObserverState, PermanenceState } from "../types.ts";
import { interpretConversationEvent, reconcileConversation, type RoomEvent } from "./intake.ts";

const bot = "@permanence:x";
const camille = "@camille:x";
const sara = "@sara:x";
const youth = "@y1:x";
const room = "!room:x";

function stateWith(observer: ObserverState): PermanenceState {
  return {
    conversations: {
      [room]: {
        id: room,
        youthId: youth,
        reference: 4821,
        arrivedAt: 0,
        phase: { kind: "active", counsellorId: camille, stage: "talking" },
        lastActivityAt: 0,
        published: null,
        observers: { [sara]: observer },
      },
    },
    queue: [],
    counsellors: {},
    warnedForClosingAt: null,
    closedSlotAt: null,
  };
}

function membership(sender: string, target: string, value: string): RoomEvent {
  return {
    room_id: room,
    type: "m.room.member",
    sender,
    state_key: target,
    content: { membership: value },
  };
}

const interpret = (event: RoomEvent, observer: ObserverState) =>
  interpretConversationEvent(event, {
    botUserId: bot,
    counsellors: new Set([camille, sara]),
    state: stateWith(observer),
  });

describe("an observer's membership", () => {
  it("should be her join, her leave, her refusal, or her removal by the counsellor", () => {
    expect(interpret(membership(sara, sara, "join"), { stage: "invited" })).toEqual([
      { type: "counsellor_joined", conversationId: room, counsellorId: sara },
    ]);
    const left = [{ type: "observer_left", conversationId: room, observerId: sara }];
    expect(interpret(membership(sara, sara, "leave"), { stage: "joined" })).toEqual(left);
    expect(interpret(membership(sara, sara, "leave"), { stage: "invited" })).toEqual(left);
    expect(interpret(membership(camille, sara, "leave"), { stage: "joined" })).toEqual(left);
    // The counsellor's invite of a requested observer goes to the engine as any invite.
    expect(
      interpret(membership(camille, sara, "invite"), {
        stage: "requested",
        by: sara,
        expiresAt: 9,
      }),
    ).toEqual([
      { type: "handover_invited", conversationId: room, by: camille, counsellorId: sara },
    ]);
  });

  it("should be read again from the room after a restart", () => {
    const members = (value: string) => ({
      [youth]: { membership: "join" },
      [camille]: { membership: "join" },
      [sara]: { membership: value, sender: camille },
    });
    expect(reconcileConversation(room, members("join"), stateWith({ stage: "invited" }))).toEqual([
      { type: "counsellor_joined", conversationId: room, counsellorId: sara },
    ]);
    expect(reconcileConversation(room, members("leave"), stateWith({ stage: "joined" }))).toEqual([
      { type: "observer_left", conversationId: room, observerId: sara },
    ]);
    expect(reconcileConversation(room, members("join"), stateWith({ stage: "joined" }))).toEqual(
      [],
    );
    // Not invited yet is not a refusal: its expiry gives it up.
    const requested: ObserverState = { stage: "requested", by: sara, expiresAt: 9 };
    expect(reconcileConversation(room, members("leave"), stateWith(requested))).toEqual([]);
  });
});
