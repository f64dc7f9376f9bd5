import { EventStatus, MatrixEvent } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { authenticityOf, type Authenticity } from "../../shared/matrix/authenticity.ts";
import { COUNSELLOR, decrypted, inClear } from "../../shared/matrix/fake/events.ts";
import { toChatMessage } from "./messages.ts";

const ME = "@yabc:hs";
/** What the page decides for a decrypted message from a vouched-for device. */
const authentic = (): Authenticity => "authentic";

/** An event in clear from `sender` (the fake's inClear, sender first as these tests read). */
function message(sender: string, content: Record<string, unknown>, type = "m.room.message") {
  return inClear(type, content, sender);
}

describe("toChatMessage", () => {
  it("should show a counsellor's text message on the counsellor's side", () => {
    const chat = toChatMessage(
      message(COUNSELLOR, { msgtype: "m.text", body: "Bonsoir" }),
      ME,
      authentic,
    );
    expect(chat).toMatchObject({ from: "counsellor", text: "Bonsoir", delivery: "sent" });
  });

  it("should show the youth's own message on their side", () => {
    const chat = toChatMessage(message(ME, { msgtype: "m.text", body: "Salut" }), ME, authentic);
    expect(chat).toMatchObject({ from: "me", text: "Salut", senderName: null });
  });

  it("should show a message that cannot be read yet as arriving, without its ciphertext", () => {
    const encrypted = message(
      COUNSELLOR,
      { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgA…", session_id: "s" },
      "m.room.encrypted",
    );
    expect(toChatMessage(encrypted, ME, authentic)).toMatchObject({
      from: "counsellor",
      text: null,
    });
  });

  it("should ignore anything that is not plain text", () => {
    expect(
      toChatMessage(message(COUNSELLOR, { msgtype: "m.image", body: "x.png" }), ME, authentic),
    ).toBe(null);
    expect(
      toChatMessage(message(COUNSELLOR, { "m.relates_to": {} }, "m.reaction"), ME, authentic),
    ).toBe(null);
    const state = new MatrixEvent({
      type: "m.room.member",
      state_key: ME,
      sender: ME,
      content: { membership: "join" },
      event_id: "$m",
    });
    expect(toChatMessage(state, ME, authentic)).toBe(null);
  });

  it("should key a sent message by its transaction id and report its delivery", () => {
    const event = message(ME, { msgtype: "m.text", body: "Salut" });
    event.setTxnId("t1");
    event.setStatus(EventStatus.NOT_SENT);
    expect(toChatMessage(event, ME, authentic)).toMatchObject({ id: "txn:t1", delivery: "failed" });
    event.setStatus(EventStatus.ENCRYPTING);
    expect(toChatMessage(event, ME, authentic)?.delivery).toBe("sending");
  });
});

describe("toChatMessage read state", () => {
  it("should show the youth's sent message as read once a counsellor's receipt covers it", () => {
    const event = message(ME, { msgtype: "m.text", body: "Salut" });
    expect(toChatMessage(event, ME, authentic, () => false)?.delivery).toBe("sent");
    expect(toChatMessage(event, ME, authentic, () => true)?.delivery).toBe("read");
  });

  it("should never show a message still on its way as read", () => {
    const event = message(ME, { msgtype: "m.text", body: "Salut" });
    event.setTxnId("t2");
    event.setStatus(EventStatus.SENDING);
    expect(toChatMessage(event, ME, authentic, () => true)?.delivery).toBe("sending");
  });

  it("should not apply read receipts to the counsellor's own messages", () => {
    const event = message(COUNSELLOR, { msgtype: "m.text", body: "Bonsoir" });
    expect(toChatMessage(event, ME, authentic, () => true)?.delivery).toBe("sent");
  });
});

describe("toChatMessage with authenticity", () => {
  const as = (verdict: Authenticity) => () => verdict;

  it("should never show words sent in clear, nor their sender's name, only a warning", () => {
    const forged = inClear("m.room.message", { msgtype: "m.text", body: "Viens seul" });
    const shown = toChatMessage(forged, ME, (e) => authenticityOf(e, "vouched"));
    expect(shown).toMatchObject({ from: "counsellor", text: null, withheld: "unprotected" });
    expect(shown?.senderName).toBe(null);
    expect(JSON.stringify(shown)).not.toContain("Viens seul");
  });

  it("should drop other events sent in clear without a warning", () => {
    const reaction = inClear("m.reaction", {
      "m.relates_to": { rel_type: "m.annotation", event_id: "$e", key: "Viens seul" },
    });
    expect(toChatMessage(reaction, ME, as("unprotected"))).toBe(null);
  });

  it("should show a message from a device nobody vouches for as a warning, without its text", async () => {
    const event = await decrypted({ msgtype: "m.text", body: "Donne ton adresse" });
    const shown = toChatMessage(event, ME, (e) => authenticityOf(e, "not_vouched"));
    expect(shown).toMatchObject({ text: null, withheld: "unverified_device" });
    expect(JSON.stringify(shown)).not.toContain("adresse");
  });

  it("should show a decrypted message as arriving while its device is checked, then its text", async () => {
    const event = await decrypted({ msgtype: "m.text", body: "Bonsoir" });
    expect(toChatMessage(event, ME, as("checking"))).toMatchObject({ text: null });
    expect(toChatMessage(event, ME, as("checking"))?.withheld).toBeUndefined();
    expect(toChatMessage(event, ME, as("authentic"))).toMatchObject({ text: "Bonsoir" });
  });
});

describe("toChatMessage and counsellor provenance", () => {
  const mark = { kind: "helpline", helplineName: { fr: "Ligne" } } as const;
  const words = () => message(COUNSELLOR, { msgtype: "m.text", body: "Bonsoir" });

  it("should carry the mark of an authentic message from someone else", () => {
    const chat = toChatMessage(words(), ME, authentic, undefined, () => mark);
    expect(chat).toMatchObject({ text: "Bonsoir", provenance: mark });
  });

  it("should hold the text while the check runs, and show it unmarked when there is none", () => {
    expect(toChatMessage(words(), ME, authentic, undefined, () => "checking")).toMatchObject({
      text: null,
    });
    const unmarked = toChatMessage(words(), ME, authentic, undefined, () => undefined);
    expect(unmarked?.text).toBe("Bonsoir");
    expect(unmarked).not.toHaveProperty("provenance");
  });

  it("should never ask about the youth's own messages, nor those already withheld", () => {
    const asked: string[] = [];
    const ask = () => {
      asked.push("asked");
      return mark;
    };
    const own = toChatMessage(
      message(ME, { msgtype: "m.text", body: "Salut" }),
      ME,
      authentic,
      undefined,
      ask,
    );
    expect(own).not.toHaveProperty("provenance");
    const unverified = toChatMessage(words(), ME, () => "unverified_device", undefined, ask);
    expect(unverified).toMatchObject({ withheld: "unverified_device" });
    expect(asked).toEqual([]);
  });
});
