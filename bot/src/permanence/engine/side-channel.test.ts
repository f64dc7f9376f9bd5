import { describe, expect, it } from "vitest";
import type { PermanenceEvent, PermanenceState } from "../types.ts";
import { decide, initialState } from "./decide.ts";
import { invariantViolations } from "./invariants.ts";
import { sideChannelRefusal } from "./side-channel.ts";
import { Permanence, minute, second, settingsFor } from "./testing/scenario.ts";

/** Alice talks with "Jeune 4821" (!a); Sophie, a supervisor, is on duty; Bea is off duty. */
function aliceTalksWithA(): Permanence {
  const permanence = new Permanence(
    settingsFor([{ userId: "@alice" }, { userId: "@sophie" }, { userId: "@bea" }]),
  );
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.counsellorGoesOnDuty("@sophie");
  permanence.clockAdvances(second);
  return permanence;
}

function opened(
  by: string,
  roomId = "!side",
  supervisors = ["@sophie"],
  conversationId = "!a",
): PermanenceEvent {
  return { type: "side_channel_opened", conversationId, roomId, by, supervisors };
}

describe("side channel", () => {
  it("should record the room with who asked and who was invited, and tell the staff room", () => {
    const permanence = aliceTalksWithA();
    permanence.happens(opened("@alice"));
    expect(permanence.conversation("!a")?.sideChannel).toEqual({
      roomId: "!side",
      by: "@alice",
      members: ["@alice", "@sophie"],
    });
    expect(permanence.notices()).toEqual([
      {
        kind: "side_channel_opened",
        reference: 4821,
        by: "@alice",
        supervisors: ["@sophie"],
        again: false,
      },
    ]);
    expect(invariantViolations(permanence.context.settings, permanence.state)).toEqual([]);
  });

  it("should keep the first room when asked again, adding whoever was invited since", () => {
    const permanence = aliceTalksWithA();
    permanence.happens(opened("@alice"));
    permanence.happens(opened("@alice", "!side", ["@sophie", "@bea"]));
    expect(permanence.conversation("!a")?.sideChannel?.members).toEqual([
      "@alice",
      "@sophie",
      "@bea",
    ]);
    expect(permanence.notices()[0]).toMatchObject({
      again: true,
      supervisors: ["@sophie", "@bea"],
    });
    // Another room never replaces it: there is one side channel per conversation.
    const before = permanence.state;
    expect(permanence.happens(opened("@alice", "!other"))).toEqual([]);
    expect(permanence.state).toBe(before);
  });

  it("should change nothing when anyone but the counsellor in charge asks", () => {
    const permanence = aliceTalksWithA();
    expect(sideChannelRefusal(permanence.state, "!a", "@sophie")).toBe("not_in_charge");
    const before = permanence.state;
    expect(permanence.happens(opened("@sophie"))).toEqual([]);
    expect(permanence.state).toBe(before);
  });

  it("should change nothing for a youth who is only waiting", () => {
    const permanence = aliceTalksWithA();
    permanence.youthArrives("!b", 1234);
    expect(sideChannelRefusal(permanence.state, "!b", "@alice")).toBe("not_in_charge");
    const before = permanence.state;
    permanence.happens(opened("@alice", "!side", ["@sophie"], "!b"));
    expect(permanence.state).toBe(before);
  });

  it("should remove its members at the end and carry its room to the erasure", () => {
    const permanence = aliceTalksWithA();
    permanence.happens(opened("@alice"));
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.commands).toContainEqual({
      type: "close_side_channel",
      conversationId: "!a",
      roomId: "!side",
    });
    expect(permanence.state.erasures?.["!a"]).toMatchObject({ sideRoomId: "!side" });
    permanence.clockAdvances(5 * minute);
    expect(permanence.commands).toContainEqual({
      type: "erase_conversation",
      conversationId: "!a",
      youthId: "@y-!a",
      sideRoomId: "!side",
    });
  });

  it("should erase a conversation without a side channel as before", () => {
    const permanence = aliceTalksWithA();
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.commands.map((c) => c.type)).not.toContain("close_side_channel");
    permanence.clockAdvances(5 * minute);
    expect(permanence.commands).toContainEqual({
      type: "erase_conversation",
      conversationId: "!a",
      youthId: "@y-!a",
    });
  });

  it("should rebuild the same state when the journal is replayed, erasure included", () => {
    const settings = settingsFor([{ userId: "@alice" }, { userId: "@sophie" }]);
    const context = { settings, schedule: aliceTalksWithA().context.schedule };
    const journal: { event: PermanenceEvent; at: number }[] = [
      {
        event: { type: "availability_set", counsellorId: "@alice", availability: "on_duty" },
        at: 0,
      },
      {
        event: { type: "youth_arrived", conversationId: "!a", youthId: "@y", reference: 4821 },
        at: 1,
      },
      { event: { type: "counsellor_joined", conversationId: "!a", counsellorId: "@alice" }, at: 2 },
      { event: opened("@alice"), at: 3 },
    ];
    const replay = (records: typeof journal): PermanenceState =>
      records.reduce(
        (state, { event, at }) => decide(context, state, event, at).state,
        initialState(settings, 0),
      );
    const live = replay(journal);
    expect(live.conversations["!a"]?.sideChannel?.roomId).toBe("!side");
    // The same records, read back as a snapshot would be (JSON), give the same state.
    expect(JSON.parse(JSON.stringify(replay(journal)))).toEqual(live);
    const ended = replay([
      ...journal,
      { event: { type: "end_requested", conversationId: "!a", by: "@alice" }, at: 4 },
    ]);
    expect(ended.erasures?.["!a"]?.sideRoomId).toBe("!side");
    // A snapshot written before side channels (no field) loads and erases as before.
    const { sideChannel: _none, ...old } = live.conversations["!a"] ?? { sideChannel: undefined };
    const oldState = { ...live, conversations: { "!a": old } } as PermanenceState;
    const endedOld = decide(
      context,
      oldState,
      { type: "end_requested", conversationId: "!a", by: "@alice" },
      4,
    );
    expect(endedOld.state.erasures?.["!a"]).toEqual({
      youthId: "@y",
      eraseAt: 4 + settings.erasureGraceMs,
    });
  });
});
