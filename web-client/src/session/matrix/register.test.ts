import { describe, expect, it } from "vitest";
import { SessionFailure } from "../types.ts";
import type { Fetch } from "./http.ts";
import {
  completeRegistration,
  registerThrowawayAccount,
  youthAccountPath,
  type IssuedToken,
} from "./register.ts";

const tok: IssuedToken = { token: "tok", expiresAt: null };

interface Call {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/**
 * A homeserver with the youth-account module (synapse/modules/youth_accounts.py): one request
 * with a single-use token makes an account, anything else is refused as the module refuses it.
 * The real module is exercised against a real Synapse in tests/integration/youth-accounts.test.ts.
 */
function fakeHomeserver(validToken: string) {
  const calls: Call[] = [];
  const accounts: string[] = [];
  let used = false;
  const fetchFn: Fetch = async (url, init) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ url, body });
    const json = (status: number, payload: unknown) =>
      new Response(JSON.stringify(payload), { status });
    if (body["token"] !== validToken || used) {
      return json(403, { errcode: "M_FORBIDDEN", error: "Registration token unknown" });
    }
    used = true;
    const userId = `@y${accounts.length}:hs`;
    accounts.push(userId);
    return json(200, { user_id: userId, access_token: "AT", device_id: "D" });
  };
  return { fetchFn, calls, accounts };
}

describe("registerThrowawayAccount", () => {
  it("should make the account in one request with the token alone, and no password", async () => {
    const homeserver = fakeHomeserver("tok");
    const credentials = await registerThrowawayAccount(
      homeserver.fetchFn,
      "https://h.example",
      Promise.resolve(tok),
    );
    expect(credentials).toEqual({ userId: "@y0:hs", accessToken: "AT", deviceId: "D" });
    expect(homeserver.calls).toEqual([
      {
        url: `https://h.example${youthAccountPath}`,
        body: { token: "tok", initial_device_display_name: "Web" },
      },
    ]);
  });

  it("should send nothing before the token arrives", async () => {
    const { fetchFn, calls } = fakeHomeserver("tok");
    let giveToken: (token: IssuedToken) => void = () => {};
    const token = new Promise<IssuedToken>((resolve) => (giveToken = resolve));
    const registering = registerThrowawayAccount(fetchFn, "https://h.example", token);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(0);
    giveToken(tok);
    await expect(registering).resolves.toMatchObject({ accessToken: "AT" });
  });

  it("should fail plainly, naming the refusal but never the token, when the token is refused", async () => {
    const { fetchFn, accounts } = fakeHomeserver("other");
    const registering = registerThrowawayAccount(
      fetchFn,
      "https://h.example",
      Promise.resolve(tok),
    );
    await expect(registering).rejects.toBeInstanceOf(SessionFailure);
    await expect(registering).rejects.toMatchObject({
      kind: "generic",
      message: "registration refused (403 M_FORBIDDEN)",
    });
    expect(accounts).toEqual([]);
  });

  it("should turn a network error into a generic failure", async () => {
    const fetchFn: Fetch = () => Promise.reject(new TypeError("offline"));
    await expect(
      registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve(tok)),
    ).rejects.toMatchObject({ kind: "generic" });
  });

  it("should refuse an answer without its credentials, or one that is not JSON", async () => {
    const partial: Fetch = async () =>
      new Response(JSON.stringify({ user_id: "@y:hs" }), { status: 200 });
    await expect(
      completeRegistration(partial, "https://h.example", { registrationToken: tok }),
    ).rejects.toMatchObject({ kind: "generic", message: "registration answer incomplete" });
    const proxyPage: Fetch = async () => new Response("<html>Bad gateway</html>", { status: 502 });
    await expect(
      completeRegistration(proxyPage, "https://h.example", { registrationToken: tok }),
    ).rejects.toMatchObject({ kind: "generic", message: "registration refused (502)" });
  });
});

describe("completeRegistration", () => {
  it("should make the account from a token readied on intent, once", async () => {
    const homeserver = fakeHomeserver("tok");
    const prepared = { registrationToken: tok };
    await expect(
      completeRegistration(homeserver.fetchFn, "https://h.example", prepared),
    ).resolves.toMatchObject({ userId: "@y0:hs" });
    await expect(
      completeRegistration(homeserver.fetchFn, "https://h.example", prepared),
    ).rejects.toBeInstanceOf(SessionFailure);
    expect(homeserver.accounts).toEqual(["@y0:hs"]);
  });
});
