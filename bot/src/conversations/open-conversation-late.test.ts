import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { IssuedTokens } from "./issued-tokens.ts";
import { LateRooms } from "./late-rooms.ts";
import { openConversation, type ConversationDeps } from "./open-conversation.ts";
import { placeKeyOf } from "./place-keys.ts";
import { reservePlace } from "./reserve-place.ts";
import { openIdTokenOf, youthRequest } from "./youth-request.fake.ts";

// A youth's request when Synapse makes her room more slowly than she is made to wait for her
// answer (a campaign night): fake Synapse whose createRoom is held until released, an admission
// that keeps its queue in memory, and the claim window's timer in the test's hands.

const botUserId = "@helpline-bot:localhost";
const now = Date.parse("2026-11-23T18:00:00Z");
const answerWithinMs = 20;
/** "Her room is still being made", whatever place it says. */
const notReady = { ok: false, reason: "room_not_ready" } as const;

function world() {
  const homeserver = new FakeHomeserver();
  const issuedTokens = new IssuedTokens();
  const conversations = new Map<string, { conversationId: string; reference: number }>();
  const arrivals: { conversationId: string; reference: number; placeKey?: string }[] = [];
  // Places held, in the order asked (engine/reservation.ts): a place counts every arrival and
  // every place before it.
  const places: string[] = [];
  const admitting = { now: true };
  const windows: (() => void)[] = [];
  const lateRooms = new LateRooms({
    homeserver,
    helplineId: "maintenant-jen-parle",
    logger: createLogger({ write: () => {} }),
    claimWindowMs: 60_000,
    setTimer: (run) => {
      windows.push(run);
      return { cancel: () => windows.splice(windows.indexOf(run), 1) };
    },
  });
  // While Synapse is slow, every createRoom waits until `made()` lets the ones asked so far
  // through.
  const slow = { on: true };
  const held: (() => void)[] = [];
  const create = homeserver.createRoom.bind(homeserver);
  homeserver.createRoom = async (request) => {
    if (slow.on) await new Promise<void>((resolve) => held.push(resolve));
    return create(request);
  };
  const made = async (): Promise<void> => {
    for (const release of held.splice(0)) release();
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const placeOf = (placeKey: string) => {
    const index = places.indexOf(placeKey);
    if (index === -1) return null;
    return { position: arrivals.length + index + 1, estimatedWaitMinutes: null };
  };
  const references = [4821, 4822, 4823];
  const deps: ConversationDeps = {
    homeserver,
    issuedTokens,
    serverName: "localhost",
    botUserId,
    counsellorIds: ["@camille:localhost"],
    encryptedRooms: true,
    helplineId: "maintenant-jen-parle",
    now: () => now,
    lateRooms,
    answerWithinMs,
    admission: {
      admitting: () => admitting.now,
      nextReference: () => references.shift() ?? 9999,
      roomName: (reference) => `Jeune ${reference} · 19:00`,
      youthName: (reference) => `Jeune ${reference}`,
      arrive: async (conversationId, youthId, reference, _writingAbout, placeKey) => {
        conversations.set(youthId, { conversationId, reference });
        arrivals.push({
          conversationId,
          reference,
          ...(placeKey === undefined ? {} : { placeKey }),
        });
        if (placeKey !== undefined && places.includes(placeKey)) {
          places.splice(places.indexOf(placeKey), 1);
        }
      },
      conversationOf: (youthId) => conversations.get(youthId),
      firstStatusOf: () => null,
      reserve: async (placeKey) => {
        if (admitting.now && !places.includes(placeKey)) places.push(placeKey);
        return placeOf(placeKey);
      },
      placeOf,
    },
  };
  const youthAsks = (youthId: string) => youthRequest(homeserver, issuedTokens, youthId, now);
  const windowsEnd = (): void => {
    for (const run of windows.splice(0)) run();
  };
  return {
    homeserver,
    lateRooms,
    deps,
    arrivals,
    places,
    admitting,
    made,
    slow,
    youthAsks,
    windowsEnd,
  };
}

describe("opening a conversation when Synapse makes her room late", () => {
  it("should hold her place from her first 'not ready', tell it in each, and give it to her arrival", async () => {
    const { deps, arrivals, places, made, youthAsks } = world();
    const first = await youthAsks("@youth-1:localhost");
    const second = await youthAsks("@youth-2:localhost");
    expect(await openConversation(deps, first)).toEqual({
      ok: false,
      reason: "room_not_ready",
      place: { position: 1, estimatedWaitMinutes: null },
    });
    expect(await openConversation(deps, second)).toEqual({
      ok: false,
      reason: "room_not_ready",
      place: { position: 2, estimatedWaitMinutes: null },
    });
    // Asked again: the same place, not another one.
    expect(await openConversation(deps, first)).toMatchObject({ place: { position: 1 } });
    expect(places).toHaveLength(2);
    await made();
    await openConversation(deps, first);
    expect(arrivals[0]?.placeKey).toBe(placeKeyOf(first.registrationToken));
    expect(places).toEqual([placeKeyOf(second.registrationToken)]);
  });

  it("should tell the place her page asked for at her press, rather than hold another", async () => {
    const { deps, places, youthAsks } = world();
    const early = await youthAsks("@youth-1:localhost");
    const late = await youthAsks("@youth-2:localhost");
    // The second youth's page asked first.
    expect(await reservePlace(deps, late.registrationToken)).toMatchObject({
      ok: true,
      place: { position: 1 },
    });
    expect(await openConversation(deps, early)).toMatchObject({ place: { position: 2 } });
    expect(await openConversation(deps, late)).toMatchObject({ place: { position: 1 } });
    expect(places).toHaveLength(2);
  });

  it("should make her room after the last admission when her place is held, and not otherwise", async () => {
    const { deps, admitting, slow, homeserver, youthAsks } = world();
    slow.on = false;
    const held = await youthAsks("@youth-1:localhost");
    const without = await youthAsks("@youth-2:localhost");
    await reservePlace(deps, held.registrationToken);
    admitting.now = false;
    expect(await openConversation(deps, without)).toEqual({ ok: false, reason: "closed" });
    expect(await openConversation(deps, held)).toMatchObject({ ok: true });
    expect(homeserver.createdRooms).toHaveLength(1);
  });

  it("should answer her 'not ready' in time, then give her that same room when she asks again", async () => {
    const { homeserver, deps, arrivals, made, youthAsks } = world();
    const request = await youthAsks("@youth-1:localhost");
    expect(await openConversation(deps, request)).toMatchObject(notReady);
    expect(arrivals).toEqual([]);

    // Synapse finishes it; her page asks again.
    await made();
    const again = await openConversation(deps, request);
    expect(again).toMatchObject({ ok: true, roomId: "!room1:localhost", existing: false });
    // One room asked of Synapse, named with the reference she was given the first time.
    expect(homeserver.createdRooms).toHaveLength(1);
    expect(homeserver.createdRooms[0]).toMatchObject({
      name: "Jeune 4821 · 19:00",
      invite: ["@youth-1:localhost"],
    });
    expect(arrivals).toEqual([
      {
        conversationId: "!room1:localhost",
        reference: 4821,
        placeKey: placeKeyOf(request.registrationToken),
      },
    ]);
    expect(homeserver.deletedRooms).toEqual([]);
  });

  it("should wait again for a room still in the making when she asks again, asking for no other", async () => {
    const { homeserver, deps, made, youthAsks } = world();
    const request = await youthAsks("@youth-1:localhost");
    expect(await openConversation(deps, request)).toMatchObject(notReady);
    expect(await openConversation(deps, request)).toMatchObject(notReady);
    const third = openConversation(deps, request);
    await made();
    expect(await third).toMatchObject({ ok: true, roomId: "!room1:localhost" });
    expect(homeserver.createdRooms).toHaveLength(1);
  });

  it("should not ask Synapse about her tokens again when her page asks again with the same ones", async () => {
    const { homeserver, deps, made, youthAsks } = world();
    const openIdChecks = vi.spyOn(homeserver, "openIdUserId");
    const tokenReads = vi.spyOn(homeserver, "getRegistrationToken");
    const request = await youthAsks("@youth-1:localhost");
    expect(await openConversation(deps, request)).toMatchObject(notReady);
    expect(await openConversation(deps, request)).toMatchObject(notReady);
    await made();
    expect(await openConversation(deps, request)).toMatchObject({
      ok: true,
      roomId: "!room1:localhost",
    });
    // Checked once, when her room was first asked for; her two retries cost Synapse nothing.
    expect(openIdChecks).toHaveBeenCalledTimes(1);
    expect(tokenReads).toHaveBeenCalledTimes(1);
    // Her room taken, the same tokens prove nothing any more: asked again, Synapse is asked.
    expect(await openConversation(deps, request)).toMatchObject({ ok: true, existing: true });
    expect(openIdChecks).toHaveBeenCalledTimes(2);
  });

  it("should check with Synapse a retry whose tokens differ, and give her room to her alone", async () => {
    const { homeserver, deps, made, youthAsks } = world();
    const openIdChecks = vi.spyOn(homeserver, "openIdUserId");
    const request = await youthAsks("@youth-1:localhost");
    expect(await openConversation(deps, request)).toMatchObject(notReady);
    // Another account's OpenID token with her registration token: checked with Synapse, and a
    // room of its own asked for, never hers.
    const other = { ...request, openIdToken: openIdTokenOf(homeserver, "@youth-2:localhost") };
    expect(await openConversation(deps, other)).toMatchObject(notReady);
    expect(openIdChecks).toHaveBeenCalledTimes(2);
    expect(homeserver.createdRooms).toEqual([]); // both still in the making
    // A new OpenID token of hers (her page asked for one): checked, and her room is hers.
    await made();
    const renewed = { ...request, openIdToken: openIdTokenOf(homeserver, "@youth-1:localhost") };
    expect(await openConversation(deps, renewed)).toMatchObject({
      ok: true,
      roomId: "!room1:localhost",
    });
    expect(openIdChecks).toHaveBeenCalledTimes(3);
    expect(homeserver.createdRooms.map((room) => room.invite)).toEqual([
      ["@youth-1:localhost"],
      ["@youth-2:localhost"],
    ]);
  });

  it("should delete a late room she never comes back for, and only once its wait is over", async () => {
    const { homeserver, lateRooms, deps, made, youthAsks, windowsEnd } = world();
    expect(await openConversation(deps, await youthAsks("@youth-1:localhost"))).toMatchObject(
      notReady,
    );
    await made();
    expect(homeserver.deletedRooms).toEqual([]);
    expect(lateRooms.size).toBe(1);
    windowsEnd();
    await lateRooms.settled();
    expect(homeserver.deletedRooms).toEqual(["!room1:localhost"]);
    expect(lateRooms.size).toBe(0);
  });

  it("should give a late room to nobody but the youth it was made for", async () => {
    const { homeserver, deps, made, slow, youthAsks } = world();
    expect(await openConversation(deps, await youthAsks("@youth-1:localhost"))).toMatchObject({
      ok: false,
    });
    await made();
    slow.on = false;
    const other = await openConversation(deps, await youthAsks("@youth-2:localhost"));
    expect(other).toMatchObject({ ok: true, roomId: "!room2:localhost" });
    expect(homeserver.createdRooms[1]).toMatchObject({
      name: "Jeune 4822 · 19:00",
      invite: ["@youth-2:localhost"],
    });
  });

  it("should never name a new conversation with the reference of a room kept for a youth", async () => {
    const { homeserver, deps, slow, youthAsks } = world();
    expect(await openConversation(deps, await youthAsks("@youth-1:localhost"))).toMatchObject({
      ok: false,
    });
    // The permanence would hand out 4821 again: it is not a live conversation's yet.
    const references = [4821, 4821, 4830];
    deps.admission.nextReference = () => references.shift() ?? 9999;
    slow.on = false;
    expect(await openConversation(deps, await youthAsks("@youth-2:localhost"))).toMatchObject({
      ok: true,
    });
    // Hers (4821) is still in the making; the other's is made at once.
    expect(homeserver.createdRooms.map((room) => room.name)).toEqual(["Jeune 4830 · 19:00"]);
  });

  describe("with production's wait", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("should let her wait 15 s for her room before she is told to ask again", async () => {
      const { deps, made, youthAsks } = world();
      const request = await youthAsks("@youth-1:localhost");
      const production: ConversationDeps = { ...deps };
      delete production.answerWithinMs;
      vi.useFakeTimers();
      let answer: unknown = null;
      void openConversation(production, request).then((result) => (answer = result));
      await vi.advanceTimersByTimeAsync(14_999);
      expect(answer).toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(answer).toMatchObject(notReady);
      vi.useRealTimers();
      await made();
    });
  });
});
