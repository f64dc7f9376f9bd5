import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { untilInvited, type Memberships } from "./invitation.ts";

/** Her client's memberships, changed by the test as sync would. */
function fakeMemberships(initial: Record<string, string> = {}) {
  const rooms = new Map(Object.entries(initial));
  const listeners = new Set<(roomId: string, membership: string) => void>();
  const memberships: Memberships = {
    membershipOf: (roomId) => rooms.get(roomId) ?? null,
    onMembership: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const sync = (roomId: string, membership: string): void => {
    rooms.set(roomId, membership);
    for (const listener of [...listeners]) listener(roomId, membership);
  };
  return { memberships, sync, listening: () => listeners.size };
}

describe("accepting an offer waits for its invite", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("should go at once when she is already invited, or already in the room", async () => {
    const { memberships, listening } = fakeMemberships({ "!a": "invite", "!b": "join" });
    await untilInvited(memberships, "!a", 60_000);
    await untilInvited(memberships, "!b", 60_000);
    expect(listening()).toBe(0);
  });

  it("should wait for the invite to reach her client, then stop listening", async () => {
    const { memberships, sync, listening } = fakeMemberships();
    let invited = false;
    const waiting = untilInvited(memberships, "!offer", 60_000).then(() => (invited = true));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(invited).toBe(false);
    sync("!other", "invite"); // another room's invite is not this one
    sync("!offer", "leave"); // nor is a membership she cannot join from
    await vi.advanceTimersByTimeAsync(0);
    expect(invited).toBe(false);
    sync("!offer", "invite");
    await waiting;
    expect(invited).toBe(true);
    expect(listening()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("should give up after the timeout and let the join say what the server thinks", async () => {
    const { memberships, listening } = fakeMemberships();
    let settled = false;
    const waiting = untilInvited(memberships, "!offer", 60_000).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(settled).toBe(true);
    expect(listening()).toBe(0);
  });
});
