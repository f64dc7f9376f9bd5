import { describe, expect, it } from "vitest";
import type { YouthStatus } from "../types.ts";
import { NAMING_GRACE_MS, TeamWatch, type WatchedMember } from "./teamWatch.ts";

const ME = "@y:hs";
const BOT = "@bot:hs";

function room(members: Record<string, string>): WatchedMember[] {
  return [
    { userId: ME, membership: "join" },
    { userId: BOT, membership: "join" },
    ...Object.entries(members).map(([userId, membership]) => ({ userId, membership })),
  ];
}

const present = (extra: Partial<Extract<YouthStatus, { state: "counsellor_present" }>> = {}) =>
  ({ state: "counsellor_present", ...extra }) as YouthStatus;

describe("TeamWatch", () => {
  it("should say nothing of her counsellor, nor of offers declined and made again", () => {
    const watch = new TeamWatch(ME, BOT);
    watch.update(room({ "@julie:hs": "invite" }), { state: "counsellor_joining" }, 1);
    watch.update(room({ "@julie:hs": "leave", "@lou:hs": "invite" }), null, 2);
    watch.update(room({ "@lou:hs": "join" }), present(), 3);
    expect(watch.notices).toEqual([]);
  });

  it("should announce an observer invited, once, and her leaving", () => {
    const watch = new TeamWatch(ME, BOT);
    watch.update(room({ "@julie:hs": "join" }), present(), 1);
    expect(
      watch.update(
        room({ "@julie:hs": "join", "@sara:hs": "invite" }),
        present({ observers: ["@sara:hs"] }),
        2,
      ),
    ).toBe(true);
    expect(
      watch.update(
        room({ "@julie:hs": "join", "@sara:hs": "join" }),
        present({ observers: ["@sara:hs"] }),
        3,
      ),
    ).toBe(false);
    watch.update(room({ "@julie:hs": "join", "@sara:hs": "leave" }), present(), 4);
    expect(watch.notices).toEqual([
      { id: "team:1", kind: "observer_joined", timestamp: 2 },
      { id: "team:2", kind: "observer_left", timestamp: 4 },
    ]);
  });

  it("should not take an observer for her counsellor on a page opened again with both there", () => {
    const watch = new TeamWatch(ME, BOT);
    // "@a…" sorts before "@julie": the observer must still be told as one.
    watch.update(
      room({ "@julie:hs": "join", "@aude:hs": "join" }),
      present({ observers: ["@aude:hs"] }),
      1,
    );
    expect(watch.notices.map((n) => n.kind)).toEqual(["observer_joined"]);
    expect(watch.counsellors).toEqual(["@julie:hs"]);
  });

  it("should announce the colleague taking over at her invite, and anyone unnamed told in words true of anyone", () => {
    const watch = new TeamWatch(ME, BOT);
    watch.update(room({ "@julie:hs": "join" }), present(), 1);
    expect(
      watch.update(
        room({ "@julie:hs": "join", "@lou:hs": "invite" }),
        present({ takingOver: "@lou:hs" }),
        2,
      ),
    ).toBe(true);
    expect(watch.notices).toEqual([{ id: "team:1", kind: "colleague_taking_over", timestamp: 2 }]);
    expect(watch.mayReceive("@lou:hs")).toBe(true);
    const withX = room({ "@julie:hs": "join", "@lou:hs": "join", "@x:hs": "invite" });
    watch.update(withX, present(), 3);
    // The bot has not named her yet: nothing may leave, nothing is said yet.
    expect(watch.waitingForNames).toBe(true);
    expect(watch.update(withX, present(), 3 + NAMING_GRACE_MS - 1)).toBe(false);
    expect(watch.update(withX, present(), 3 + NAMING_GRACE_MS)).toBe(true);
    expect(watch.waitingForNames).toBe(false);
    watch.update(
      room({ "@julie:hs": "join", "@lou:hs": "join", "@x:hs": "leave" }),
      present(),
      9e3,
    );
    expect(watch.notices.map((n) => n.kind)).toEqual([
      "colleague_taking_over",
      "colleague_invited",
      "colleague_left",
    ]);
  });

  it("should name an observer as one when the bot's word comes within the grace, and forget a revoked stray", () => {
    const watch = new TeamWatch(ME, BOT);
    watch.update(room({ "@julie:hs": "join" }), present(), 0);
    watch.update(
      room({ "@julie:hs": "join", "@sara:hs": "invite", "@x:hs": "invite" }),
      present(),
      1,
    );
    expect(watch.notices).toEqual([]);
    watch.update(
      room({ "@julie:hs": "join", "@sara:hs": "invite", "@x:hs": "leave" }),
      present({ observers: ["@sara:hs"] }),
      500,
    );
    expect(watch.notices.map((n) => n.kind)).toEqual(["observer_joined"]);
    expect(watch.waitingForNames).toBe(false);
  });

  it("should take nobody for her counsellor on a page opened again with two unlisted members", () => {
    const watch = new TeamWatch(ME, BOT);
    // "@aaa" might be a stray invite: alphabetical order must not make her the counsellor.
    const both = room({ "@aaa:hs": "invite", "@julie:hs": "join" });
    watch.update(both, present(), 1);
    expect(watch.counsellors).toEqual([]);
    expect(watch.waitingForNames).toBe(true);
    expect(watch.mayReceive("@aaa:hs")).toBe(false);
    watch.update(both, present(), 1 + NAMING_GRACE_MS);
    expect(watch.notices.map((n) => n.kind)).toEqual(["colleague_invited", "colleague_invited"]);
    expect(watch.counsellors).toEqual([]);
  });
});
