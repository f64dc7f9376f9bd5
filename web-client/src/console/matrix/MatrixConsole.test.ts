import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RoomEvent, type MatrixClient } from "matrix-js-sdk";
import { MatrixConsole } from "./MatrixConsole.ts";

/**
 * Just enough of a client to answer an offer: rooms known by sync, and a server that refuses a
 * join or a leave from someone not invited, as Synapse does (403).
 */
class FakeClient extends EventEmitter {
  readonly rooms = new Map<string, { roomId: string; membership: string }>();
  readonly invitedOnServer = new Set<string>();
  readonly calls: string[] = [];

  getRoom(roomId: string) {
    const room = this.rooms.get(roomId);
    return room === undefined ? null : { roomId, getMyMembership: () => room.membership };
  }
  getCrypto() {
    return undefined;
  }
  async joinRoom(roomId: string) {
    this.#answer("join", roomId);
  }
  async leave(roomId: string) {
    this.#answer("leave", roomId);
  }
  /** The invite is written on the server and reaches the client's sync. */
  invite(roomId: string): void {
    this.invitedOnServer.add(roomId);
    const room = { roomId, membership: "invite" };
    this.rooms.set(roomId, room);
    this.emit(RoomEvent.MyMembership, this.getRoom(roomId), "invite", undefined);
  }
  #answer(how: string, roomId: string): void {
    if (!this.invitedOnServer.has(roomId)) throw new Error("403 M_FORBIDDEN: not invited");
    this.calls.push(`${how} ${roomId}`);
  }
}

describe("the console answering an offer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const how of ["join", "leave"] as const) {
    it(`should ${how === "join" ? "accept" : "decline"} an offer shown before its invite came, once the invite comes`, async () => {
      const client = new FakeClient();
      const matrix = new MatrixConsole(client as unknown as MatrixClient);
      const answered = vi.fn();
      const failed = vi.fn();
      void matrix[how]("!offer").then(answered, failed);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(client.calls).toEqual([]);
      client.invite("!offer");
      await vi.advanceTimersByTimeAsync(0);
      expect(failed).not.toHaveBeenCalled();
      expect(answered).toHaveBeenCalledOnce();
      expect(client.calls).toEqual([`${how} !offer`]);
    });
  }

  it("should answer at once when the invite is already there", async () => {
    const client = new FakeClient();
    const matrix = new MatrixConsole(client as unknown as MatrixClient);
    client.invite("!offer");
    await matrix.join("!offer");
    expect(client.calls).toEqual(["join !offer"]);
  });

  it("should let the server refuse when no invite ever comes", async () => {
    const client = new FakeClient();
    const matrix = new MatrixConsole(client as unknown as MatrixClient);
    const failed = vi.fn();
    void matrix.join("!withdrawn").catch(failed);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(failed).toHaveBeenCalledOnce();
    expect(client.listenerCount(RoomEvent.MyMembership)).toBe(1); // the constructor's own
  });
});
