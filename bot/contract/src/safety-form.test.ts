import { describe, expect, it } from "vitest";
import {
  checkSafetyAnswers,
  readSafetyFormAnswer,
  readSafetyFormDeclined,
  readSafetyFormRequest,
  safetyFormAnswerContent,
  safetyFormDeclinedContent,
  safetyFormRequestContent,
} from "./safety-form.ts";

const ID = "Req_1234abcd";
const ROOM = "!abc:localhost";

describe("safety form contract", () => {
  it("should read back what it writes", () => {
    expect(readSafetyFormRequest(safetyFormRequestContent({ requestId: ID }))).toEqual({
      requestId: ID,
    });
    expect(readSafetyFormDeclined(safetyFormDeclinedContent({ requestId: ID }))).toEqual({
      requestId: ID,
    });
    const answer = {
      requestId: ID,
      roomId: ROOM,
      place: "Rue de la Loi 16, Bruxelles",
      phone: null,
    };
    expect(readSafetyFormAnswer(safetyFormAnswerContent(answer))).toEqual(answer);
    const both = { requestId: ID, roomId: ROOM, place: "Liège", phone: "+32 (0)470 12-34-56" };
    expect(readSafetyFormAnswer(safetyFormAnswerContent(both))).toEqual(both);
  });

  it("should refuse malformed requests and refusals", () => {
    for (const content of [null, [], "x", {}, { request_id: 7 }, { request_id: "short" }]) {
      expect(readSafetyFormRequest(content)).toBeNull();
      expect(readSafetyFormDeclined(content)).toBeNull();
    }
    expect(readSafetyFormRequest({ request_id: "a".repeat(65) })).toBeNull();
    expect(readSafetyFormRequest({ request_id: "has space1" })).toBeNull();
  });

  it("should refuse malformed, empty and oversize answers", () => {
    const ok = { request_id: ID, room_id: ROOM, place: "Namur" };
    expect(readSafetyFormAnswer(ok)).not.toBeNull();
    const refused: unknown[] = [
      null,
      { ...ok, request_id: "bad id" },
      { ...ok, room_id: "not-a-room" },
      { ...ok, room_id: undefined },
      { request_id: ID, room_id: ROOM }, // both empty
      { request_id: ID, room_id: ROOM, place: "   " },
      { ...ok, place: 42 },
      { ...ok, phone: ["0470"] },
      { ...ok, place: "x".repeat(301) },
      { ...ok, phone: "1".repeat(31) },
      { ...ok, phone: "0470 12 34 56 ext. 3" },
      { ...ok, phone: "+-()" }, // no digit
      { ...ok, place: " Namur" }, // untrimmed: not written by our page
    ];
    for (const content of refused) expect(readSafetyFormAnswer(content)).toBeNull();
    expect(readSafetyFormAnswer({ ...ok, place: "é".repeat(300) })).not.toBeNull();
    expect(readSafetyFormAnswer({ ...ok, phone: "1".repeat(30) })).not.toBeNull();
  });

  it("should check what the youth typed, trimmed, and say what is wrong", () => {
    expect(checkSafetyAnswers("", " ")).toEqual({ ok: false, problem: "empty" });
    expect(checkSafetyAnswers("x".repeat(301), "")).toEqual({ ok: false, problem: "placeTooLong" });
    expect(checkSafetyAnswers("", "1".repeat(31))).toEqual({ ok: false, problem: "phoneTooLong" });
    expect(checkSafetyAnswers("", "call me")).toEqual({ ok: false, problem: "phoneInvalid" });
    expect(checkSafetyAnswers(" Mons ", "")).toEqual({
      ok: true,
      answers: { place: "Mons", phone: null },
    });
  });
});
