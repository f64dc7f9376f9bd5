import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { IssuedTokens } from "./issued-tokens.ts";
import { openConversation, type ConversationDeps } from "./open-conversation.ts";
import { CreationLane, RoomPool } from "./room-pool.ts";
import { buildPooledConversationRoom } from "./room-spec.ts";
import { youthRequest } from "./youth-request.fake.ts";

// A youth's request with the helpline's pool of ready rooms (room-pool.ts): fake Synapse, an
// admission that keeps its queue in memory and can be told its disk is full.

const botUserId = "@helpline-bot:localhost";
const counsellorIds = ["@camille:localhost"];
const now = Date.parse("2026-11-23T18:00:00Z");

async function world(poolSize: number) {
  const homeserver = new FakeHomeserver();
  const issuedTokens = new IssuedTokens();
  const conversations = new Map<string, { conversationId: string; reference: number }>();
  const disk = { full: false };
  const pool = new RoomPool({
    homeserver,
    helplineId: "maintenant-jen-parle",
    size: poolSize,
    spec: () =>
      buildPooledConversationRoom({
        botUserId,
        counsellorIds,
        helplineId: "maintenant-jen-parle",
        encrypted: true,
      }),
    admitting: () => true,
    lane: new CreationLane(1),
    now: () => now,
    logger: createLogger({ write: () => {} }),
  });
  pool.adopt([]);
  await pool.settled();
  const deps: ConversationDeps = {
    homeserver,
    issuedTokens,
    serverName: "localhost",
    botUserId,
    counsellorIds,
    encryptedRooms: true,
    now: () => now,
    roomPool: pool,
    admission: {
      admitting: () => true,
      nextReference: () => 4821,
      roomName: (reference) => `Jeune ${reference} · 19:00`,
      youthName: (reference) => `Jeune ${reference}`,
      arrive: async (conversationId, youthId, reference) => {
        if (disk.full) throw new Error("ENOSPC");
        conversations.set(youthId, { conversationId, reference });
      },
      conversationOf: (youthId) => conversations.get(youthId),
      firstStatusOf: () => null,
      reserve: async () => null,
      placeOf: () => null,
    },
  };
  const youthAsks = (youthId: string) => youthRequest(homeserver, issuedTokens, youthId, now);
  return { homeserver, pool, deps, disk, youthAsks };
}

describe("opening a conversation with a pool of ready rooms", () => {
  it("should give the youth a ready room with her invited, named for counsellors, making none for her", async () => {
    const { homeserver, pool, deps, youthAsks } = await world(2);
    const ready = [...pool.ready()];
    const result = await openConversation(deps, await youthAsks("@youth-1:localhost"));
    expect(result).toMatchObject({ ok: true, roomId: ready[0], existing: false });
    // No room made for her: only the pool's refill, in the background, inviting nobody.
    expect(homeserver.createdRooms.every((room) => room.invite.length === 0)).toBe(true);
    expect(await homeserver.memberships(ready[0] ?? "")).toEqual({
      "@youth-1:localhost": { membership: "invite", sender: "bot" },
    });
    await pool.readyForCounsellor(ready[0] ?? "");
    expect(homeserver.roomState).toContainEqual({
      roomId: ready[0],
      type: "m.room.name",
      stateKey: "",
      content: { name: "Jeune 4821 · 19:00" },
    });
    await pool.settled();
    expect(pool.ready()).toHaveLength(2);
  });

  it("should ask whether her token was used beside her OpenID check, not after it", async () => {
    const { homeserver, deps, youthAsks } = await world(1);
    const request = await youthAsks("@youth-1:localhost");
    // Synapse answers her OpenID check only once the token's use was asked for: one after the
    // other, this request would never end.
    let tokenAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (tokenAsked = resolve));
    const getToken = homeserver.getRegistrationToken.bind(homeserver);
    homeserver.getRegistrationToken = (token) => {
      tokenAsked();
      return getToken(token);
    };
    const openId = homeserver.openIdUserId.bind(homeserver);
    homeserver.openIdUserId = async (token) => {
      await asked;
      return openId(token);
    };
    expect(await openConversation(deps, request)).toMatchObject({ ok: true, existing: false });
  });

  it("should give the same room again to a youth who asks again, taking none", async () => {
    const { pool, deps, youthAsks } = await world(2);
    const request = await youthAsks("@youth-1:localhost");
    const first = await openConversation(deps, request);
    await pool.settled();
    const ready = [...pool.ready()];
    const again = await openConversation(deps, request);
    expect(again).toMatchObject({ ok: true, existing: true });
    expect(again.ok && first.ok && again.roomId === first.roomId).toBe(true);
    expect(pool.ready()).toEqual(ready);
  });

  it("should make the room on demand when the pool is empty or fails", async () => {
    const { homeserver, deps, youthAsks } = await world(0);
    const result = await openConversation(deps, await youthAsks("@youth-1:localhost"));
    expect(result).toMatchObject({ ok: true, roomId: "!room1:localhost" });
    expect(homeserver.createdRooms[0]?.invite).toEqual(["@youth-1:localhost"]);

    const pooled = await world(1);
    pooled.homeserver.failInvite = true;
    const [ready] = pooled.pool.ready();
    const fallback = await openConversation(
      pooled.deps,
      await pooled.youthAsks("@youth-2:localhost"),
    );
    expect(fallback).toMatchObject({ ok: true, existing: false });
    expect(fallback.ok && fallback.roomId).not.toBe(ready);
    expect(pooled.homeserver.createdRooms.at(-1)?.invite).toEqual(["@youth-2:localhost"]);
    await pooled.pool.settled();
    expect(pooled.homeserver.deletedRooms).toEqual([ready]);
  });

  it("should delete the pooled room she was invited to when her arrival cannot be stored", async () => {
    const { homeserver, pool, deps, disk, youthAsks } = await world(1);
    const [ready] = pool.ready();
    disk.full = true;
    const request = await youthAsks("@youth-1:localhost");
    expect(await openConversation(deps, request)).toEqual({ ok: false, reason: "unavailable" });
    expect(homeserver.deletedRooms).toEqual([ready]);
    disk.full = false;
    await pool.settled();
    const second = await openConversation(deps, request);
    expect(second).toMatchObject({ ok: true, existing: false });
    expect(second.ok && second.roomId).not.toBe(ready);
  });
});
