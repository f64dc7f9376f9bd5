import { describe, expect, it } from "vitest";
import { NOW, loggedIn, poll, setup, shown } from "../fake/console.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";
import { ApiError } from "../types.ts";

describe("DeskViewModel: offers", () => {
  it("should announce a new offer once with a chime and count it in the title until answered", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, api, matrix, chimes, titles } = parties;
    api.desk = desk({
      conversations: [
        conversation({
          reference: 4821,
          state: "offered",
          arrivedAt: NOW - 3 * 60_000,
          offerExpiresAt: NOW + 45_000,
        }),
      ],
    });
    await poll(parties);
    expect(chimes).toHaveLength(1);
    expect(titles.at(-1)).toBe(1);
    expect(shown(vm).desk.offers[0]).toMatchObject({
      reference: 4821,
      waitingMinutes: 3,
      offerSecondsLeft: 45,
    });
    await poll(parties);
    expect(chimes).toHaveLength(1); // the same offer is not announced twice

    deskVm.accept(4821);
    await settle();
    expect(matrix.actions).toContain("join !room4821:localhost");
    expect(titles.at(-1)).toBe(0);
    // The bot counts it as active at its next answer: the chat opens by itself.
    api.desk = desk({ conversations: [conversation({ reference: 4821 })] });
    await poll(parties);
    expect(shown(vm).chat?.reference).toBe(4821);
  });

  it("should decline an offer by leaving the room", async () => {
    const parties = await loggedIn(setup());
    parties.api.desk = desk({ conversations: [conversation({ reference: 7, state: "offered" })] });
    await poll(parties);
    parties.deskVm.decline(7);
    await settle();
    expect(parties.matrix.actions).toContain("leave !room7:localhost");
  });
});

describe("DeskViewModel: a youth who said she is in danger now", () => {
  it("should mark her offer and her place in the queue, and nobody else's", async () => {
    const parties = await loggedIn(setup());
    parties.api.desk = desk({
      conversations: [
        conversation({ reference: 7, state: "offered", urgent: true }),
        conversation({ reference: 8 }),
      ],
      queue: [
        { reference: 9, position: 1, waitingSince: NOW, state: "queued", urgent: true },
        { reference: 10, position: 2, waitingSince: NOW, state: "queued", urgent: false },
      ],
    });
    await poll(parties);
    const { desk: shownDesk } = shown(parties.vm);
    expect(shownDesk.offers.map(({ reference, urgent }) => [reference, urgent])).toEqual([
      [7, true],
    ]);
    expect(shownDesk.conversations.map(({ urgent }) => urgent)).toEqual([false]);
    expect(shownDesk.queue.map(({ urgent }) => urgent)).toEqual([true, false]);
  });
});

describe("DeskViewModel: pending handovers", () => {
  it("should invite the colleague of a pending handover once, and again if the invite failed", async () => {
    const parties = await loggedIn(setup());
    const { api, matrix } = parties;
    matrix.failInvite = true;
    api.desk = desk({
      conversations: [conversation({ reference: 1, requeued: true })],
      pendingHandovers: [{ reference: 1, roomId: "!room1:localhost", to: "@lou:localhost" }],
    });
    await poll(parties);
    expect(matrix.actions).toEqual([]);
    matrix.failInvite = false;
    await poll(parties);
    await poll(parties);
    expect(matrix.actions.filter((a) => a.startsWith("invite"))).toEqual([
      "invite !room1:localhost @lou:localhost",
    ]);
  });
});

describe("DeskViewModel: the bot's API", () => {
  it("should keep the desk and say so when the bot cannot be reached", async () => {
    const parties = await loggedIn(setup());
    parties.api.failWith = new ApiError(0, "network_error");
    await poll(parties);
    expect(shown(parties.vm).desk.apiTrouble).toBe(true);
    parties.api.failWith = null;
    await poll(parties);
    expect(shown(parties.vm).desk.apiTrouble).toBe(false);
  });
});

describe("DeskViewModel: reacting to Matrix", () => {
  it("should ask the bot at once when an invite arrives, without waiting for the poll", async () => {
    const parties = await loggedIn(setup());
    const { vm, api, matrix, chimes } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 5, state: "offered" })] });
    matrix.invited();
    await settle();
    expect(shown(vm).desk.offers.map((o) => o.reference)).toEqual([5]);
    expect(chimes).toHaveLength(1);
  });
});

describe("DeskViewModel: the youth's page", () => {
  it("should flag a conversation whose youth's page is gone in the list, even when not open", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, api, matrix } = parties;
    api.desk = desk({
      conversations: [conversation({ reference: 1 }), conversation({ reference: 2 })],
    });
    matrix.setRoom({ roomId: "!room1:localhost" });
    matrix.setRoom({ roomId: "!room2:localhost", youthGone: { how: "silent", kept: true } });
    await poll(parties);
    deskVm.select(1);
    expect(shown(vm).desk.conversations.map((c) => c.youthGone)).toEqual([
      null,
      { how: "silent", kept: true },
    ]);
  });
});
