import { describe, expect, it } from "vitest";
import {
  Permanence,
  alwaysClosed,
  minute,
  settingsFor,
  slotClosingAt,
} from "./testing/scenario.ts";

const settings = settingsFor([{ userId: "@alice" }]);

describe("a youth arriving", () => {
  it("should join the end of the queue and tell the staff how many are waiting", () => {
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a", 4821);
    permanence.youthArrives("!b", 4822);
    expect(permanence.state.queue).toEqual(["!a", "!b"]);
    expect(permanence.notices()).toEqual([
      { kind: "youth_waiting", reference: 4822, queueLength: 2 },
    ]);
    expect(permanence.conversation("!b")).toMatchObject({
      phase: { kind: "queued" },
      arrivedAt: 0,
    });
  });

  it("should change nothing when the same conversation arrives twice", () => {
    const permanence = new Permanence(settings);
    permanence.youthArrives("!a");
    const before = permanence.state;
    expect(permanence.youthArrives("!a")).toEqual([]);
    expect(permanence.state).toBe(before);
  });

  it("should turn the youth away, with the reason, when the helpline is closed", () => {
    const permanence = new Permanence(settings, alwaysClosed);
    expect(permanence.youthArrives("!a")).toEqual([
      {
        type: "publish_status",
        conversationId: "!a",
        status: { state: "ended", reason: "not_admitted" },
      },
      { type: "close_conversation", conversationId: "!a", reason: "not_admitted" },
    ]);
    expect(permanence.state.queue).toEqual([]);
    expect(permanence.phaseOf("!a")).toBe("gone");
  });

  it("should turn the youth away after the last admission, though still open", () => {
    const permanence = new Permanence(settings, slotClosingAt(60 * minute, 45 * minute));
    permanence.youthArrives("!a");
    permanence.clockAdvances(45 * minute);
    permanence.youthArrives("!b");
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!b", reason: "not_admitted" },
    ]);
    expect(permanence.state.queue).toEqual(["!a"]);
  });
});
