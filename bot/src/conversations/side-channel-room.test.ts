import { describe, expect, it } from "vitest";
import { buildSideChannelRoom, SideChannelAliases } from "./side-channel-room.ts";

describe("a side channel's room", () => {
  const room = buildSideChannelRoom({
    botUserId: "@bot:x",
    members: ["@alice:x", "@sam:x"],
    name: "Soutien · Jeune 4821",
    aliasLocalpart: "helpline-side-abc",
    encrypted: true,
  });

  it("should be encrypted from its first event, private, invite only and never federated", () => {
    expect(room.initial_state[0]).toEqual({
      type: "m.room.encryption",
      state_key: "",
      content: { algorithm: "m.megolm.v1.aes-sha2" },
    });
    expect(room).toMatchObject({
      preset: "private_chat",
      visibility: "private",
      creation_content: { "m.federate": false },
      invite: ["@alice:x", "@sam:x"],
    });
    expect(room.initial_state).toContainEqual({
      type: "m.room.join_rules",
      state_key: "",
      content: { join_rule: "invite" },
    });
    expect(room.initial_state).toContainEqual({
      type: "m.room.history_visibility",
      state_key: "",
      content: { history_visibility: "invited" },
    });
  });

  it("should let only the bot invite, so nobody can bring anyone else in", () => {
    expect(room.power_level_content_override).toMatchObject({
      users: { "@bot:x": 100, "@alice:x": 50, "@sam:x": 50 },
      invite: 100,
      kick: 100,
      state_default: 100,
    });
  });

  it("should derive one unguessable alias per conversation from the installation's secret", () => {
    const aliases = new SideChannelAliases("an installation secret of 32 chars", "x");
    const other = new SideChannelAliases("another installation's secret!!!", "x");
    expect(aliases.alias("!a:x")).toBe(aliases.alias("!a:x"));
    expect(aliases.alias("!a:x")).toMatch(/^#helpline-side-[0-9a-f]{40}:x$/);
    expect(aliases.alias("!a:x")).not.toBe(aliases.alias("!b:x"));
    expect(aliases.alias("!a:x")).not.toBe(other.alias("!a:x"));
  });
});
