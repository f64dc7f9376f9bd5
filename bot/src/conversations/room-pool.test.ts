import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import type { CreateRoomRequest } from "../matrix/homeserver.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { CreationLane, RoomPool, poolRetryMs, type RoomPoolDeps } from "./room-pool.ts";
import { buildPooledConversationRoom, poolMarkerType } from "./room-spec.ts";

const botUserId = "@helpline-bot:localhost";
const youthId = "@youth-7f3a:localhost";
const camille = "@camille:localhost";
const alex = "@alex:localhost";

/** A helpline's pool on the fake Synapse, with its hours and clock moved by the test. */
function poolWorld(options: { size?: number; team?: string[]; lane?: CreationLane } = {}) {
  const homeserver = new FakeHomeserver();
  const world = {
    homeserver,
    admitting: true,
    now: Date.parse("2026-11-23T18:00:00Z"),
    team: options.team ?? [camille],
    logLines: [] as string[],
  };
  const deps: RoomPoolDeps = {
    homeserver,
    helplineId: "maintenant-jen-parle",
    size: options.size ?? 3,
    spec: () =>
      buildPooledConversationRoom({
        botUserId,
        counsellorIds: world.team,
        helplineId: "maintenant-jen-parle",
        encrypted: true,
      }),
    admitting: () => world.admitting,
    lane: options.lane ?? new CreationLane(1),
    now: () => world.now,
    logger: createLogger({ write: (line) => world.logLines.push(line) }),
  };
  return { ...world, world, pool: new RoomPool(deps) };
}

const stateOf = (request: CreateRoomRequest | undefined, type: string) =>
  request?.initial_state.find((event) => event.type === type)?.content;

