import { describe, expect, it } from "vitest";
import {
  buildConversationRoom,
  buildPooledConversationRoom,
  onDemandFingerprint,
  poolMarkerType,
} from "./room-spec.ts";

const people = {
  botUserId: "@helpline-bot:localhost",
  youthId: "@youth-1a2b:localhost",
  counsellorIds: ["@intervenante:localhost", "@camille:localhost"],
  name: "Jeune 4821 · 18:42",
};

function stateOf(room: ReturnType<typeof buildConversationRoom>, type: string): unknown {
  return room.initial_state.find((event) => event.type === type)?.content;
}

describe("buildConversationRoom", () => {
  const room = buildConversationRoom({ ...people, encrypted: true });

  it("should make a private, invite-only room that never federates", () => {
    expect(room.preset).toBe("private_chat");
    expect(room.visibility).toBe("private");
    expect(room.creation_content).toEqual({ "m.federate": false });
    expect(stateOf(room, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(stateOf(room, "m.room.guest_access")).toEqual({ guest_access: "forbidden" });
  });

  it("should encrypt the room from its creation", () => {
    expect(stateOf(room, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
  });

  it("should use shared history so a later counsellor can receive it", () => {
    expect(stateOf(room, "m.room.history_visibility")).toEqual({ history_visibility: "shared" });
  });

  it("should invite the youth only: a counsellor is invited when offered the conversation", () => {
    expect(room.invite).toEqual([people.youthId]);
    expect(room.name).toBe("Jeune 4821 · 18:42");
  });

  it("should leave membership decisions to the bot alone", () => {
    expect(room.power_level_content_override).toEqual({
      users: {
        [people.botUserId]: 100,
        "@intervenante:localhost": 50,
        "@camille:localhost": 50,
        [people.youthId]: 0,
      },
      users_default: 0,
      events_default: 0,
      state_default: 100,
      invite: 50,
      kick: 100,
      ban: 100,
      redact: 50,
    });
  });

  it("should omit encryption only when asked to (the test-only switch)", () => {
    const plain = buildConversationRoom({ ...people, encrypted: false });
    expect(stateOf(plain, "m.room.encryption")).toBeUndefined();
    expect(stateOf(plain, "m.room.history_visibility")).toEqual({ history_visibility: "shared" });
  });
});

describe("buildConversationRoom for a helpline", () => {
  it("should mark the room as the helpline's, made on demand, so that a restart can find it", () => {
    const room = buildConversationRoom({
      ...people,
      encrypted: true,
      helplineId: "maintenant-jen-parle",
    });
    expect(stateOf(room, poolMarkerType)).toEqual({
      helpline: "maintenant-jen-parle",
      fingerprint: onDemandFingerprint,
    });
    // Everything else is the room made without the mark.
    const unmarked = buildConversationRoom({ ...people, encrypted: true });
    expect({
      ...room,
      initial_state: room.initial_state.filter((event) => event.type !== poolMarkerType),
    }).toEqual(unmarked);
  });
});

describe("buildPooledConversationRoom", () => {
  const onDemand = buildConversationRoom({ ...people, encrypted: true });
  const pooled = buildPooledConversationRoom({
    botUserId: people.botUserId,
    counsellorIds: people.counsellorIds,
    helplineId: "maintenant-jen-parle",
    encrypted: true,
  });

  it("should make the room made on demand, without the youth, its name and with a marker", () => {
    const { name: _name, invite: _invite, ...rest } = onDemand;
    const powerLevels = onDemand.power_level_content_override as { users: object };
    const { [people.youthId]: youthLevel, ...otherUsers } = powerLevels.users as Record<
      string,
      number
    >;
    expect(pooled.request).toEqual({
      ...rest,
      invite: [],
      power_level_content_override: { ...powerLevels, users: otherUsers },
      initial_state: [
        ...onDemand.initial_state,
        {
          type: poolMarkerType,
          state_key: "",
          content: { helpline: "maintenant-jen-parle", fingerprint: pooled.fingerprint },
        },
      ],
    });
    // Left out of the users, the youth has users_default: the level she has by name on demand.
    expect(youthLevel).toBe(0);
    expect(pooled.request.power_level_content_override.users_default).toBe(youthLevel);
  });

  it("should change its digest with the team, not with the team's order", () => {
    const made = (counsellorIds: string[], encrypted = true) =>
      buildPooledConversationRoom({
        botUserId: people.botUserId,
        counsellorIds,
        helplineId: "maintenant-jen-parle",
        encrypted,
      }).fingerprint;
    expect(made([...people.counsellorIds].reverse())).toBe(pooled.fingerprint);
    expect(made(["@intervenante:localhost"])).not.toBe(pooled.fingerprint);
    expect(made([...people.counsellorIds, "@alex:localhost"])).not.toBe(pooled.fingerprint);
    expect(made(people.counsellorIds, false)).not.toBe(pooled.fingerprint);
  });
});
