import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConversationRoom } from "@helpline/bot/conversations/room-spec";
import YAML from "yaml";
import { eventually, youthStatus } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { askForConversation, postJson, registerYouth, type ApiYouth } from "../support/youth.ts";

// The bot's pool of ready conversation rooms (bot/src/conversations/room-pool.ts) against a real
// Synapse, which is the judge: a room from the pool is as private as one made on demand, a
// restart reuses or deletes the pool's rooms and leaks none, and a bot stopped in the middle of
// taking one never leaves a youth with two rooms.

type StateEvent = {
  type: string;
  state_key: string;
  sender: string;
  content: Record<string, unknown>;
};

const marker = "org.helplinechat.room_pool";

describe("the room pool against a real Synapse", () => {
  let stack: TestStack;
  let helplineId: string;
  const asBot = (p: string, init: RequestInit = {}) =>
    fetch(`${stack.synapseUrl}${p}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${stack.secrets.appserviceToken}`,
        "Content-Type": "application/json",
      },
    });
  const stateOf = async (roomId: string): Promise<StateEvent[]> => {
    const response = await asBot(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`);
    return ((await response.json()) as { state?: StateEvent[] }).state ?? [];
  };
  const joinedRooms = async (): Promise<string[]> =>
    ((await (await asBot("/_matrix/client/v3/joined_rooms")).json()) as { joined_rooms: string[] })
      .joined_rooms;
  /** The rooms the bot is in that carry the pool's marker. */
  const markedRooms = async (): Promise<string[]> => {
    const marked: string[] = [];
    for (const roomId of await joinedRooms()) {
      if ((await stateOf(roomId)).some((event) => event.type === marker)) marked.push(roomId);
    }
    return marked.sort();
  };
  /** Every room the bot is in where this user is invited or joined. */
  const roomsOfUser = async (userId: string): Promise<string[]> => {
    const rooms: string[] = [];
    for (const roomId of await joinedRooms()) {
      const member = (await stateOf(roomId)).find(
        (event) => event.type === "m.room.member" && event.state_key === userId,
      );
      if (member?.content.membership === "invite" || member?.content.membership === "join") {
        rooms.push(roomId);
      }
    }
    return rooms;
  };
  const poolOf = () => [...stack.bot.pooledRooms(helplineId)].sort();
  const poolIsFull = (size: number) =>
    eventually(
      async () => poolOf(),
      (ready) => ready.length === size,
      `${size} rooms ready in the pool`,
    );
  /** The bot restarted on its config with this pool size (undefined: the default). */
  const restartWithPool = async (size: number | undefined) => {
    const file = path.join(stack.dir, "bot.yaml");
    const config = YAML.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (size === undefined) delete config.roomPool;
    else config.roomPool = { size };
    writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
    await stack.restartBot();
  };
  const opens = async (youth: ApiYouth): Promise<string> => {
    const { status, body } = await askForConversation(stack, youth);
    expect(status).toBe(201);
    const roomId = body.roomId as string;
    // As her page does: she joins at once.
    const joined = await postJson(
      `${stack.synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
      {},
      { Authorization: `Bearer ${youth.accessToken}` },
    );
    expect(joined.status).toBe(200);
    return roomId;
  };

  /** A room's state as it matters for privacy: what differs between two youths' rooms left out. */
  function comparable(state: StateEvent[], youthId: string) {
    return (
      state
        // The bot's own state for the page (the queue position) differs from youth to youth.
        .filter(
          (event) => !event.type.startsWith("org.helplinechat.") && event.type !== "m.room.name",
        )
        .filter((event) => event.type !== "m.room.member" || event.state_key !== youthId)
        .map(({ type, state_key, content }) => {
          if (type === "m.room.power_levels") {
            // The room made on demand names the youth at level 0, which is users_default.
            const users = Object.fromEntries(
              Object.entries(content.users as Record<string, number>).filter(
                ([userId, level]) => userId !== youthId || level !== 0,
              ),
            );
            return { type, state_key, content: { ...content, users } };
          }
          return { type, state_key, content };
        })
        .sort((a, b) => `${a.type}|${a.state_key}`.localeCompare(`${b.type}|${b.state_key}`))
    );
  }

  let pooledYouth: ApiYouth;
  let pooledRoom: string;
  /** A conversation made on demand: marked too (room-spec.ts), and a conversation like any. */
  let onDemandRoom: string;

  beforeAll(async () => {
    stack = await startTestStack();
    helplineId = stack.bot.helplineIds[0] ?? "";
  }, 180_000);
  afterAll(() => stack?.stop());

  it("should give a youth a ready room, exactly as private as one made on demand", async () => {
    const ready = await poolIsFull(3);
    pooledYouth = await registerYouth(stack);
    pooledRoom = await opens(pooledYouth);
    expect(ready).toContain(pooledRoom);

    // Her answer waits for her invite alone; the name and her level follow (room-pool.ts).
    const state = await eventually(
      () => stateOf(pooledRoom),
      (now) =>
        now.some((e) => e.type === "m.room.name") &&
        now.some(
          (e) =>
            e.type === "m.room.power_levels" &&
            (e.content.users as Record<string, unknown>)[pooledYouth.userId] === 0,
        ),
      "the room named, and her level written",
    );
    const of = (type: string, key = "") =>
      state.find((e) => e.type === type && e.state_key === key)?.content;
    expect(of("m.room.encryption")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(of("m.room.history_visibility")).toEqual({ history_visibility: "shared" });
    expect(of("m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(of("m.room.guest_access")).toEqual({ guest_access: "forbidden" });
    expect(of("m.room.create")).toMatchObject({ "m.federate": false });
    expect(of("m.room.member", pooledYouth.userId)).toMatchObject({ membership: "join" });
    expect(of("m.room.member", stack.counsellor.userId)).toBeUndefined();
    expect(of("m.room.power_levels")).toMatchObject({
      users: { [stack.counsellor.userId]: 50, [stack.bot.userId]: 100 },
      users_default: 0,
    });
    expect(of("m.room.name")).toMatchObject({
      name: expect.stringMatching(/^Jeune \d{4} · 19:\d{2}$/),
    });
    // Encrypted from its first event: nothing came before the encryption but the room's making.
    const response = await asBot(
      `/_synapse/admin/v1/rooms/${encodeURIComponent(pooledRoom)}/messages?dir=f&limit=50`,
    );
    const { chunk } = (await response.json()) as { chunk: { type: string }[] };
    const encryptionAt = chunk.findIndex((event) => event.type === "m.room.encryption");
    expect(encryptionAt).toBeGreaterThan(0);
    expect(chunk.slice(0, encryptionAt).map((event) => event.type)).toEqual(
      expect.arrayContaining(["m.room.create"]),
    );
    expect(
      chunk
        .slice(0, encryptionAt)
        .every((event) => event.type.startsWith("m.room.") && event.type !== "m.room.message"),
    ).toBe(true);

    // The pool fills again behind her.
    await eventually(
      async () => poolOf(),
      (now) => now.length === 3 && !now.includes(pooledRoom),
      "the pool refilled",
    );

    // The same state as a room made on demand (the pool switched off), once the name, the
    // youth's own membership and the marker are left out. The restart deletes the pool's rooms.
    const unused = poolOf();
    await restartWithPool(0);
    await eventually(
      () => markedRooms(),
      (marked) => marked.length === 1 && marked[0] === pooledRoom,
      "the unused pool rooms deleted, her conversation kept",
    );
    for (const roomId of unused) expect(await joinedRooms()).not.toContain(roomId);
    const onDemandYouth = await registerYouth(stack);
    onDemandRoom = await opens(onDemandYouth);
    expect(unused).not.toContain(onDemandRoom);
    expect(comparable(await stateOf(pooledRoom), pooledYouth.userId)).toEqual(
      comparable(await stateOf(onDemandRoom), onDemandYouth.userId),
    );
    // Her conversation went on across the restart.
    expect((await youthStatus(stack, pooledYouth, pooledRoom))?.state).toBe("waiting");
  });

  it("should reuse the ready rooms after a restart, making none beside them", async () => {
    await restartWithPool(undefined);
    const ready = await poolIsFull(3);
    // What an operator sees of it.
    const metrics = await (await fetch(`${stack.bot.privateUrl}/metrics`)).text();
    expect(metrics).toContain(`helpline_room_pool_ready{helpline="${helplineId}"} 3\n`);
    const before = (await joinedRooms()).sort();
    await stack.restartBot();
    // Found again by their marker: the same three rooms, and no room made.
    expect(await poolIsFull(3)).toEqual(ready);
    expect((await joinedRooms()).sort()).toEqual(before);
  });

  it("should delete a room taken when the bot stopped, so that the youth gets exactly one", async () => {
    const ready = await poolIsFull(3);
    const taken = ready[0] ?? "";
    const youth = await registerYouth(stack);
    // What a bot killed between inviting her and journalling her arrival leaves in Synapse: the
    // room named and her invited, as RoomPool.take does, and nothing in the journal.
    await stack.bot.stop();
    const put = await asBot(
      `/_matrix/client/v3/rooms/${encodeURIComponent(taken)}/state/m.room.name/`,
      { method: "PUT", body: JSON.stringify({ name: "Jeune 4821 · 19:30" }) },
    );
    expect(put.status).toBe(200);
    const invited = await postJson(
      `${stack.synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(taken)}/invite`,
      { user_id: youth.userId },
      { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    );
    expect(invited.status).toBe(200);
    await stack.restartBot();

    // The restarted bot deletes it: her invite is gone with it, and no pool hands it over again.
    await eventually(
      () => joinedRooms(),
      (rooms) => !rooms.includes(taken),
      "the half-taken room deleted",
    );
    await poolIsFull(3);
    expect(poolOf()).not.toContain(taken);
    // Her token was forgotten with the bot's memory, as after any crash: her page starts again
    // with a new account, which gets one room; the old account is in none.
    expect((await askForConversation(stack, youth)).status).toBe(403);
    const again = await registerYouth(stack);
    const roomId = await opens(again);
    expect(await roomsOfUser(youth.userId)).toEqual([]);
    expect(await roomsOfUser(again.userId)).toEqual([roomId]);
    // Every marked room is a conversation or ready in the pool: none is lost track of.
    const marked = await markedRooms();
    expect(marked).toContain(onDemandRoom);
    await eventually(
      async () => poolOf(),
      (now) => now.length === 3,
      "the pool refilled",
    );
    for (const room of marked) {
      expect([pooledRoom, onDemandRoom, roomId, ...poolOf()]).toContain(room);
    }
  });

  it("should mark a room made on demand, and delete at the next start one the bot gave up on", async () => {
    // No pool: every room is made on demand, as on a night that emptied the pool.
    await restartWithPool(0);
    const youth = await registerYouth(stack);
    const live = await opens(youth);
    expect((await stateOf(live)).find((event) => event.type === marker)?.content).toEqual({
      helpline: helplineId,
      fingerprint: "on_demand",
    });

    // What a busy Synapse finishes after the bot stopped waiting (15 s) and answered her 503:
    // her room, made by the bot, which no journal names. She asked again with a new account.
    const gaveUpOn = await registerYouth(stack);
    const made = await asBot("/_matrix/client/v3/createRoom", {
      method: "POST",
      body: JSON.stringify(
        buildConversationRoom({
          botUserId: stack.bot.userId,
          youthId: gaveUpOn.userId,
          counsellorIds: stack.counsellors.map((counsellor) => counsellor.userId),
          name: "Jeune 4822 · 19:31",
          encrypted: true,
          helplineId,
        }),
      ),
    });
    expect(made.status).toBe(200);
    const abandoned = ((await made.json()) as { room_id: string }).room_id;
    expect(await roomsOfUser(gaveUpOn.userId)).toEqual([abandoned]);

    await stack.restartBot();
    await eventually(
      () => joinedRooms(),
      (rooms) => !rooms.includes(abandoned),
      "the abandoned room deleted",
    );
    expect(await roomsOfUser(gaveUpOn.userId)).toEqual([]);
    // The conversation the journal holds is untouched.
    expect(await roomsOfUser(youth.userId)).toEqual([live]);
    expect((await youthStatus(stack, youth, live))?.state).toBeDefined();
  });
});
