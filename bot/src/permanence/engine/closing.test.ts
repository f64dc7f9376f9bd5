import { describe, expect, it } from "vitest";
import type { Schedule } from "../types.ts";
import { Permanence, minute, settingsFor, slotClosingAt } from "./testing/scenario.ts";

const closesAt = 3 * 60 * minute;
// Long enough that conversations under way outlive the whole evening without a message.
const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }, { userId: "@chloe" }], {
  inactivityTimeoutMs: 5 * 60 * minute,
});

function busyEvening(): Permanence {
  const permanence = new Permanence(settings, slotClosingAt(closesAt, closesAt - 15 * minute));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.counsellorGoesOnDuty("@bea");
  permanence.youthArrives("!a");
  permanence.counsellorJoins("!a", "@alice");
  permanence.youthArrives("!b");
  permanence.youthArrives("!c");
  return permanence;
}

describe("closing time", () => {
  it("should warn the staff room once, closingWarningMs before closing", () => {
    const permanence = busyEvening();
    permanence.clockAdvances(closesAt - 10 * minute - 1);
    expect(permanence.noticeKinds()).not.toContain("closing_soon");
    permanence.clockAdvances(1);
    expect(permanence.notices()).toContainEqual({ kind: "closing_soon", closesAt, queueLength: 2 });
    expect(permanence.state.warnedForClosingAt).toBe(closesAt);
    permanence.clockAdvances(minute);
    expect(permanence.noticeKinds()).not.toContain("closing_soon");
  });

  it("should send waiting youths away, take back offers and put counsellors off duty, once", () => {
    const permanence = busyEvening();
    permanence.counsellorPauses("@bea");
    permanence.clockAdvances(closesAt);
    expect(permanence.withdrawals()).toEqual([]);
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!b", reason: "closing" },
      { type: "close_conversation", conversationId: "!c", reason: "closing" },
    ]);
    expect(permanence.published()).toEqual({
      "!b": { state: "ended", reason: "closing" },
      "!c": { state: "ended", reason: "closing" },
    });
    expect(permanence.notices()).toEqual([
      { kind: "availability_changed", counsellorId: "@alice", availability: "off_duty" },
      { kind: "availability_changed", counsellorId: "@bea", availability: "off_duty" },
      { kind: "closed", sentAway: 2 },
    ]);
    expect(permanence.state.queue).toEqual([]);
    expect(permanence.state.closedSlotAt).toBe(closesAt);
    expect(permanence.clockAdvances(minute)).toEqual([]);
  });

  it("should withdraw offers still pending at closing", () => {
    const permanence = busyEvening();
    permanence.counsellorGoesOnDuty("@chloe");
    expect(permanence.counsellorOf("!c")).toBe("@chloe");
    permanence.clockAdvances(closesAt);
    expect(permanence.withdrawals()).toEqual(["!b→@bea", "!c→@chloe"]);
    expect(permanence.commands[0]?.type).toBe("withdraw_invite");
  });

  it("should let conversations under way continue past closing", () => {
    const permanence = busyEvening();
    permanence.clockAdvances(closesAt);
    expect(permanence.counsellorOf("!a")).toBe("@alice");
    expect(permanence.phaseOf("!a")).toBe("active");
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.commandsOfType("close_conversation")).toHaveLength(1);
  });

  it("should handle a closing missed while the bot was down, into the next slot", () => {
    const day = 24 * 60 * minute;
    // Open every day from midnight to closesAt.
    const twoEvenings: Schedule = (now) =>
      slotClosingAt(now < day ? closesAt : day + closesAt)(now);
    const permanence = new Permanence(settings, twoEvenings);
    permanence.youthArrives("!a");
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorPauses("@alice");
    permanence.now = day + minute;
    permanence.happens({ type: "tick" });
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "closing" },
    ]);
    expect(permanence.availabilityOf("@alice")).toBe("off_duty");
    expect(permanence.state.openSlotClosesAt).toBe(day + closesAt);
  });

  it("should leave alone a counsellor who goes on duty before opening", () => {
    const opensAt = 60 * minute;
    const laterSlot: Schedule = (now) =>
      now < opensAt
        ? {
            open: false,
            admitting: false,
            closesAt: null,
            admissionEndsAt: null,
            nextOpensAt: opensAt,
          }
        : slotClosingAt(closesAt)(now);
    const permanence = new Permanence(settings, laterSlot);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.clockAdvances(opensAt);
    expect(permanence.availabilityOf("@alice")).toBe("on_duty");
    permanence.youthArrives("!a");
    expect(permanence.invites()).toEqual(["!a→@alice"]);
  });
});
