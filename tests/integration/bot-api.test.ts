import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, youthSees } from "../support/permanence.ts";
import { asBot } from "../support/synapse-admin.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import {
  askForConversation,
  issueRegistrationToken,
  postJson,
  registerWithToken,
  registerYouth,
  requestOpenIdToken,
} from "../support/youth.ts";

describe("the bot's API against a real Synapse", () => {
  let stack: TestStack;
  let admin: (path: string, init?: RequestInit) => Promise<Response>;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = asBot(stack);
  });
  afterAll(() => stack?.stop());

  it("should answer its health check", async () => {
    const response = await fetch(`${stack.webUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("should have provisioned the bot as server admin and erased the one-off provisioning account", async () => {
    const me = await (
      await admin(`/_synapse/admin/v2/users/${encodeURIComponent(stack.bot.userId)}`)
    ).json();
    expect(me.admin).toBe(true);
    const list = await (await admin("/_synapse/admin/v2/users?deactivated=true&limit=100")).json();
    const provisioners = (list.users as { name: string; deactivated: boolean }[]).filter((u) =>
      u.name.startsWith("@provision-"),
    );
    expect(provisioners.length).toBeGreaterThan(0);
    expect(provisioners.every((u) => u.deactivated)).toBe(true);
  });

  it("should give the bot no encryption device, so it can never receive room keys", async () => {
    const response = await admin("/_matrix/client/v3/keys/query", {
      method: "POST",
      body: JSON.stringify({ device_keys: { [stack.bot.userId]: [] } }),
    });
    const keys = await response.json();
    expect(keys.device_keys?.[stack.bot.userId] ?? {}).toEqual({});
  });

  it("should issue single-use registration tokens", async () => {
    const token = await issueRegistrationToken(stack);
    const first = await registerWithToken(stack, token);
    expect(first.status).toBe(200);
    const replay = await registerWithToken(stack, token);
    expect(replay.status).toBe(403);
    expect(replay.body.user_id).toBeUndefined();
  });

  it("should give a waiting youth her place with her conversation, the place her room's status then says", async () => {
    const youth = await registerYouth(stack);
    const { status, body } = await askForConversation(stack, youth);
    expect(status).toBe(201);
    // Nobody is on duty here: she waits, and no wait can be estimated.
    const place = body.place as { position: number; estimatedWaitMinutes: number | null };
    expect(place).toEqual({ position: expect.any(Number), estimatedWaitMinutes: null });
    expect(place.position).toBeGreaterThanOrEqual(1);
    const roomId = body.roomId as string;
    const joined = await postJson(
      `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
      {},
      { Authorization: `Bearer ${youth.accessToken}` },
    );
    expect(joined.status).toBe(200);
    const inRoom = await youthSees(stack, youth, roomId, "waiting");
    expect(inRoom).toEqual({ state: "waiting", ...place });
  });

  it("should create an encrypted, invite-only, unfederated room with shared history, inviting the youth only", async () => {
    const youth = await registerYouth(stack);
    const { status, body } = await askForConversation(stack, youth);
    expect(status).toBe(201);
    const roomId = body.roomId as string;
    expect(roomId).toMatch(/^!/);

    type RoomState = {
      state: { type: string; state_key: string; content: Record<string, unknown> }[];
    };
    // Her answer waits for her invite alone; the name counsellors see follows (room-pool.ts).
    const state = await eventually(
      async () =>
        (await (
          await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`)
        ).json()) as RoomState,
      (now) => now.state.some((e) => e.type === "m.room.name"),
      "the room named",
    );
    const of = (type: string, key = "") =>
      state.state.find((e) => e.type === type && e.state_key === key)?.content;
    expect(of("m.room.encryption")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(of("m.room.history_visibility")).toEqual({ history_visibility: "shared" });
    expect(of("m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(of("m.room.guest_access")).toEqual({ guest_access: "forbidden" });
    expect(of("m.room.create")).toMatchObject({ "m.federate": false });
    expect(of("m.room.member", youth.userId)).toMatchObject({ membership: "invite" });
    // A counsellor is invited only when the permanence offers her the conversation.
    expect(of("m.room.member", stack.counsellor.userId)).toBeUndefined();
    expect(of("m.room.power_levels")).toMatchObject({ users: { [stack.counsellor.userId]: 50 } });
    expect(of("m.room.name")).toMatchObject({
      name: expect.stringMatching(/^Jeune \d{4} · 19:\d{2}$/),
    });
  });

  describe("bad requests get a clear 4xx JSON error", () => {
    async function expectError(
      response: { status: number; body: Record<string, unknown> },
      status: number,
      code: string,
    ) {
      expect(response.status).toBe(status);
      const error = response.body.error as { code: string; message: string };
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(10);
    }

    it("should refuse malformed JSON", async () => {
      const response = await fetch(`${stack.webUrl}/api/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"registrationToken": ',
      });
      await expectError(
        { status: response.status, body: await response.json() },
        400,
        "invalid_json",
      );
    });

    it("should name the missing field", async () => {
      const youth = await registerYouth(stack);
      const response = await postJson(`${stack.webUrl}/api/conversations`, {
        registrationToken: youth.registrationToken,
      });
      await expectError(response, 400, "invalid_request");
      expect(JSON.stringify(response.body)).toContain("openIdToken");
    });

    it("should refuse a forged OpenID token", async () => {
      const youth = await registerYouth(stack);
      const real = await requestOpenIdToken(stack, youth);
      const response = await postJson(`${stack.webUrl}/api/conversations`, {
        registrationToken: youth.registrationToken,
        openIdToken: { ...real, access_token: "forged-token-that-synapse-never-issued" },
      });
      await expectError(response, 401, "invalid_openid_token");
    });

    it("should refuse an OpenID token from another server", async () => {
      const youth = await registerYouth(stack);
      const real = await requestOpenIdToken(stack, youth);
      const response = await postJson(`${stack.webUrl}/api/conversations`, {
        registrationToken: youth.registrationToken,
        openIdToken: { ...real, matrix_server_name: "evil.example" },
      });
      await expectError(response, 401, "invalid_openid_token");
    });

    it("should refuse a replayed registration token", async () => {
      const youth = await registerYouth(stack);
      expect((await askForConversation(stack, youth)).status).toBe(201);
      // Another account presenting the same token: one token, one conversation.
      const other = await registerYouth(stack);
      await expectError(
        await askForConversation(stack, { ...other, registrationToken: youth.registrationToken }),
        409,
        "registration_token_already_claimed",
      );
      // The same youth asking again is a retry, and gets the same conversation.
      const again = await askForConversation(stack, youth);
      expect(again.status).toBe(200);
    });

    it("should refuse a registration token it never issued", async () => {
      const youth = await registerYouth(stack);
      const response = await askForConversation(stack, {
        ...youth,
        registrationToken: "made-up-token",
      });
      await expectError(response, 403, "unknown_registration_token");
    });

    it("should refuse a conversation for a token nobody registered with", async () => {
      const youth = await registerYouth(stack);
      const unused = await issueRegistrationToken(stack);
      const response = await askForConversation(stack, { ...youth, registrationToken: unused });
      await expectError(response, 403, "registration_token_not_used");
    });

    it("should answer unknown routes with JSON", async () => {
      const response = await fetch(`${stack.webUrl}/api/nothing-here`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
    });
  });
});
