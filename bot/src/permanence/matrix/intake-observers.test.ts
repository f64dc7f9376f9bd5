// What Matrix membership events mean for an observer (engine/observers.ts): her leave or
// refusal, her removal by the counsellor in charge, and what a restart finds in the room.

import { describe, expect, it } from "vitest";
import type { ObserverState, PermanenceState } from "../types.ts";
import { interpretConversationEvent, reconcileConversation, type RoomEvent } from "./intake.ts";
import {
  bot,
  camille,
  membership,
  room,
  stateWith as conversationWith,
  youth,
} from "./testing/conversation-room.ts";

const sara = "@sara:x";

/** Camille talks with the youth; Sara reads beside her at `observer`'s stage. */
function stateWith(observer: ObserverState): PermanenceState {
  return conversationWith(
    { kind: "active", counsellorId: camille, stage: "talking" },
    {
      [sara]: observer,
    },
  );
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

  it("should not hide, after a restart, an invite sent meanwhile, nor read a ban as staying", () => {
    const bea = "@bea:x";
    const members = {
      [youth]: { membership: "join" },
      [camille]: { membership: "join" },
      [sara]: { membership: "ban", sender: camille },
      [bea]: { membership: "invite", sender: camille },
    };
    expect(reconcileConversation(room, members, stateWith({ stage: "joined" }))).toEqual([
      { type: "observer_left", conversationId: room, observerId: sara },
      { type: "handover_invited", conversationId: room, by: camille, counsellorId: bea },
    ]);
  });
});
