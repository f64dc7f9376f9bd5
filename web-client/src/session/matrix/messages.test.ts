import { EventStatus, MatrixEvent } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { toChatMessage } from "./messages.ts";

const ME = "@yabc:hs";
const COUNSELLOR = "@julie:hs";

function message(sender: string, content: Record<string, unknown>, type = "m.room.message") {
  return new MatrixEvent({
    type,
    sender,
    content,
    event_id: `$${Math.random()}`,
    room_id: "!r:hs",
    origin_server_ts: 1000,
  });
}

describe("toChatMessage", () => {
  it("should show a counsellor's text message on the counsellor's side", () => {
    const chat = toChatMessage(message(COUNSELLOR, { msgtype: "m.text", body: "Bonsoir" }), ME);
    expect(chat).toMatchObject({ from: "counsellor", text: "Bonsoir", delivery: "sent" });
  });

  it("should show the youth's own message on their side", () => {
    const chat = toChatMessage(message(ME, { msgtype: "m.text", body: "Salut" }), ME);
    expect(chat).toMatchObject({ from: "me", text: "Salut", senderName: null });
  });

  it("should show a message that cannot be read yet as arriving, without its ciphertext", () => {
    const encrypted = message(
      COUNSELLOR,
      { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgA…", session_id: "s" },
      "m.room.encrypted",
    );
    expect(toChatMessage(encrypted, ME)).toMatchObject({ from: "counsellor", text: null });
  });

  it("should ignore anything that is not plain text", () => {
    expect(toChatMessage(message(COUNSELLOR, { msgtype: "m.image", body: "x.png" }), ME)).toBe(
      null,
    );
    expect(toChatMessage(message(COUNSELLOR, { "m.relates_to": {} }, "m.reaction"), ME)).toBe(null);
    const state = new MatrixEvent({
      type: "m.room.member",
      state_key: ME,
      sender: ME,
      content: { membership: "join" },
      event_id: "$m",
    });
    expect(toChatMessage(state, ME)).toBe(null);
  });

  it("should key a sent message by its transaction id and report its delivery", () => {
    const event = message(ME, { msgtype: "m.text", body: "Salut" });
    event.setTxnId("t1");
    event.setStatus(EventStatus.NOT_SENT);
    expect(toChatMessage(event, ME)).toMatchObject({ id: "txn:t1", delivery: "failed" });
    event.setStatus(EventStatus.ENCRYPTING);
    expect(toChatMessage(event, ME)?.delivery).toBe("sending");
  });
});

describe("toChatMessage read state", () => {
  it("should show the youth's sent message as read once a counsellor's receipt covers it", () => {
    const event = message(ME, { msgtype: "m.text", body: "Salut" });
    expect(toChatMessage(event, ME, () => false)?.delivery).toBe("sent");
    expect(toChatMessage(event, ME, () => true)?.delivery).toBe("read");
  });

  it("should never show a message still on its way as read", () => {
    const event = message(ME, { msgtype: "m.text", body: "Salut" });
    event.setTxnId("t2");
    event.setStatus(EventStatus.SENDING);
    expect(toChatMessage(event, ME, () => true)?.delivery).toBe("sending");
  });

  it("should not apply read receipts to the counsellor's own messages", () => {
    const event = message(COUNSELLOR, { msgtype: "m.text", body: "Bonsoir" });
    expect(toChatMessage(event, ME, () => true)?.delivery).toBe("sent");
  });
});
