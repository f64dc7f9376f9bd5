import { describe, expect, it } from "vitest";
import { SideChannelAliases } from "../conversations/side-channel-room.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { HomeserverError } from "../matrix/homeserver.ts";
import { Permanence, second, settingsFor } from "./engine/testing/scenario.ts";
import { createSideChannels } from "./side-channels.ts";
import type { PermanenceEvent } from "./types.ts";

/** Whom the bot invited into a room (outside createRoom), in order. */
function invited(homeserver: FakeHomeserver, roomId: string): string[] {
  return homeserver.reasons
    .filter((r) => r.roomId === roomId && r.action === "invite")
    .map((r) => r.userId);
}

const supervisors = new Set(["@sophie:localhost", "@marie:localhost"]);

/** Alice talks with "Jeune 4821"; Sophie (supervisor) is on duty, Marie (supervisor) is not. */
function world() {
  const permanence = new Permanence(
    settingsFor([
      { userId: "@alice:localhost" },
      { userId: "@sophie:localhost" },
      { userId: "@marie:localhost" },
      { userId: "@bea:localhost" },
    ]),
  );
  permanence.counsellorGoesOnDuty("@alice:localhost");
  permanence.youthArrives("!a:localhost", 4821);
  permanence.counsellorJoins("!a:localhost", "@alice:localhost");
  permanence.counsellorGoesOnDuty("@sophie:localhost");
  permanence.counsellorGoesOnDuty("@bea:localhost");
  permanence.clockAdvances(second);
  const homeserver = new FakeHomeserver();
  const dispatched: PermanenceEvent[] = [];
  const warnings: Record<string, unknown>[] = [];
  const aliases = new SideChannelAliases("an installation secret of 32 chars", "localhost");
  const sideChannels = createSideChannels({
    homeserver,
    aliases,
    botUserId: "@bot:localhost",
    encrypted: true,
    state: () => permanence.state,
    dispatch: async (event) => {
      dispatched.push(event);
      permanence.happens(event);
    },
    isSupervisor: (userId) => supervisors.has(userId),
    logger: { warn: (event, fields) => warnings.push({ event, ...fields }) },
  });
  return { permanence, homeserver, dispatched, sideChannels, aliases, warnings };
}

