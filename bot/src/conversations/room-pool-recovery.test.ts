import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { CreationLane, RoomPool } from "./room-pool.ts";
import { judgePoolRoom, recoverPoolRooms } from "./room-pool-recovery.ts";
import { buildConversationRoom, buildPooledConversationRoom, poolMarkerType } from "./room-spec.ts";

const botUserId = "@helpline-bot:localhost";
const camille = "@camille:localhost";
const youthId = "@youth-7f3a:localhost";
const logger = createLogger({ write: () => {} });

function poolOf(homeserver: FakeHomeserver, helplineId: string, size: number, team = [camille]) {
  return new RoomPool({
    homeserver,
    helplineId,
    size,
    spec: () =>
      buildPooledConversationRoom({ botUserId, counsellorIds: team, helplineId, encrypted: true }),
    admitting: () => true,
    lane: new CreationLane(1),
    now: () => 0,
    logger,
  });
}

/** What a previous run of the bot left in Synapse: rooms made by its pools, in every stage. */
async function previousRun(homeserver: FakeHomeserver) {
  const pool = poolOf(homeserver, "maintenant-jen-parle", 2);
  pool.adopt([]);
  await pool.settled();
  // Killed while taking one: named and the youth invited, her arrival never journalled.
  const taken = (await pool.take({ youthId, name: "Jeune 4821 · 18:42" })) ?? "";
  await pool.settled();
  // Another one taken and journalled: a live conversation.
  const stored = (await pool.take({ youthId: "@youth-other:localhost", name: "Jeune 1234" })) ?? "";
  await pool.settled();
  // Two unused: the one made after the first take, and the one after the second.
  const unused = [...pool.ready()];
  await pool.close();
  // A conversation made on demand, and a room of a helpline this bot no longer serves.
  const onDemand = await homeserver.createRoom(
    buildConversationRoom({
      botUserId,
      youthId: "@youth-3:localhost",
      counsellorIds: [camille],
      name: "Jeune 5555 · 18:44",
      encrypted: true,
      helplineId: "maintenant-jen-parle",
    }),
  );
  // One made on demand after the bot gave up waiting for it: her page was answered 503 and
  // asked again; the journal never heard of this room.
  const abandoned = await homeserver.createRoom(
    buildConversationRoom({
      botUserId,
      youthId: "@youth-4:localhost",
      counsellorIds: [camille],
      name: "Jeune 6666 · 18:45",
      encrypted: true,
      helplineId: "maintenant-jen-parle",
    }),
  );
  const gone = poolOf(homeserver, "pilot-that-ended", 1);
  gone.adopt([]);
  await gone.settled();
  await gone.close();
  return { unused, taken, stored, onDemand, abandoned, ofGoneHelpline: gone.ready()[0] ?? "" };
}

describe("judgePoolRoom", () => {
  it("should take a marker set by anyone but the bot for no pool room", () => {
    const state = [
      {
        type: poolMarkerType,
        state_key: "",
        sender: "@someone:localhost",
        content: { helpline: "maintenant-jen-parle", fingerprint: "x" },
      },
    ];
    expect(judgePoolRoom("!r:localhost", state, botUserId)).toEqual({ kind: "not_pool" });
  });
});

describe("judgePoolRoom", () => {
  it("should take a named pool room with only the bot in it for a taken one", async () => {
    const homeserver = new FakeHomeserver();
    const pool = poolOf(homeserver, "maintenant-jen-parle", 1);
    pool.adopt([]);
    await pool.settled();
    const roomId = pool.ready()[0] ?? "";
    // Killed after the name, before the invite (they are made side by side).
    await homeserver.setRoomState(roomId, "m.room.name", "", { name: "Jeune 4821" });
    expect(judgePoolRoom(roomId, await homeserver.stateOf(roomId), botUserId)).toEqual({
      kind: "taken",
      helpline: "maintenant-jen-parle",
    });
  });
});

