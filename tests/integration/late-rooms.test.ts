import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@helpline/bot/logging/logger";
import { eventually, youthStatus } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import {
  askForConversation,
  issueRegistrationToken,
  postJson,
  registerWithToken,
  registerYouth,
  requestOpenIdToken,
  type ApiYouth,
} from "../support/youth.ts";

// A youth's room that Synapse makes after the bot stopped waiting for it
// (bot/src/conversations/late-rooms.ts), against a real Synapse and the real bot: asked again, as
// her page asks, she gets that very room and no other; a room she never comes back for is deleted
// while the bot runs. Her place is held from her press (POST /api/places) and told in each
// "still being made" answer, and her room's status says that same place once she arrives.

describe("a room made after the youth's answer left, against a real Synapse", () => {
  let stack: TestStack;
  const lines: string[] = [];

  const asBot = (p: string) =>
    fetch(`${stack.synapseUrl}${p}`, {
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    });
  /** Every room the bot is in where this user is invited or joined. */
  const roomsOf = async (userId: string): Promise<string[]> => {
    const { joined_rooms: joined } = (await (
      await asBot("/_matrix/client/v3/joined_rooms")
    ).json()) as { joined_rooms: string[] };
    const rooms: string[] = [];
    for (const roomId of joined) {
      const member = await asBot(
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`,
      );
      if (member.status !== 200) continue;
      const { membership } = (await member.json()) as { membership?: string };
      if (membership === "invite" || membership === "join") rooms.push(roomId);
    }
    return rooms;
  };
  /** Her request, asked again as her page asks again after a 5xx (web-client botApi.ts). */
  const asksUntilAnswered = async (youth: ApiYouth) => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const answer = await askForConversation(stack, youth);
      if (answer.status !== 503) return answer;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error("her conversation was never answered");
  };

  beforeAll(async () => {
    stack = await startTestStack({
      botOptions: {
        // Production waits 15 s for her room, then keeps it 60 s for her (late-rooms.ts): only a
        // saturated Synapse takes that long. This one makes a room in a fraction of a second, so
        // the bot does not wait at all here, and keeps a late room 3 s, to keep the test short.
        // The production times are the defaults of openConversation and the helpline's runtime.
        testOnly: { lateRooms: { answerWithinMs: 0, claimWindowMs: 3_000 } },
        logger: createLogger({ write: (line) => lines.push(line) }),
      },
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  it("should give her, when she asks again, the very room Synapse made for her first request", async () => {
    const youth = await registerYouth(stack);
    // As askForConversation asks, with the answer's headers kept.
    const first = await fetch(`${stack.webUrl}/api/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        registrationToken: youth.registrationToken,
        openIdToken: await requestOpenIdToken(stack, youth),
      }),
    });
    expect(first.status).toBe(503);
    // "Still being made" to her page, which asks again for as long as it is; soon, says the header.
    expect(first.headers.get("retry-after")).toBe("1");
    expect(await first.json()).toMatchObject({ error: { code: "room_not_ready" } });
    // Synapse makes it all the same, with her invite in it.
    const [made] = await eventually(
      () => roomsOf(youth.userId),
      (rooms) => rooms.length === 1,
      "her room made after her answer",
    );

    const answer = await asksUntilAnswered(youth);
    expect(answer.status).toBe(201);
    expect(answer.body.roomId).toBe(made);
    // One room for her in all, and she is in the queue with it.
    expect(await roomsOf(youth.userId)).toEqual([made]);
    const again = await askForConversation(stack, youth);
    expect(again).toMatchObject({ status: 200, body: { roomId: made } });
    expect(lines.join("\n")).toContain('"reason":"room_not_ready"');
  });

  it("should hold her place from her press, tell it while her room is made, and keep it for her room", async () => {
    // Her press: the token her page holds, and her place asked at once, before her account.
    const registrationToken = await issueRegistrationToken(stack);
    const reserved = await postJson(`${stack.webUrl}/api/places`, { registrationToken });
    expect(reserved.status).toBe(201);
    const place = reserved.body.place as { position: number; estimatedWaitMinutes: number | null };
    expect(place.position).toBeGreaterThanOrEqual(1);
    // Someone pressing after her comes behind her, though her room is not made yet.
    const later = await issueRegistrationToken(stack);
    const behind = await postJson(`${stack.webUrl}/api/places`, { registrationToken: later });
    expect(behind.body).toMatchObject({ place: { position: place.position + 1 } });

    const registered = await registerWithToken(stack, registrationToken);
    const youth: ApiYouth = {
      userId: registered.body.user_id as string,
      accessToken: registered.body.access_token as string,
      registrationToken,
    };
    const first = await askForConversation(stack, youth);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ error: { code: "room_not_ready" }, place });
    const answer = await asksUntilAnswered(youth);
    expect(answer.status).toBe(201);
    expect(answer.body.place).toEqual(place);
    // Her room's status, once published, says the place she was told at her press.
    const roomId = answer.body.roomId as string;
    const joined = await postJson(
      `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
      {},
      { Authorization: `Bearer ${youth.accessToken}` },
    );
    expect(joined.status).toBe(200);
    await eventually(
      () => youthStatus(stack, youth, roomId),
      (status) => status?.state === "waiting" && status.position === place.position,
      "her room's status with her place",
    );
    // Nothing of either token in what the bot logged.
    expect(lines.join("\n")).not.toContain(registrationToken);
    expect(lines.join("\n")).not.toContain(later);
  });

  it("should delete a room made for a youth who never asked again, while the bot runs", async () => {
    const youth = await registerYouth(stack);
    expect((await askForConversation(stack, youth)).status).toBe(503);
    const [made] = await eventually(
      () => roomsOf(youth.userId),
      (rooms) => rooms.length === 1,
      "her room made after her answer",
    );
    await eventually(
      async () => lines.filter((line) => line.includes("conversation.late_room_deleted")),
      (deleted) => deleted.some((line) => line.includes(made ?? "")),
      "her room deleted",
    );
    // Gone from Synapse (which finishes a deletion in the background): nobody in it, not even
    // her invite.
    await eventually(
      () => roomsOf(youth.userId),
      (rooms) => rooms.length === 0,
      "her room emptied",
    );
    const details = await asBot(`/_synapse/admin/v1/rooms/${encodeURIComponent(made ?? "")}`);
    if (details.status === 200) {
      expect(((await details.json()) as { joined_members?: number }).joined_members ?? 0).toBe(0);
    } else {
      expect(details.status).toBe(404);
    }
    // Nothing about her in what the bot logged of it.
    expect(lines.join("\n")).not.toContain(youth.userId);
  });
});
