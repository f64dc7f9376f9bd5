import { describe, expect, it } from "vitest";
import { readYouthGone } from "./youthPage.ts";

const BOT = "@helpline-bot:hs";
const event = (content: unknown, sender: string | null = BOT) => ({
  getSender: () => sender,
  getContent: () => content,
});

describe("the youth's page, as the bot says it", () => {
  it("should read each way the page can go, kept or not", () => {
    for (const how of ["quick_exit", "closed", "silent"] as const) {
      for (const kept of [true, false]) {
        expect(readYouthGone(event({ state: "gone", how, kept }), BOT)).toEqual({ how, kept });
      }
    }
  });

  it("should say nothing while the page is present, or when the bot never said", () => {
    expect(readYouthGone(event({ state: "present" }), BOT)).toBeNull();
    expect(readYouthGone(null, BOT)).toBeNull();
  });

  it("should believe the bot only: not the youth, not anyone else in the room", () => {
    const gone = { state: "gone", how: "quick_exit", kept: false };
    expect(readYouthGone(event(gone, "@youth-1234:hs"), BOT)).toBeNull();
    expect(readYouthGone(event(gone, "@colleague:hs"), BOT)).toBeNull();
    expect(readYouthGone(event(gone, null), BOT)).toBeNull();
    // A room whose creation is not known yet: nobody can be believed.
    expect(readYouthGone(event(gone, BOT), null)).toBeNull();
  });

  it("should ignore malformed or unknown content", () => {
    for (const content of [
      null,
      "gone",
      [],
      { state: "gone" },
      { state: "gone", how: "quick_exit" },
      { state: "gone", how: "quick_exit", kept: "yes" },
      { state: "gone", how: "teleported", kept: false },
      { state: "away", how: "closed", kept: false },
    ]) {
      expect(readYouthGone(event(content), BOT)).toBeNull();
    }
  });
});