describe("recoverPoolRooms", () => {
  it.each(["leave", "ban", "invite", "join", "knock"])(
    "should delete, never reuse, an unnamed pool room a youth had the membership %s in",
    async (membership) => {
      const homeserver = new FakeHomeserver();
      const before = poolOf(homeserver, "maintenant-jen-parle", 1);
      before.adopt([]);
      await before.settled();
      const roomId = before.ready()[0] ?? "";
      await before.close();
      // Killed after the invite, before the name (they are made side by side); she then
      // rejected it, or left, or was banned: her account stays in the member history.
      await homeserver.invite(roomId, youthId);
      if (membership !== "invite") homeserver.setMembership(roomId, youthId, membership);

      const pool = poolOf(homeserver, "maintenant-jen-parle", 1);
      const outcome = await recoverPoolRooms({
        homeserver,
        botUserId,
        inUse: () => false,
        pools: new Map([["maintenant-jen-parle", pool]]),
        logger,
      });
      await pool.settled();

      expect(outcome).toEqual({ adopted: 0, deleted: 1, kept: 0 });
      expect(homeserver.deletedRooms).toEqual([roomId]);
      expect(pool.ready()).not.toContain(roomId);
      expect(pool.ready()).toHaveLength(1);
    },
  );

  it("should keep, and warn about, the taken rooms of a helpline this bot does not run", async () => {
    const homeserver = new FakeHomeserver();
    // Its conversations, live in its own journal: the youth and a counsellor in them.
    const other = poolOf(homeserver, "ecoute-ailleurs", 3);
    other.adopt([]);
    await other.settled();
    const talking = (await other.take({ youthId, name: "Jeune 4821 · 18:42" })) ?? "";
    homeserver.setMembership(talking, youthId, "join");
    await homeserver.invite(talking, camille);
    homeserver.setMembership(talking, camille, "join");
    const invited = (await other.take({ youthId: "@youth-2:localhost", name: "Jeune 77" })) ?? "";
    await other.settled();
    const unused = [...other.ready()];
    await other.close();
    const lines: string[] = [];

    // This bot runs another helpline only (ecoute-ailleurs moved to another bot, or was left out
    // of its config by mistake): it has no journal that could tell those rooms are conversations.
    const pool = poolOf(homeserver, "maintenant-jen-parle", 1);
    const outcome = await recoverPoolRooms({
      homeserver,
      botUserId,
      inUse: () => false,
      pools: new Map([["maintenant-jen-parle", pool]]),
      logger: createLogger({ write: (line) => lines.push(line) }),
    });
    await pool.settled();

    // Its unused rooms hold nothing about anyone: they go.
    expect(unused.length).toBeGreaterThan(0);
    expect(homeserver.deletedRooms.sort()).toEqual([...unused].sort());
    expect(outcome).toEqual({ adopted: 0, deleted: unused.length, kept: 2 });
    expect(await homeserver.joinedRooms()).toEqual(expect.arrayContaining([talking, invited]));
    expect(await homeserver.memberships(talking)).toEqual({
      [youthId]: { membership: "join", sender: youthId },
      [camille]: { membership: "join", sender: camille },
    });
    const warnings = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.event === "room_pool.unknown_helpline_rooms_kept");
    expect(warnings).toEqual([
      expect.objectContaining({ level: "warn", helpline: "ecoute-ailleurs", rooms: 2 }),
    ]);
    // Room ids, never who is in them.
    expect(lines.join("")).not.toContain("youth");
    expect(lines.join("")).not.toContain(camille);
  });

  it("should reuse unused rooms, delete those being taken, abandoned or of no helpline, and touch no conversation", async () => {
    const homeserver = new FakeHomeserver();
    const left = await previousRun(homeserver);
    homeserver.deletedRooms.length = 0;
    const created = homeserver.createdRooms.length;

    // The restarted bot: the journal holds the stored conversation and the on-demand one.
    const pool = poolOf(homeserver, "maintenant-jen-parle", 3);
    const outcome = await recoverPoolRooms({
      homeserver,
      botUserId,
      inUse: (roomId) => roomId === left.stored || roomId === left.onDemand,
      pools: new Map([["maintenant-jen-parle", pool]]),
      logger,
    });
    await pool.settled();

    expect(outcome).toEqual({ adopted: 2, deleted: 3, kept: 0 });
    expect(homeserver.deletedRooms.sort()).toEqual(
      [left.ofGoneHelpline, left.taken, left.abandoned].sort(),
    );
    // The two unused ones are ready again, and one more room is made to reach the pool's size:
    // never one beside those found.
    expect(pool.ready().slice(0, 2).sort()).toEqual([...left.unused].sort());
    expect(pool.ready()).toHaveLength(3);
    expect(homeserver.createdRooms).toHaveLength(created + 1);
  });

  it("should delete every pool room when the pool is switched off", async () => {
    const homeserver = new FakeHomeserver();
    const left = await previousRun(homeserver);
    homeserver.deletedRooms.length = 0;
    const pool = poolOf(homeserver, "maintenant-jen-parle", 0);
    await recoverPoolRooms({
      homeserver,
      botUserId,
      inUse: (roomId) => roomId === left.stored || roomId === left.onDemand,
      pools: new Map([["maintenant-jen-parle", pool]]),
      logger,
    });
    await pool.settled();
    expect(pool.ready()).toEqual([]);
    expect(await homeserver.joinedRooms()).toEqual(
      expect.arrayContaining([left.stored, left.onDemand]),
    );
    expect((await homeserver.joinedRooms()).sort()).toEqual([left.stored, left.onDemand].sort());
  });

  it("should retire the rooms made for another team", async () => {
    const homeserver = new FakeHomeserver();
    const left = await previousRun(homeserver);
    homeserver.deletedRooms.length = 0;
    const pool = poolOf(homeserver, "maintenant-jen-parle", 3, [camille, "@alex:localhost"]);
    await recoverPoolRooms({
      homeserver,
      botUserId,
      inUse: (roomId) => roomId === left.stored || roomId === left.onDemand,
      pools: new Map([["maintenant-jen-parle", pool]]),
      logger,
    });
    await pool.settled();
    expect(homeserver.deletedRooms).toEqual(expect.arrayContaining(left.unused));
    for (const roomId of left.unused) expect(pool.ready()).not.toContain(roomId);
    expect(pool.ready()).toHaveLength(3);
  });
});
