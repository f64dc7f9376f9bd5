import { describe, expect, it } from "vitest";
import type { ConversationPhase, PermanenceState } from "../types.ts";
import { interpretConversationEvent, reconcileConversation, type RoomEvent } from "./intake.ts";

const bot = "@permanence:x";
const camille = "@camille:x";
const youth = "@y1:x";
const room = "!room:x";

function stateWith(phase: ConversationPhase): PermanenceState {
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
      },
    },
    queue: phase.kind === "active" ? [] : [room],
    counsellors: {},
    warnedForClosingAt: null,
    closedSlotAt: null,
  };
}

const offered: ConversationPhase = { kind: "offered", counsellorId: camille, expiresAt: 1 };
const active: ConversationPhase = { kind: "active", counsellorId: camille };

function membership(sender: string, target: string, value: string): RoomEvent {
  return {
    room_id: room,
    type: "m.room.member",
    sender,
    state_key: target,
    content: { membership: value },
  };
}

function interpret(event: RoomEvent, phase: ConversationPhase) {
  return interpretConversationEvent(event, {
    botUserId: bot,
    counsellors: new Set([camille]),
    state: stateWith(phase),
  });
}

describe("interpretConversationEvent", () => {
  it("should read a counsellor's join, and her leaving as a decline or a departure", () => {
    expect(interpret(membership(camille, camille, "join"), offered)).toEqual([
      { type: "counsellor_joined", conversationId: room, counsellorId: camille },
    ]);
    expect(interpret(membership(camille, camille, "leave"), offered)).toEqual([
      { type: "counsellor_declined", conversationId: room, counsellorId: camille },
    ]);
    expect(interpret(membership(camille, camille, "leave"), active)).toEqual([
      { type: "counsellor_left", conversationId: room, counsellorId: camille },
    ]);
  });

  it("should read the youth leaving as the end, and a message as activity only", () => {
    expect(interpret(membership(youth, youth, "leave"), active)).toEqual([
      { type: "youth_left", conversationId: room },
    ]);
    const encrypted: RoomEvent = {
      room_id: room,
      type: "m.room.encrypted",
      sender: youth,
      content: {},
    };
    expect(interpret(encrypted, active)).toEqual([{ type: "activity", conversationId: room }]);
  });

  it("should ignore the bot's own actions, strangers and unknown rooms", () => {
    expect(interpret(membership(bot, camille, "leave"), offered)).toEqual([]);
    expect(interpret(membership("@stranger:x", "@stranger:x", "join"), active)).toEqual([]);
    expect(
      interpret({ ...membership(camille, camille, "join"), room_id: "!other:x" }, offered),
    ).toEqual([]);
  });
});

describe("reconcileConversation", () => {
  it("should find what happened while the bot was away", () => {
    expect(
      reconcileConversation(
        room,
        { [youth]: { membership: "join" }, [camille]: { membership: "join" } },
        stateWith(offered),
      ),
    ).toEqual([{ type: "counsellor_joined", conversationId: room, counsellorId: camille }]);
    expect(
      reconcileConversation(room, { [youth]: { membership: "join" } }, stateWith(offered)),
    ).toEqual([{ type: "counsellor_declined", conversationId: room, counsellorId: camille }]);
    expect(
      reconcileConversation(room, { [youth]: { membership: "leave" } }, stateWith(active)),
    ).toEqual([{ type: "youth_left", conversationId: room }]);
    expect(
      reconcileConversation(
        room,
        { [youth]: { membership: "join" }, [camille]: { membership: "invite" } },
        stateWith(offered),
      ),
    ).toEqual([]);
  });
});