describe("RoomPool", () => {
  it("should make nothing before the recovery said which pool rooms exist already", async () => {
    const { pool, homeserver } = poolWorld();
    pool.refill();
    await pool.settled();
    expect(homeserver.createdRooms).toEqual([]);
    expect(await pool.take({ youthId, name: "Jeune 4821 · 18:42" })).toBeUndefined();
  });

  it("should fill up to its size with encrypted, marked rooms nobody is invited to", async () => {
    const { pool, homeserver } = poolWorld({ size: 3 });
    pool.adopt([]);
    await pool.settled();
    expect(pool.ready()).toHaveLength(3);
    expect(homeserver.createdRooms).toHaveLength(3);
    for (const room of homeserver.createdRooms) {
      expect(room.invite).toEqual([]);
      expect(room.name).toBeUndefined();
      expect(stateOf(room, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
      expect(stateOf(room, poolMarkerType)).toMatchObject({ helpline: "maintenant-jen-parle" });
    }
  });

  it("should read the power levels once, when it makes the first room, and give each youth hers in one write", async () => {
    const { pool, homeserver } = poolWorld({ size: 2 });
    let reads = 0;
    const stateOfRoom = homeserver.stateOf.bind(homeserver);
    homeserver.stateOf = (roomId) => {
      reads += 1;
      return stateOfRoom(roomId);
    };
    pool.adopt([]);
    await pool.settled();
    expect(reads).toBe(1);
    const second = "@youth-9c21:localhost";
    const rooms = [
      await pool.take({ youthId, name: "Jeune 4821 · 18:42" }),
      await pool.take({ youthId: second, name: "Jeune 5190 · 18:43" }),
    ];
    for (const room of rooms) await pool.readyForCounsellor(room ?? "");
    expect(reads).toBe(1);
    const levels = homeserver.roomState.filter((s) => s.type === "m.room.power_levels");
    expect(levels.map((s) => [s.roomId, (s.content as { users: object }).users])).toEqual([
      [rooms[0], expect.objectContaining({ [youthId]: 0, [camille]: 50 })],
      [rooms[1], expect.objectContaining({ [second]: 0, [camille]: 50 })],
    ]);
  });

  it("should answer once the youth is invited, write the name then her level after it, and have a counsellor's invite wait for them", async () => {
    const { pool, homeserver } = poolWorld({ size: 1 });
    pool.adopt([]);
    await pool.settled();
    const calls: string[] = [];
    let answer: () => void = () => undefined;
    const invite = homeserver.invite.bind(homeserver);
    homeserver.invite = async (roomId, userId) => {
      calls.push("invite");
      await invite(roomId, userId);
      calls.push("invited");
    };
    const setState = homeserver.setRoomState.bind(homeserver);
    homeserver.setRoomState = async (roomId, type, stateKey, content) => {
      calls.push(type);
      if (type === "m.room.name") await new Promise<void>((resolve) => (answer = resolve));
      return setState(roomId, type, stateKey, content);
    };
    const roomId = (await pool.take({ youthId, name: "Jeune 4821 · 18:42" })) ?? "";
    expect(roomId).not.toBe("");
    // Her invite alone before she is answered; the name asked for after it, not yet written.
    expect(calls).toEqual(["invite", "invited", "m.room.name"]);
    expect(homeserver.roomState).toEqual([]);
    let ready = false;
    const waiting = pool.readyForCounsellor(roomId).then(() => (ready = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ready).toBe(false);
    answer();
    await waiting;
    // One after the other: events written side by side in one room fork it.
    expect(calls).toEqual(["invite", "invited", "m.room.name", "m.room.power_levels"]);
    expect(homeserver.roomState.map((s) => s.type)).toEqual(["m.room.name", "m.room.power_levels"]);
    expect(homeserver.roomState[1]).toMatchObject({
      roomId,
      content: { users: { [youthId]: 0 } },
    });
  });

  it("should try the name and her level again before a counsellor's invite, and let the invite go ahead, logged, if one fails again", async () => {
    const { pool, homeserver, logLines } = poolWorld({ size: 2 });
    pool.adopt([]);
    await pool.settled();
    const failures = new Map<string, number>([["m.room.power_levels", 1]]);
    const setState = homeserver.setRoomState.bind(homeserver);
    homeserver.setRoomState = async (roomId, type, stateKey, content) => {
      const left = failures.get(type) ?? 0;
      if (left > 0) {
        failures.set(type, left - 1);
        throw new Error("Synapse restarting");
      }
      return setState(roomId, type, stateKey, content);
    };
    const first = (await pool.take({ youthId, name: "Jeune 4821 · 18:42" })) ?? "";
    await pool.readyForCounsellor(first);
    expect(homeserver.roomState.map((s) => s.type)).toEqual(["m.room.name", "m.room.power_levels"]);
    expect(logLines.join("")).not.toMatch(/room_pool\.(name|youth_level)_failed/);

    // The name fails twice: her level is still written, and the name's failure logged.
    failures.set("m.room.name", 2);
    const second =
      (await pool.take({ youthId: "@youth-9c21:localhost", name: "Jeune 5190" })) ?? "";
    await pool.readyForCounsellor(second);
    expect(homeserver.roomState.filter((s) => s.roomId === second).map((s) => s.type)).toEqual([
      "m.room.power_levels",
    ]);
    expect(logLines.join("")).toContain('"event":"room_pool.name_failed"');
    expect(logLines.join("")).not.toContain("room_pool.youth_level_failed");

    failures.set("m.room.power_levels", 2);
    const third = (await pool.take({ youthId: "@youth-77aa:localhost", name: "Jeune 6001" })) ?? "";
    await pool.readyForCounsellor(third);
    expect(homeserver.roomState.filter((s) => s.roomId === third).map((s) => s.type)).toEqual([
      "m.room.name",
    ]);
    expect(logLines.join("")).toContain('"event":"room_pool.youth_level_failed"');
  });

  it("should hand over a ready room with the youth invited, named for a counsellor, then refill", async () => {
    const { pool, homeserver } = poolWorld({ size: 2 });
    pool.adopt([]);
    await pool.settled();
    const [first] = pool.ready();
    const roomId = await pool.take({ youthId, name: "Jeune 4821 · 18:42" });
    expect(roomId).toBe(first);
    expect(await homeserver.memberships(first ?? "")).toEqual({
      [youthId]: { membership: "invite", sender: "bot" },
    });
    await pool.readyForCounsellor(first ?? "");
    expect(homeserver.roomState).toContainEqual({
      roomId: first,
      type: "m.room.name",
      stateKey: "",
      content: { name: "Jeune 4821 · 18:42" },
    });
    // Named with the youth's level, as in a room made for her: the console finds the youth so.
    const levels = homeserver.roomState.find((s) => s.type === "m.room.power_levels");
    expect(levels).toMatchObject({ roomId: first, content: { users: { [youthId]: 0 } } });
    expect(homeserver.roomState).toHaveLength(2);
    await pool.settled();
    expect(pool.ready()).toHaveLength(2);
    expect(pool.ready()).not.toContain(first);
    expect(homeserver.createdRooms).toHaveLength(3);
  });

  it("should never make more than one room at once, across every helpline's pool", async () => {
    const lane = new CreationLane(1);
    const a = poolWorld({ size: 3, lane });
    const b = poolWorld({ size: 3, lane });
    let running = 0;
    let most = 0;
    for (const { homeserver } of [a, b]) {
      const create = homeserver.createRoom.bind(homeserver);
      homeserver.createRoom = async (request) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return create(request);
      };
    }
    a.pool.adopt([]);
    b.pool.adopt([]);
    await Promise.all([a.pool.settled(), b.pool.settled()]);
    expect(a.pool.ready()).toHaveLength(3);
    expect(b.pool.ready()).toHaveLength(3);
    expect(most).toBe(1);
  });

  it("should give nothing when it is empty, so that the room is made on demand", async () => {
    const { pool } = poolWorld({ size: 0 });
    pool.adopt([]);
    await pool.settled();
    expect(await pool.take({ youthId, name: "Jeune 4821 · 18:42" })).toBeUndefined();
  });

  it("should make no room while the helpline does not admit, and fill once it does", async () => {
    const world = poolWorld({ size: 2 });
    world.world.admitting = false;
    world.pool.adopt([]);
    world.pool.refill();
    await world.pool.settled();
    expect(world.homeserver.createdRooms).toEqual([]);
    world.world.admitting = true;
    world.pool.refill();
    await world.pool.settled();
    expect(world.pool.ready()).toHaveLength(2);
  });

  it("should not make a room whose turn comes after the helpline closed", async () => {
    const lane = new CreationLane(1);
    const world = poolWorld({ size: 3, lane });
    const create = world.homeserver.createRoom.bind(world.homeserver);
    world.homeserver.createRoom = async (request) => {
      // Closing time comes while the first room is being made.
      world.world.admitting = false;
      return create(request);
    };
    world.pool.adopt([]);
    await world.pool.settled();
    expect(world.homeserver.createdRooms).toHaveLength(1);
  });

  it("should fall back and delete the room when the youth cannot be invited to it", async () => {
    const { pool, homeserver, logLines } = poolWorld({ size: 1 });
    pool.adopt([]);
    await pool.settled();
    const [room] = pool.ready();
    homeserver.failInvite = true;
    expect(await pool.take({ youthId, name: "Jeune 4821 · 18:42" })).toBeUndefined();
    await pool.settled();
    expect(homeserver.deletedRooms).toEqual([room]);
    expect(logLines.join("")).toContain('"event":"room_pool.take_failed"');
    expect(logLines.join("")).not.toContain(youthId);
    // Nothing is named in a room she was not invited to.
    expect(homeserver.roomState.filter((s) => s.roomId === room)).toEqual([]);
  });

  it("should wait before trying again when Synapse refuses to make a room", async () => {
    const world = poolWorld({ size: 1 });
    world.homeserver.failCreateRoom = true;
    world.pool.adopt([]);
    await world.pool.settled();
    expect(world.pool.ready()).toEqual([]);
    world.pool.refill();
    await world.pool.settled();
    expect(world.homeserver.createdRooms).toEqual([]);
    world.world.now += poolRetryMs;
    world.pool.refill();
    await world.pool.settled();
    expect(world.pool.ready()).toHaveLength(1);
  });

  it("should hold the creations queued behind a failed one until the pause is over", async () => {
    const world = poolWorld({ size: 5 });
    world.homeserver.failCreateRoom = true; // the first one only
    world.pool.adopt([]);
    await world.pool.settled();
    expect(world.homeserver.createdRooms).toEqual([]);
    expect(world.logLines.filter((line) => line.includes("room_pool.create_failed"))).toHaveLength(
      1,
    );
    world.world.now += poolRetryMs;
    world.pool.refill();
    await world.pool.settled();
    expect(world.pool.ready()).toHaveLength(5);
  });

  it("should never hand over a room made for another team, and delete it", async () => {
    const world = poolWorld({ size: 2, team: [camille] });
    world.pool.adopt([]);
    await world.pool.settled();
    const old = [...world.pool.ready()];
    world.world.team = [camille, alex];
    const roomId = await world.pool.take({ youthId, name: "Jeune 4821 · 18:42" });
    expect(roomId).toBeUndefined();
    await world.pool.settled();
    expect(world.homeserver.deletedRooms).toEqual(old);
    // The new rooms give Alex her power level.
    const fresh = world.homeserver.createdRooms.slice(2);
    expect(fresh).toHaveLength(2);
    for (const room of fresh) {
      expect(room.power_level_content_override).toMatchObject({
        users: { [camille]: 50, [alex]: 50 },
      });
    }
    expect(await world.pool.take({ youthId, name: "Jeune 4821 · 18:42" })).toBe("!room3:localhost");
  });

  it("should keep the rooms it finds up to its size and delete the others", async () => {
    const { pool, homeserver } = poolWorld({ size: 2 });
    const fingerprint = pool.fingerprint();
    pool.adopt([
      { roomId: "!a:localhost", fingerprint },
      { roomId: "!b:localhost", fingerprint: "made-for-another-team" },
      { roomId: "!c:localhost", fingerprint },
      { roomId: "!d:localhost", fingerprint },
    ]);
    await pool.settled();
    expect(pool.ready()).toEqual(["!a:localhost", "!c:localhost"]);
    expect(homeserver.deletedRooms.sort()).toEqual(["!b:localhost", "!d:localhost"]);
    expect(homeserver.createdRooms).toEqual([]);
  });

  it("should read the levels of a room it adopts before anyone takes it, so a take sends hers before answering", async () => {
    const { pool, homeserver } = poolWorld({ size: 1 });
    const spec = buildPooledConversationRoom({
      botUserId,
      counsellorIds: [camille],
      helplineId: "maintenant-jen-parle",
      encrypted: true,
    });
    const left = await homeserver.createRoom(spec.request);
    let reads = 0;
    const stateOfRoom = homeserver.stateOf.bind(homeserver);
    homeserver.stateOf = (roomId) => {
      reads += 1;
      return stateOfRoom(roomId);
    };
    const asked: string[] = [];
    const setState = homeserver.setRoomState.bind(homeserver);
    homeserver.setRoomState = (roomId, type, stateKey, content) => {
      asked.push(type);
      return setState(roomId, type, stateKey, content);
    };
    pool.adopt([{ roomId: left, fingerprint: pool.fingerprint() }]);
    await pool.settled();
    expect(reads).toBe(1);
    expect(await pool.take({ youthId, name: "Jeune 4821 · 18:42" })).toBe(left);
    expect(asked).toEqual(["m.room.name", "m.room.power_levels"]);
    expect(reads).toBe(1);
  });

  it("should stop refilling once closed", async () => {
    const { pool, homeserver } = poolWorld({ size: 2 });
    await pool.close();
    pool.adopt([]);
    pool.refill();
    await pool.settled();
    expect(homeserver.createdRooms).toEqual([]);
  });
});
