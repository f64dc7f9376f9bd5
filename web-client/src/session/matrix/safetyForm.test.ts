import { describe, expect, it } from "vitest";
import { FakeSafetyFormRoom } from "../fake/FakeSafetyFormRoom.ts";
import { isHerCounsellor, YouthSafetyForm } from "./safetyForm.ts";

const ALICE = "@alice:localhost";
const BOB = "@bob:localhost";

function connected() {
  const room = new FakeSafetyFormRoom();
  const form = new YouthSafetyForm();
  form.connect(room);
  return { room, form };
}

describe("YouthSafetyForm", () => {
  it("should ignore a request that is not authentic, not from a joined counsellor, or her own", () => {
    const { room, form } = connected();
    room.requestFrom(ALICE, "request-forged", false);
    room.requestFrom("@stranger:localhost", "request-stranger");
    room.requestFrom(room.me, "request-mine");
    expect(form.pending()).toBeNull();
    room.requestFrom(ALICE, "request-real1");
    expect(form.pending()).toEqual({ requestId: "request-real1" });
  });

  it("should ignore a request from an observer or the colleague taking over", async () => {
    const { room, form } = connected();
    // Both have a counsellor's power in the room: the bot gives it to the whole team.
    room.notHers.add(BOB);
    room.requestFrom(BOB, "request-bob01");
    expect(form.pending()).toBeNull();
    await expect(form.answer("request-bob01", { place: "Mons", phone: null })).rejects.toThrow();
    await expect(form.decline("request-bob01")).rejects.toThrow();
    expect(room.sent).toEqual([]);
    room.requestFrom(ALICE, "request-alice1");
    expect(form.pending()).toEqual({ requestId: "request-alice1" });
  });

  it("should send the answers to the requesting counsellor's signed devices alone", async () => {
    const { room, form } = connected();
    room.requestFrom(BOB, "request-bob01"); // a colleague's earlier request
    room.requestFrom(ALICE, "request-alice1");
    await form.answer("request-alice1", { place: "Rue Haute 1", phone: "0470 12 34 56" });
    expect(room.encrypted).toEqual([
      {
        devices: [
          { userId: ALICE, deviceId: "ALICE1" },
          { userId: ALICE, deviceId: "ALICE2" },
        ],
        payload: {
          request_id: "request-alice1",
          room_id: room.roomId,
          place: "Rue Haute 1",
          phone: "0470 12 34 56",
        },
      },
    ]);
    const sent = room.sent.flatMap((s) => ("toDevice" in s ? s.toDevice.batch : []));
    expect(new Set(sent.map((m) => m.userId))).toEqual(new Set([ALICE]));
    // Nothing went into the room, and the request is no longer asked.
    expect(room.sent.filter((s) => "declined" in s)).toEqual([]);
    expect(form.pending()).toBeNull();
  });

  it("should send nothing when the requester left or has no cross-signed device", async () => {
    const { room, form } = connected();
    room.requestFrom(ALICE, "request-alice1");
    room.devices.set(ALICE, []);
    await expect(form.answer("request-alice1", { place: "Mons", phone: null })).rejects.toThrow();
    room.devices.set(ALICE, ["ALICE1"]);
    room.counsellors.delete(ALICE);
    await expect(form.answer("request-alice1", { place: "Mons", phone: null })).rejects.toThrow();
    expect(form.pending()).toBeNull();
    expect(room.sent).toEqual([]);
  });

  it("should refuse a batch that would reach anyone else, or leave in clear", async () => {
    const { room, form } = connected();
    room.requestFrom(ALICE, "request-alice1");
    room.encryptToDevice = (devices, payload) =>
      Promise.resolve({
        eventType: "m.room.encrypted",
        batch: [
          ...devices.map(({ userId, deviceId }) => ({
            userId,
            deviceId,
            payload: { algorithm: "m.olm.v1.curve25519-aes-sha2", ciphertext: {} },
          })),
          { userId: BOB, deviceId: "BOB1", payload },
        ],
      });
    await expect(form.answer("request-alice1", { place: "Mons", phone: null })).rejects.toThrow();
    expect(room.sent).toEqual([]);
  });

  it("should decline with no answer in it, once", async () => {
    const { room, form } = connected();
    room.requestFrom(ALICE, "request-alice1");
    await form.decline("request-alice1");
    expect(room.sent).toEqual([{ declined: { request_id: "request-alice1" } }]);
    expect(form.pending()).toBeNull();
    await expect(form.decline("request-alice1")).rejects.toThrow();
  });
});

describe("isHerCounsellor", () => {
  const present = { state: "counsellor_present" } as const;

  it("should refuse an observer or the colleague taking over, even one counted as counsellor", () => {
    expect(isHerCounsellor(ALICE, present, [ALICE])).toBe(true);
    expect(isHerCounsellor(BOB, present, [ALICE])).toBe(false);
    expect(isHerCounsellor(BOB, { ...present, observers: [BOB] }, [ALICE, BOB])).toBe(false);
    expect(isHerCounsellor(BOB, { ...present, takingOver: BOB }, [ALICE, BOB])).toBe(false);
    expect(isHerCounsellor(ALICE, { ...present, takingOver: BOB }, [ALICE, BOB])).toBe(true);
  });
});
