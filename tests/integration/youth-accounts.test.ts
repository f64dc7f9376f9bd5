import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asBot } from "../support/synapse-admin.ts";
import { passwordHashOf } from "../support/synapse-rows.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { issueRegistrationToken, postJson, registerWithToken } from "../support/youth.ts";

// synapse/modules/youth_accounts.py on a real Synapse, reached through the web server as the
// youth's page reaches it: her account in one request, with the bot's single-use token, and no
// password anywhere (issue 19: the bcrypt hash was most of the server's work per youth).

const route = "/_synapse/client/org.helplinechat/youth_account";

describe("a youth's account, made by the youth-accounts module", () => {
  let stack: TestStack;
  let admin: (path: string, init?: RequestInit) => Promise<Response>;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = asBot(stack);
  });
  afterAll(() => stack?.stop());

  async function tokenInfo(token: string) {
    const response = await admin(
      `/_synapse/admin/v1/registration_tokens/${encodeURIComponent(token)}`,
    );
    return (await response.json()) as { completed: number; pending: number };
  }

  async function userCount(): Promise<number> {
    const response = await admin("/_synapse/admin/v2/users?limit=1&deactivated=true");
    return ((await response.json()) as { total: number }).total;
  }

  it("should make a restricted youth account, named at random, with a token that works and no password", async () => {
    const token = await issueRegistrationToken(stack);
    const { status, body } = await registerWithToken(stack, token);
    expect(status).toBe(200);
    const userId = body.user_id as string;
    expect(userId).toMatch(/^@y[a-z2-7]{24}:/);
    expect(body.device_id).toEqual(expect.any(String));

    const whoami = await fetch(`${stack.webUrl}/_matrix/client/v3/account/whoami`, {
      headers: { Authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(await whoami.json()).toMatchObject({ user_id: userId, device_id: body.device_id });

    const account = await (
      await admin(`/_synapse/admin/v2/users/${encodeURIComponent(userId)}`)
    ).json();
    expect(account).toMatchObject({ user_type: "org.helplinechat.youth", admin: false });
    // helpline_guard applies to it as to any youth: she may not create a room.
    const room = await postJson(
      `${stack.webUrl}/_matrix/client/v3/createRoom`,
      {},
      { Authorization: `Bearer ${String(body.access_token)}` },
    );
    expect(room.status).toBe(403);

    // No hash at all, and so nothing anyone could log in with.
    expect(await passwordHashOf(stack, userId)).toBe("");
    expect(await passwordHashOf(stack, "@nobody:localhost")).toBeNull();
    // The bot opens her conversation only with a token Synapse counts as used.
    expect(await tokenInfo(token)).toMatchObject({ completed: 1, pending: 0 });
  });

  it("should make one account for a token, however many ask with it at once", async () => {
    const token = await issueRegistrationToken(stack);
    const before = await userCount();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => registerWithToken(stack, token)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403, 403, 403, 403, 403, 403, 403]);
    expect(answers.filter((a) => a.status === 403).map((a) => a.body.errcode)).toEqual(
      Array(7).fill("M_FORBIDDEN"),
    );
    expect(await userCount()).toBe(before + 1);
    expect(await tokenInfo(token)).toMatchObject({ completed: 1 });
  });

  it("should refuse an unknown or expired token and make nothing", async () => {
    const before = await userCount();
    const unknown = await registerWithToken(stack, "not-a-token-the-bot-gave");
    expect(unknown).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });

    // A token of the admin API's own, alive for one second (the bot's live minutes).
    const created = await admin("/_synapse/admin/v1/registration_tokens/new", {
      method: "POST",
      body: JSON.stringify({ uses_allowed: 1, expiry_time: Date.now() + 1_000 }),
    });
    const { token } = (await created.json()) as { token: string };
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await registerWithToken(stack, token)).status).toBe(403);
    expect(await tokenInfo(token)).toMatchObject({ completed: 0 });
    expect(await userCount()).toBe(before);
  });

  it("should answer a malformed request with a clear 400 and leave the token as it was", async () => {
    const token = await issueRegistrationToken(stack);
    const before = await userCount();
    const send = (body: string) =>
      fetch(`${stack.webUrl}${route}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));

    expect(await send("{not json")).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await send("[1]")).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await send("{}")).toMatchObject({
      status: 400,
      body: { errcode: "M_INVALID_PARAM", error: expect.stringContaining("'token'") },
    });
    expect(await send(JSON.stringify({ token: 42 }))).toMatchObject({ status: 400 });
    expect(
      await send(JSON.stringify({ token, initial_device_display_name: "x".repeat(101) })),
    ).toMatchObject({
      status: 400,
      body: {
        errcode: "M_INVALID_PARAM",
        error: expect.stringContaining("initial_device_display_name"),
      },
    });
    const get = await fetch(`${stack.webUrl}${route}`);
    expect(get.status).toBe(405);

    expect(await userCount()).toBe(before);
    expect(await tokenInfo(token)).toMatchObject({ completed: 0 });
    expect((await registerWithToken(stack, token)).status).toBe(200);
  });
});
