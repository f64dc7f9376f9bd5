import { describe, expect, it } from "vitest";
import type { ConversationPhase } from "../types.ts";
import { interpretConversationEvent, reconcileConversation, type RoomEvent } from "./intake.ts";
import { bot, camille, membership, room, stateWith, youth } from "./testing/conversation-room.ts";

const offered: ConversationPhase = { kind: "offered", counsellorId: camille, expiresAt: 1 };
const active: ConversationPhase = { kind: "active", counsellorId: camille, stage: "talking" };

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

  it("should read an invite by a member as a handover to judge, and the colleague's answer", () => {
    const alex = "@alex:x";
    expect(interpret(membership(camille, alex, "invite"), active)).toEqual([
      { type: "handover_invited", conversationId: room, by: camille, counsellorId: alex },
    ]);
    // Whoever invites whom: the engine decides (and revokes what is not a handover).
    expect(interpret(membership(alex, "@stranger:x", "invite"), offered)).toEqual([
      { type: "handover_invited", conversationId: room, by: alex, counsellorId: "@stranger:x" },
    ]);
    const pending: ConversationPhase = {
      kind: "active",
      counsellorId: camille,
      stage: "handing_over",
      to: alex,
    };
    const context = {
      botUserId: bot,
      counsellors: new Set([camille, alex]),
      state: stateWith(pending),
    };
    expect(interpretConversationEvent(membership(alex, alex, "leave"), context)).toEqual([
      { type: "handover_declined", conversationId: room, counsellorId: alex },
    ]);
    expect(interpretConversationEvent(membership(alex, alex, "join"), context)).toEqual([
      { type: "counsellor_joined", conversationId: room, counsellorId: alex },
    ]);
    // The bot's own invites and kicks (offers, withdrawals, removals) mean nothing.
    expect(interpret(membership(bot, alex, "invite"), active)).toEqual([]);
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

  it("should find a handover's invite, join or decline that happened while the bot was away", () => {
    const alex = "@alex:x";
    const pending: ConversationPhase = {
      kind: "active",
      counsellorId: camille,
      stage: "handing_over",
      to: alex,
    };
    const youthIn = { [youth]: { membership: "join" } };
    expect(
      reconcileConversation(
        room,
        {
          ...youthIn,
          [camille]: { membership: "join" },
          [alex]: { membership: "invite", sender: camille },
        },
        stateWith(active),
      ),
    ).toEqual([
      { type: "handover_invited", conversationId: room, by: camille, counsellorId: alex },
    ]);
    expect(
      reconcileConversation(
        room,
        { ...youthIn, [camille]: { membership: "leave" }, [alex]: { membership: "join" } },
        stateWith(pending),
      ),
    ).toEqual([{ type: "counsellor_joined", conversationId: room, counsellorId: alex }]);
    expect(
      reconcileConversation(
        room,
        { ...youthIn, [camille]: { membership: "join" } },
        stateWith(pending),
      ),
    ).toEqual([{ type: "handover_declined", conversationId: room, counsellorId: alex }]);
    expect(
      reconcileConversation(
        room,
        {
          ...youthIn,
          [camille]: { membership: "join" },
          [alex]: { membership: "invite", sender: camille },
        },
        stateWith(pending),
      ),
    ).toEqual([]);
  });
});

describe("reconcileConversation for a conversation sent back to the queue", () => {
  const lou = "@lou:x";
  const awaiting: ConversationPhase = {
    kind: "active",
    counsellorId: camille,
    stage: "awaiting_invite",
    requeuedAt: 0,
    to: lou,
    expiresAt: 90_000,
  };

  it("should not take a colleague who was never invited for one who declined", () => {
    const memberships = { [youth]: { membership: "join" }, [camille]: { membership: "join" } };
    expect(reconcileConversation(room, memberships, stateWith(awaiting))).toEqual([]);
  });

  it("should find the invite her console sent while the bot was away", () => {
    const memberships = {
      [youth]: { membership: "join" },
      [camille]: { membership: "join" },
      [lou]: { membership: "invite", sender: camille },
    };
    expect(reconcileConversation(room, memberships, stateWith(awaiting))).toEqual([
      { type: "handover_invited", conversationId: room, by: camille, counsellorId: lou },
    ]);
  });

  it("should still see the counsellor in charge leave", () => {
    const memberships = { [youth]: { membership: "join" } };
    expect(reconcileConversation(room, memberships, stateWith(awaiting))).toEqual([
      { type: "counsellor_left", conversationId: room, counsellorId: camille },
    ]);
  });
});
