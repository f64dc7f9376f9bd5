import type { JournalRecord } from "@helpline/bot/permanence/journal";
import { describe, expect, it } from "vitest";
import { offerFigures } from "./offers.ts";

const invite = (conversationId: string, counsellorId = "@c1") =>
  ({ type: "invite", conversationId, counsellorId }) as const;
const made = (conversationId: string, counsellorId = "@c1") =>
  ({ type: "invite_made", conversationId, counsellorId }) as const;
const paused = {
  type: "notify_staff",
  notice: { kind: "availability_changed", counsellorId: "@c1", availability: "paused" },
} as const;

describe("offerFigures", () => {
  it("should time each invite from its offer's decision, and count the offers run out and the counsellors paused for it", () => {
    const records: JournalRecord[] = [
      { seq: 1, at: 1_000, event: { type: "tick" }, commands: [invite("!a"), invite("!b", "@c2")] },
      { seq: 3, at: 61_000, event: made("!a"), commands: [] },
      // Out of order in the file, as records read across compactions may be.
      { seq: 2, at: 5_000, event: made("!b", "@c2"), commands: [] },
      {
        seq: 4,
        at: 200_000,
        event: { type: "tick" },
        commands: [
          { type: "withdraw_invite", conversationId: "!a", counsellorId: "@c1" },
          {
            type: "notify_staff",
            notice: { kind: "offer_timed_out", reference: 1001, counsellorId: "@c1" },
          },
          paused,
        ],
      },
      // Made again after a restart: not a second invite.
      { seq: 5, at: 210_000, event: made("!a"), commands: [] },
      // She paused herself: not the bot's doing.
      {
        seq: 6,
        at: 220_000,
        event: { type: "availability_set", counsellorId: "@c1", availability: "paused" },
        commands: [paused],
      },
    ];
    const figures = offerFigures(records);
    expect(figures.offers).toBe(2);
    expect(figures.inviteMadeAfter).toEqual({ n: 2, p50: 4_000, p95: 60_000, max: 60_000 });
    expect(figures.offersTimedOut).toBe(1);
    expect(figures.counsellorsPaused).toBe(1);
  });
});
