import { describe, expect, it } from "vitest";
import { freeReference, roomName } from "./conversation-names.ts";
import type { ConversationState, PermanenceState } from "./types.ts";

function stateWithReferences(...references: number[]): PermanenceState {
  const conversations: Record<string, ConversationState> = {};
  for (const reference of references) {
    conversations[`!${reference}`] = {
      id: `!${reference}`,
      youthId: "@y:x",
      reference,
      arrivedAt: 0,
      phase: { kind: "queued" },
      lastActivityAt: 0,
      published: null,
    };
  }
  return {
    conversations,
    queue: [],
    counsellors: {},
    warnedForClosingAt: null,
    closedSlotAt: null,
  };
}

describe("freeReference", () => {
  it("should give four digits and skip references in use", () => {
    const draws = [0.5, 0.5, 0];
    const reference = freeReference(stateWithReferences(5500), () => draws.shift() ?? 0);
    expect(reference).toBe(1000);
  });
});

describe("roomName", () => {
  it("should show the local start time in the helpline's zone", () => {
    // 17:42Z is 18:42 in Brussels in November (UTC+1).
    expect(roomName(4821, Date.parse("2026-11-23T17:42:00Z"), "Europe/Brussels")).toBe(
      "Jeune 4821 · 18:42",
    );
  });
});
