import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { LateRooms, requestProof } from "./late-rooms.ts";

function world() {
  const homeserver = new FakeHomeserver();
  const lines: string[] = [];
  const windows: (() => void)[] = [];
  const lateRooms = new LateRooms({
    homeserver,
    helplineId: "maintenant-jen-parle",
    logger: createLogger({ write: (line) => lines.push(line) }),
    claimWindowMs: 60_000,
    setTimer: (run) => {
      windows.push(run);
      return { cancel: () => windows.splice(windows.indexOf(run), 1) };
    },
  });
  const windowsEnd = async (): Promise<void> => {
    for (const run of windows.splice(0)) run();
    await lateRooms.settled();
  };
  return { homeserver, lateRooms, lines, windows, windowsEnd };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("rooms made after the youth's answer left", () => {
  it("should give a kept room to its youth once, and then never delete it", async () => {
    const { homeserver, lateRooms, windowsEnd } = world();
    lateRooms.keep("@youth-1:localhost", {
      reference: 4821,
      room: Promise.resolve("!a:localhost"),
    });
    await tick();
    expect(lateRooms.claim("@youth-2:localhost")).toBeUndefined();
    const claimed = lateRooms.claim("@youth-1:localhost");
    expect(claimed?.reference).toBe(4821);
    expect(await claimed?.room).toBe("!a:localhost");
    expect(lateRooms.claim("@youth-1:localhost")).toBeUndefined();
    await windowsEnd();
    expect(homeserver.deletedRooms).toEqual([]);
  });

  it("should start the wait only once the room is made, and delete it when the wait ends", async () => {
    const { homeserver, lateRooms, lines, windows, windowsEnd } = world();
    let made: (roomId: string) => void = () => undefined;
    const room = new Promise<string>((resolve) => (made = resolve));
    lateRooms.keep("@youth-1:localhost", { reference: 4821, room });
    await tick();
    expect(windows).toHaveLength(0);
    made("!a:localhost");
    await tick();
    expect(windows).toHaveLength(1);
    await windowsEnd();
    expect(homeserver.deletedRooms).toEqual(["!a:localhost"]);
    expect(lateRooms.claim("@youth-1:localhost")).toBeUndefined();
    expect(lines.join("\n")).toContain("conversation.late_room_deleted");
    // Nothing about her in the log: the room's id and the helpline only.
    expect(lines.join("\n")).not.toContain("youth-1");
  });

  it("should forget a room Synapse did not make, deleting nothing", async () => {
    const { homeserver, lateRooms, windows } = world();
    const room = Promise.reject(new Error("createRoom failed"));
    lateRooms.keep("@youth-1:localhost", { reference: 4821, room });
    room.catch(() => undefined);
    await tick();
    expect(lateRooms.size).toBe(0);
    expect(windows).toHaveLength(0);
    expect(homeserver.deletedRooms).toEqual([]);
  });

  it("should say which references its rooms are named with, until they are claimed", () => {
    const { lateRooms } = world();
    lateRooms.keep("@youth-1:localhost", { reference: 4821, room: new Promise(() => undefined) });
    expect(lateRooms.holds(4821)).toBe(true);
    expect(lateRooms.holds(4822)).toBe(false);
    lateRooms.claim("@youth-1:localhost");
    expect(lateRooms.holds(4821)).toBe(false);
  });

  it("should know her by the proof of her request for as long as her room is kept", async () => {
    const { lateRooms, windowsEnd } = world();
    const proof = (youth: string) => requestProof(`openid-${youth}`, `token-${youth}`);
    lateRooms.keep(
      "@youth-1:localhost",
      { reference: 1, room: Promise.resolve("!a:l") },
      proof("1"),
    );
    let fail: (error: Error) => void = () => undefined;
    const failing = new Promise<string>((_, reject) => (fail = reject));
    failing.catch(() => undefined);
    lateRooms.keep("@youth-2:localhost", { reference: 2, room: failing }, proof("2"));
    lateRooms.keep(
      "@youth-3:localhost",
      { reference: 3, room: Promise.resolve("!c:l") },
      proof("3"),
    );
    await tick();
    expect(lateRooms.provedBy(proof("1"))).toBe("@youth-1:localhost");
    expect(lateRooms.provedBy(proof("2"))).toBe("@youth-2:localhost");
    // One token alone, or the two of different requests, prove nothing.
    expect(lateRooms.provedBy(requestProof("openid-1", "token-2"))).toBeUndefined();
    // Claimed, not made, or deleted at the end of its wait: her proof is forgotten with her room.
    lateRooms.claim("@youth-1:localhost");
    fail(new Error("createRoom failed"));
    await tick();
    await windowsEnd();
    expect(lateRooms.provedBy(proof("1"))).toBeUndefined();
    expect(lateRooms.provedBy(proof("2"))).toBeUndefined();
    expect(lateRooms.provedBy(proof("3"))).toBeUndefined();
  });

  it("should keep no token in the proof", () => {
    const proof = requestProof("openid-secret", "registration-secret");
    expect(proof).not.toContain("secret");
    expect(proof).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("should log a room it could not delete, for the next start to delete", async () => {
    const { homeserver, lateRooms, lines, windowsEnd } = world();
    homeserver.deleteRoom = () => Promise.reject(new Error("Synapse down"));
    lateRooms.keep("@youth-1:localhost", {
      reference: 4821,
      room: Promise.resolve("!a:localhost"),
    });
    await tick();
    await windowsEnd();
    expect(lines.join("\n")).toContain("conversation.late_room_not_deleted");
  });

  describe("with production's wait", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("should keep a room made late for a minute, then delete it", async () => {
      vi.useFakeTimers();
      const homeserver = new FakeHomeserver();
      const lateRooms = new LateRooms({
        homeserver,
        helplineId: "maintenant-jen-parle",
        logger: createLogger({ write: () => {} }),
      });
      lateRooms.keep("@youth-1:localhost", {
        reference: 4821,
        room: Promise.resolve("!a:localhost"),
      });
      await vi.advanceTimersByTimeAsync(59_999);
      expect(homeserver.deletedRooms).toEqual([]);
      expect(lateRooms.size).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await lateRooms.settled();
      expect(homeserver.deletedRooms).toEqual(["!a:localhost"]);
    });
  });
});
