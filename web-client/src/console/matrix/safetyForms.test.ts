import { describe, expect, it } from "vitest";
import { safetyFormAnswerType } from "@helpline/contract";
import { acceptSafetyAnswer } from "./safetyForms.ts";

const ROOM = "!conv:localhost";
const YOUTH = "@youth:localhost";
const REQUEST = "request-1234";

function received(overrides: Partial<Parameters<typeof acceptSafetyAnswer>[0]> = {}) {
  return acceptSafetyAnswer({
    type: safetyFormAnswerType,
    content: { request_id: REQUEST, room_id: ROOM, place: "Gare de Namur", phone: "0470 12 34 56" },
    sender: YOUTH,
    encryption: {
      sender: YOUTH,
      senderDevice: "YOUTHDEV",
      senderCurve25519KeyBase64: "key",
      senderVerified: false,
    },
    live: new Set([ROOM]),
    youthOf: (roomId) => (roomId === ROOM ? YOUTH : null),
    pendingRequestOf: (roomId) => (roomId === ROOM ? REQUEST : null),
    ...overrides,
  });
}

describe("acceptSafetyAnswer", () => {
  it("should accept an encrypted answer of the conversation's youth to the pending request", () => {
    expect(received()).toEqual({
      requestId: REQUEST,
      roomId: ROOM,
      place: "Gare de Namur",
      phone: "0470 12 34 56",
    });
  });

  it("should refuse an answer sent in clear, or encrypted by someone else", () => {
    expect(received({ encryption: null })).toBeNull();
    expect(
      received({
        encryption: {
          sender: "@mallory:localhost",
          senderCurve25519KeyBase64: "key",
          senderVerified: false,
        },
      }),
    ).toBeNull();
  });

  it("should refuse an answer from another member, another room, or to no pending request", () => {
    expect(received({ sender: "@colleague:localhost" })).toBeNull();
    expect(received({ live: new Set() })).toBeNull(); // the conversation ended
    expect(received({ youthOf: () => "@other-youth:localhost" })).toBeNull();
    expect(received({ pendingRequestOf: () => null })).toBeNull(); // declined or answered
    expect(received({ pendingRequestOf: () => "request-9999" })).toBeNull();
    expect(received({ type: "m.room.message" })).toBeNull();
  });

  it("should refuse malformed and oversize answers", () => {
    const base = { request_id: REQUEST, room_id: ROOM };
    for (const content of [
      base,
      { ...base, place: "x".repeat(301) },
      { ...base, phone: "0".repeat(31) },
      { ...base, phone: "<script>" },
      "place",
    ]) {
      expect(received({ content })).toBeNull();
    }
  });
});
