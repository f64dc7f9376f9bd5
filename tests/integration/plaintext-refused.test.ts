import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counsellorLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { counsellorGoesOnDuty, youthSees, youthStartsConversation } from "../support/permanence.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth, type ApiYouth } from "../support/youth.ts";

// Issue 13, item 4: a client that does not encrypt must not be able to put words in anyone's mouth
// in a conversation. Raw HTTP requests with real tokens (the youth's, the counsellor's, the bot's
// application-service token) against the real Synapse: helpline_guard's check_event_for_spam
// refuses every timeline event in clear in a room with m.room.encryption, and nothing of it is
// stored. Removing that callback turns this file red.

const r = encodeURIComponent;

function uniqueSentence(label: string): string {
  return `${label} ${randomBytes(8).toString("hex")}`;
}

interface Answer {
  status: number;
  errcode: unknown;
}

/** PUT /send/{type}/{txn} with this token, straight to Synapse (no web server in between). */
async function sendRaw(
  stack: TestStack,
  token: string,
  roomId: string,
  type: string,
  content: Record<string, unknown>,
): Promise<Answer> {
  const txn = randomBytes(8).toString("hex");
  const response = await fetch(
    `${stack.synapseUrl}/_matrix/client/v3/rooms/${r(roomId)}/send/${r(type)}/${txn}`,
    {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(content),
    },
  );
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, errcode: body.errcode };
}

/** Every event type the room's timeline holds, as the counsellor's server-side view lists it. */
async function timelineTypes(stack: TestStack, token: string, roomId: string): Promise<string[]> {
  const response = await fetch(
    `${stack.synapseUrl}/_matrix/client/v3/rooms/${r(roomId)}/messages?dir=b&limit=200`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const body = (await response.json()) as { chunk: { type: string; state_key?: string }[] };
  return body.chunk.filter((e) => e.state_key === undefined).map((e) => e.type);
}

async function latestEventId(stack: TestStack, token: string, roomId: string): Promise<string> {
  const response = await fetch(
    `${stack.synapseUrl}/_matrix/client/v3/rooms/${r(roomId)}/messages?dir=b&limit=1`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const body = (await response.json()) as { chunk: { event_id: string }[] };
  const id = body.chunk[0]?.event_id;
  if (id === undefined) throw new Error("the room has no event");
  return id;
}

describe("unencrypted messages in a conversation room", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;
  let youth: ApiYouth;
  let roomId: string;
  let counsellorToken: string;

  beforeAll(async () => {
    stack = await startTestStack();
    camille = await counsellorLogsIn({
      homeserverUrl: stack.synapseUrl,
      userId: stack.counsellor.userId,
      password: stack.counsellor.password,
      staffRoomId: stack.bot.staffRoomId,
    });
    await counsellorGoesOnDuty(stack, camille);
    youth = await registerYouth(stack);
    roomId = await youthStartsConversation(stack, youth);
    expect(await camille.acceptNextInvite()).toBe(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
    counsellorToken = camille.client.getAccessToken() ?? "";
  }, 120_000);

  afterAll(async () => {
    await camille?.stop();
    await stack?.stop();
  });

  it("should refuse them from every member, the bot's application service included, and store nothing", async () => {
    const senders = {
      youth: youth.accessToken,
      counsellor: counsellorToken,
      bot: stack.secrets.appserviceToken,
    };
    const said: string[] = [];
    for (const [who, token] of Object.entries(senders)) {
      const text = uniqueSentence(`in clear from ${who}`);
      said.push(text);
      const attempts: [string, Record<string, unknown>][] = [
        ["m.room.message", { msgtype: "m.text", body: text }],
        ["m.room.message", { msgtype: "m.notice", body: `${text} notice` }],
        ["m.sticker", { body: `${text} sticker`, url: "mxc://x/y", info: {} }],
        ["org.example.note", { body: `${text} custom` }],
      ];
      for (const [type, content] of attempts) {
        const answer = await sendRaw(stack, token, roomId, type, content);
        expect({ who, type, ...answer }).toEqual({
          who,
          type,
          status: 403,
          errcode: "M_FORBIDDEN",
        });
      }
    }
    // A reaction's key is free text too, and matrix-js-sdk never encrypts reactions. It points
    // at a real event (the youth's join), or Synapse would refuse it for that reason alone.
    const reaction = uniqueSentence("reaction");
    said.push(reaction);
    const target = await latestEventId(stack, counsellorToken, roomId);
    expect(
      await sendRaw(stack, counsellorToken, roomId, "m.reaction", {
        "m.relates_to": { rel_type: "m.annotation", event_id: target, key: reaction },
      }),
    ).toEqual({ status: 403, errcode: "M_FORBIDDEN" });

    const types = await timelineTypes(stack, counsellorToken, roomId);
    for (const type of ["m.room.message", "m.sticker", "org.example.note", "m.reaction"]) {
      expect(types).not.toContain(type);
    }
    expect(await findInSynapseDatabase(stack, said)).toEqual([]);
  });

  it("should still let encrypted messages through, and plain text in the staff room", async () => {
    // The module refuses what is in clear in an encrypted room, not the conversation itself.
    const encrypted = await sendRaw(stack, youth.accessToken, roomId, "m.room.encrypted", {
      algorithm: "m.megolm.v1.aes-sha2",
      ciphertext: "AwgAEnACx",
      session_id: "s",
      sender_key: "k",
      device_id: "D",
    });
    expect(encrypted.status).toBe(200);
    const reply = uniqueSentence("encrypted reply");
    await camille.send(roomId, reply);
    // The staff room is not encrypted (availability commands, notices): it must keep working,
    // and its text is found in the database, which shows the search above can see text.
    const notice = uniqueSentence("staff room");
    await camille.sayInStaffRoom(notice);
    expect(await findInSynapseDatabase(stack, [notice, reply])).toEqual([notice]);
  });
});