describe("asking the supervisors for help", () => {
  it("should create one encrypted private room with her and the supervisors on duty, and record it", async () => {
    const { permanence, homeserver, sideChannels, aliases } = world();
    const outcome = await sideChannels.ask("@alice:localhost", 4821);
    expect(outcome).toEqual({
      reference: 4821,
      roomId: "!room1:localhost",
      supervisors: ["@sophie:localhost"],
      created: true,
    });
    const [room] = homeserver.createdRooms;
    expect(room?.invite).toEqual(["@alice:localhost", "@sophie:localhost"]);
    expect(room?.name).toBe("Soutien · Jeune 4821");
    expect(room?.room_alias_name).toBe(aliases.localpart("!a:localhost"));
    expect(room?.initial_state).toContainEqual({
      type: "m.room.encryption",
      state_key: "",
      content: { algorithm: "m.megolm.v1.aes-sha2" },
    });
    expect(room?.creation_content).toEqual({ "m.federate": false });
    expect(permanence.conversation("!a:localhost")?.sideChannel?.roomId).toBe("!room1:localhost");
    expect(permanence.notices()).toEqual([
      {
        kind: "side_channel_opened",
        reference: 4821,
        by: "@alice:localhost",
        supervisors: ["@sophie:localhost"],
        again: false,
      },
    ]);
  });

  it("should reuse it when asked again, inviting the supervisors who came on duty since", async () => {
    const { permanence, homeserver, sideChannels } = world();
    await sideChannels.ask("@alice:localhost", 4821);
    permanence.counsellorGoesOnDuty("@marie:localhost");
    const again = await sideChannels.ask("@alice:localhost", 4821);
    expect(again).toMatchObject({ roomId: "!room1:localhost", created: false });
    expect(homeserver.createdRooms).toHaveLength(1);
    expect(invited(homeserver, "!room1:localhost")).toContain("@marie:localhost");
    expect(permanence.conversation("!a:localhost")?.sideChannel?.members).toContain(
      "@marie:localhost",
    );
  });

  it("should find the room created just before a crash instead of creating a second", async () => {
    const { permanence, homeserver, sideChannels, aliases } = world();
    // The bot created the room, then died before the journal recorded it.
    homeserver.aliases.set(aliases.alias("!a:localhost"), "!orphan:localhost");
    const outcome = await sideChannels.ask("@alice:localhost", 4821);
    expect(outcome).toMatchObject({ roomId: "!orphan:localhost" });
    expect(homeserver.createdRooms).toHaveLength(0);
    expect(invited(homeserver, "!orphan:localhost")).toEqual([
      "@alice:localhost",
      "@sophie:localhost",
    ]);
    expect(permanence.conversation("!a:localhost")?.sideChannel?.roomId).toBe("!orphan:localhost");
  });

  it("should still open the room, without alias, where the registration reserves none", async () => {
    const { homeserver, sideChannels, warnings } = world();
    const createRoom = homeserver.createRoom.bind(homeserver);
    homeserver.createRoom = async (request) => {
      if (request.room_alias_name !== undefined) {
        throw new HomeserverError("create room", 400, "M_EXCLUSIVE");
      }
      return createRoom(request);
    };
    expect(await sideChannels.ask("@alice:localhost", 4821)).toMatchObject({ created: true });
    expect(homeserver.createdRooms.map((room) => room.room_alias_name)).toEqual([undefined]);
    // Never two, never lost no longer holds: the operator is told why, and how to render it again.
    expect(warnings).toEqual([
      expect.objectContaining({ event: "side_channel.alias_not_reserved" }),
    ]);
    expect(JSON.stringify(warnings)).toContain("synapse/appservice.template.yaml");
    expect(JSON.stringify(warnings)).toContain("namespaces.aliases");
    expect(JSON.stringify(warnings)).toContain("npm run setup:production");
  });

  it("should remove everyone and refuse when the conversation ends while the room is created", async () => {
    const { permanence, homeserver, sideChannels } = world();
    const createRoom = homeserver.createRoom.bind(homeserver);
    homeserver.createRoom = async (request) => {
      const roomId = await createRoom(request);
      permanence.youthLeaves("!a:localhost");
      return roomId;
    };
    expect(await sideChannels.ask("@alice:localhost", 4821)).toEqual({ refused: "not_found" });
    const kicked = homeserver.reasons.filter((r) => r.action === "kick").map((r) => r.userId);
    expect(kicked).toEqual(["@alice:localhost", "@sophie:localhost"]);
    expect(await homeserver.memberships("!room1:localhost")).toEqual({
      "@alice:localhost": { membership: "leave", sender: "bot" },
      "@sophie:localhost": { membership: "leave", sender: "bot" },
    });
  });

  it("should say plainly that no supervisor is on duty, and still open the room", async () => {
    const { permanence, sideChannels } = world();
    permanence.counsellorGoesOffDuty("@sophie:localhost");
    const outcome = await sideChannels.ask("@alice:localhost", 4821);
    expect(outcome).toMatchObject({ supervisors: [], created: true });
    expect(permanence.notices()[0]).toMatchObject({ supervisors: [] });
  });

  it.each([
    ["a colleague who is not in charge", "@bea:localhost", 4821, "not_in_charge"],
    ["a supervisor", "@sophie:localhost", 4821, "not_in_charge"],
    ["an unknown reference", "@alice:localhost", 1111, "not_found"],
  ])("should refuse %s and change nothing", async (_who, by, reference, refused) => {
    const { permanence, homeserver, dispatched, sideChannels } = world();
    const before = permanence.state;
    expect(await sideChannels.ask(by, reference)).toEqual({ refused });
    expect(homeserver.createdRooms).toEqual([]);
    expect(dispatched).toEqual([]);
    expect(permanence.state).toBe(before);
  });

  it("should refuse a conversation still waiting in the queue", async () => {
    const { permanence, homeserver, sideChannels } = world();
    permanence.youthArrives("!b:localhost", 1234);
    expect(await sideChannels.ask("@alice:localhost", 1234)).toEqual({ refused: "not_in_charge" });
    expect(homeserver.createdRooms).toEqual([]);
  });
});
