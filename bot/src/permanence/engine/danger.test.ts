import { describe, expect, it } from "vitest";
import { dangerRefusal } from "./danger.ts";
import { decide, initialState } from "./decide.ts";
import { Permanence, second, settingsFor } from "./testing/scenario.ts";
import type { PermanenceEvent } from "../types.ts";

/** Alice talks with "Jeune 4821" (!a); Bea is on duty, with nothing. */
function aliceTalksWithA(): Permanence {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.counsellorGoesOnDuty("@bea");
  permanence.clockAdvances(second);
  return permanence;
}

const marked = (by: string, asSupervisor = false): PermanenceEvent => ({
  type: "danger_marked",
  conversationId: "!a",
  by,
  ...(asSupervisor ? { asSupervisor: true as const } : {}),
});

describe("danger to life", () => {
  it("should mark the conversation of the counsellor in charge and alert the staff room, once", () => {
    const permanence = aliceTalksWithA();
    const commands = permanence.happens(marked("@alice"));
    expect(commands).toEqual([
      {
        type: "notify_staff",
        notice: { kind: "danger_marked", reference: 4821, by: "@alice", onDuty: ["@bea"] },
      },
    ]);
    expect(permanence.conversation("!a")).toMatchObject({ dangerAt: second, dangerBy: "@alice" });
    // The phase is untouched: she keeps talking with the youth.
    expect(permanence.conversation("!a")?.phase).toEqual({
      kind: "active",
      counsellorId: "@alice",
      stage: "talking",
    });

    permanence.clockAdvances(second);
    const before = permanence.state;
    expect(permanence.happens(marked("@alice"))).toEqual([]);
    expect(permanence.conversation("!a")?.dangerAt).toBe(second);
    expect(permanence.state.conversations).toEqual(before.conversations);
  });

  it("should let a supervisor mark a colleague's conversation, but not a counsellor who is not in charge", () => {
    const permanence = aliceTalksWithA();
    expect(dangerRefusal(permanence.state, "!a", "@bea", false)).toBe("not_in_charge");
    expect(permanence.happens(marked("@bea"))).toEqual([]);
    expect(permanence.conversation("!a")?.dangerAt).toBeUndefined();

    expect(dangerRefusal(permanence.state, "!a", "@bea", true)).toBeNull();
    expect(permanence.happens(marked("@bea", true))).toEqual([
      {
        type: "notify_staff",
        notice: { kind: "danger_marked", reference: 4821, by: "@bea", onDuty: ["@alice"] },
      },
    ]);
    expect(dangerRefusal(permanence.state, "!a", "@alice", false)).toBe("already_marked");
  });

  it("should refuse a youth still waiting, an unknown conversation and someone who is not a counsellor", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
    permanence.youthArrives("!w", 1234);
    expect(dangerRefusal(permanence.state, "!w", "@alice", true)).toBe("not_active");
    expect(dangerRefusal(permanence.state, "!nope", "@alice", true)).toBe("not_active");
    const before = permanence.state;
    expect(
      permanence.happens({ type: "danger_marked", conversationId: "!w", by: "@alice" }),
    ).toEqual([]);
    expect(
      permanence.happens({ type: "danger_marked", conversationId: "!w", by: "@mallory" }),
    ).toEqual([]);
    expect(permanence.state).toEqual(before);
  });

  it("should replay to the same state, and carry the mark through a handover", () => {
    const permanence = aliceTalksWithA();
    permanence.happens(marked("@alice"));
    permanence.counsellorInvites("!a", "@alice", "@bea");
    permanence.counsellorJoins("!a", "@bea");
    expect(permanence.conversation("!a")).toMatchObject({
      phase: { counsellorId: "@bea" },
      dangerAt: second,
    });

    // The same events at the same instants from the start give the same state.
    const { context } = permanence;
    const events: [PermanenceEvent, number][] = [
      [{ type: "availability_set", counsellorId: "@alice", availability: "on_duty" }, 0],
      [{ type: "youth_arrived", conversationId: "!a", youthId: "@y", reference: 4821 }, 0],
      [{ type: "counsellor_joined", conversationId: "!a", counsellorId: "@alice" }, 0],
      [{ type: "danger_marked", conversationId: "!a", by: "@alice" }, second],
      [{ type: "danger_marked", conversationId: "!a", by: "@alice" }, 2 * second],
    ];
    const replay = () =>
      events.reduce(
        (state, [event, at]) => decide(context, state, event, at).state,
        initialState(context.settings, 0),
      );
    expect(replay()).toEqual(replay());
    expect(replay().conversations["!a"]?.dangerAt).toBe(second);
  });
});
