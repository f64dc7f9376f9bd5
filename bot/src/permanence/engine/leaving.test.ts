import { describe, expect, it } from "vitest";
import type { PageGone } from "../types.ts";
import { Permanence, settingsFor } from "./testing/scenario.ts";

function withCounsellor(): Permanence {
  const permanence = new Permanence(settingsFor([{ userId: "@alice" }, { userId: "@bea" }]));
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  return permanence;
}

function pageGone(permanence: Permanence, how: PageGone, kept = false) {
  return permanence.happens({ type: "youth_page_gone", conversationId: "!a", how, kept });
}

describe("the youth's page going away", () => {
  it("should end the conversation at quick exit, tell the counsellor how, and serve the next youth", () => {
    const permanence = withCounsellor();
    permanence.youthArrives("!b", 4822);
    pageGone(permanence, "quick_exit");
    expect(permanence.phaseOf("!a")).toBe("gone");
    expect(permanence.notices()).toContainEqual({
      kind: "conversation_ended",
      reference: 4821,
      reason: "quick_exit",
    });
    expect(permanence.commandsOfType("close_conversation")).toEqual([
      { type: "close_conversation", conversationId: "!a", reason: "quick_exit" },
    ]);
    // Her place with Alice is free at once; erasure is scheduled as for any ending.
    expect(permanence.invites()).toEqual(["!b→@alice"]);
    expect(permanence.state.erasures?.["!a"]).toBeDefined();
  });

  it("should keep a conversation she kept behind her PIN, and tell the counsellor she can come back", () => {
    const permanence = withCounsellor();
    pageGone(permanence, "quick_exit", true);
    expect(permanence.phaseOf("!a")).toBe("active");
    expect(permanence.commandsOfType("publish_youth_page")).toEqual([
      {
        type: "publish_youth_page",
        conversationId: "!a",
        page: { state: "gone", how: "quick_exit", kept: true },
      },
    ]);
    expect(permanence.notices()).toContainEqual({
      kind: "youth_page_gone",
      reference: 4821,
      how: "quick_exit",
      kept: true,
      counsellorId: "@alice",
    });
    expect(permanence.commandsOfType("close_conversation")).toEqual([]);
  });

  it("should drop a waiting youth whose page closed or went silent, taking back the offer", () => {
    for (const how of ["closed", "silent"] as const) {
      const permanence = new Permanence(settingsFor([{ userId: "@alice" }]));
      permanence.counsellorGoesOnDuty("@alice");
      permanence.youthArrives("!a", 4821); // offered to Alice at once
      permanence.youthArrives("!b", 4822); // queued behind
      permanence.happens({ type: "youth_page_gone", conversationId: "!b", how, kept: false });
      expect(permanence.phaseOf("!b")).toBe("gone");
      expect(permanence.state.queue).toEqual(["!a"]);
      expect(permanence.commandsOfType("close_conversation")).toEqual([
        { type: "close_conversation", conversationId: "!b", reason: "page_closed" },
      ]);
      pageGone(permanence, how);
      expect(permanence.phaseOf("!a")).toBe("gone");
      expect(permanence.withdrawals()).toEqual(["!a→@alice"]);
      expect(permanence.commandsOfType("close_conversation")).toEqual([
        { type: "close_conversation", conversationId: "!a", reason: "page_closed" },
      ]);
    }
  });

  it("should tell the counsellor once when the page closes mid-conversation, and leave the ending to her", () => {
    const permanence = withCounsellor();
    pageGone(permanence, "closed");
    expect(permanence.phaseOf("!a")).toBe("active");
    expect(permanence.conversation("!a")?.pageGone).toBe("closed");
    expect(permanence.notices()).toContainEqual({
      kind: "youth_page_gone",
      reference: 4821,
      how: "closed",
      kept: false,
      counsellorId: "@alice",
    });
    const repeated = pageGone(permanence, "closed");
    expect(repeated).toEqual([]);
    permanence.counsellorEnds("!a", "@alice");
    expect(permanence.phaseOf("!a")).toBe("gone");
  });

  it("should take the warning back when the page is heard from again", () => {
    const permanence = withCounsellor();
    pageGone(permanence, "silent");
    const back = permanence.happens({ type: "youth_page_back", conversationId: "!a" });
    expect(back).toContainEqual({
      type: "publish_youth_page",
      conversationId: "!a",
      page: { state: "present" },
    });
    expect(back).toContainEqual({
      type: "notify_staff",
      notice: { kind: "youth_page_back", reference: 4821 },
    });
    expect(permanence.conversation("!a")?.pageGone).toBeUndefined();
    // Heard from while never said gone: nothing to take back.
    expect(permanence.happens({ type: "youth_page_back", conversationId: "!a" })).toEqual([]);
  });

  it("should ignore a page of a conversation that is over", () => {
    const permanence = withCounsellor();
    permanence.youthLeaves("!a");
    expect(pageGone(permanence, "quick_exit")).toEqual([]);
  });
});
