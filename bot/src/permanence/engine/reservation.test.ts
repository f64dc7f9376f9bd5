import { describe, expect, it } from "vitest";
import { reservationLifetimeMs } from "./reservation.ts";
import { reservedPlace } from "./status.ts";
import {
  Permanence,
  alwaysClosed,
  minute,
  second,
  settingsFor,
  slotClosingAt,
} from "./testing/scenario.ts";

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bob" }], {
  defaultMaxConversations: 1,
});

const placeOf = (permanence: Permanence, id: string) =>
  reservedPlace(settings, permanence.state, id);

describe("a place held while her room is made", () => {
  it("should come behind everyone waiting and every place asked before it", () => {
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a");
    permanence.clockAdvances(second);
    expect(permanence.placeReserved("r1")).toEqual([]);
    permanence.clockAdvances(second);
    permanence.placeReserved("r2");
    expect(placeOf(permanence, "r1")).toEqual({ position: 2, estimatedWaitMinutes: null });
    expect(placeOf(permanence, "r2")).toEqual({ position: 3, estimatedWaitMinutes: null });
    expect(placeOf(permanence, "unknown")).toBeNull();
  });

  it("should count in the positions of the youths who arrive after it", () => {
    const permanence = new Permanence(settings);
    permanence.placeReserved("r1");
    permanence.clockAdvances(second);
    permanence.youthArrives("!b");
    expect(permanence.statusOf("!b")).toEqual({
      state: "waiting",
      position: 2,
      estimatedWaitMinutes: null,
    });
  });

  it("should give her arrival the place she asked for, ahead of youths who came after", () => {
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a");
    permanence.clockAdvances(second);
    permanence.placeReserved("r1");
    permanence.clockAdvances(second);
    permanence.youthArrives("!b");
    permanence.clockAdvances(20 * second);
    permanence.youthArrivesWith("r1", "!late");
    expect(permanence.state.queue).toEqual(["!a", "!late", "!b"]);
    expect(permanence.state.reservations).toEqual([]);
    // She waits from when she asked: the wait counted for her starts there.
    expect(permanence.conversation("!late")?.arrivedAt).toBe(1 * second);
    expect(permanence.statusOf("!late")).toMatchObject({ state: "waiting", position: 2 });
    // Nobody behind her moved: she had counted in their positions all along.
    expect(permanence.statusOf("!b")).toMatchObject({ position: 3 });
  });

  it("should never be offered, and be offered once her room is there", () => {
    const permanence = new Permanence(settings);
    permanence.placeReserved("r1");
    permanence.clockAdvances(second);
    permanence.youthArrives("!b");
    permanence.counsellorGoesOnDuty("@alice");
    // Only a room can be offered: the youth behind the held place goes first meanwhile.
    expect(permanence.invites()).toEqual(["!b→@alice"]);
    expect(placeOf(permanence, "r1")).toMatchObject({ position: 1 });
    permanence.counsellorGoesOnDuty("@bob");
    expect(permanence.commandsOfType("invite")).toEqual([]);
    permanence.youthArrivesWith("r1", "!a");
    expect(permanence.invites()).toEqual(["!a→@bob"]);
  });

  it("should stay behind the urgent youths", () => {
    const permanence = new Permanence(settings);
    permanence.placeReserved("r1");
    permanence.clockAdvances(second);
    permanence.youthArrives("!b");
    permanence.happens({ type: "urgent_declared", conversationId: "!b" });
    expect(permanence.statusOf("!b")).toMatchObject({ position: 1 });
    expect(placeOf(permanence, "r1")).toMatchObject({ position: 2 });
    permanence.youthArrivesWith("r1", "!a");
    expect(permanence.state.queue).toEqual(["!b", "!a"]);
  });

  it("should be held once, however often it is asked", () => {
    const permanence = new Permanence(settings);
    permanence.placeReserved("r1");
    const before = permanence.state;
    permanence.clockAdvances(second);
    permanence.placeReserved("r1");
    expect(permanence.state.reservations).toEqual(before.reservations);
  });

  it("should expire when her room never comes, and move up the youths behind it", () => {
    const permanence = new Permanence(settings);
    permanence.placeReserved("r1");
    permanence.clockAdvances(second);
    permanence.youthArrives("!b");
    expect(permanence.statusOf("!b")).toMatchObject({ position: 2 });
    permanence.clockAdvances(reservationLifetimeMs);
    expect(permanence.state.reservations).toEqual([]);
    expect(permanence.statusOf("!b")).toMatchObject({ position: 1 });
    expect(permanence.commandsOfType("publish_status")).toEqual([
      {
        type: "publish_status",
        conversationId: "!b",
        status: { state: "waiting", position: 1, estimatedWaitMinutes: null },
      },
    ]);
  });

  it("should not give her place to a room that comes after it expired, but the end", () => {
    const permanence = new Permanence(settings);
    permanence.placeReserved("r1");
    permanence.clockAdvances(second);
    permanence.youthArrives("!b");
    // No tick between: the arrival sees the expired place itself.
    permanence.now += reservationLifetimeMs;
    permanence.youthArrivesWith("r1", "!a");
    expect(permanence.state.queue).toEqual(["!b", "!a"]);
    expect(permanence.conversation("!a")?.arrivedAt).toBe(permanence.now);
    expect(permanence.state.reservations).toEqual([]);
  });

  it("should hold nothing while the helpline does not admit", () => {
    const permanence = new Permanence(settings, alwaysClosed);
    permanence.placeReserved("r1");
    expect(permanence.state.reservations ?? []).toEqual([]);
  });

  it("should admit her room after the last admission, since she asked in time", () => {
    const permanence = new Permanence(settings, slotClosingAt(60 * minute, 45 * minute));
    permanence.clockAdvances(44 * minute);
    permanence.placeReserved("r1");
    permanence.clockAdvances(2 * minute);
    permanence.youthArrivesWith("r1", "!a");
    permanence.youthArrives("!b");
    expect(permanence.state.queue).toEqual(["!a"]);
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!b", reason: "not_admitted" },
    ]);
  });

  it("should be dropped at closing with the queue, and her room then turned away", () => {
    const permanence = new Permanence(settings, slotClosingAt(60 * minute, 45 * minute));
    permanence.clockAdvances(44 * minute);
    permanence.placeReserved("r1");
    permanence.clockAdvances(16 * minute);
    expect(permanence.state.reservations).toEqual([]);
    permanence.youthArrivesWith("r1", "!a");
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "not_admitted" },
    ]);
  });
});
