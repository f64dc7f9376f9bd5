import { describe, expect, it } from "vitest";
import { SessionFailure } from "../types.ts";
import type { Fetch } from "./http.ts";
import {
  completeRegistration,
  prepareRegistration,
  registerThrowawayAccount,
  type IssuedToken,
} from "./register.ts";

const zeros = <T extends Uint8Array>(bytes: T): T => bytes;
const tok: IssuedToken = { token: "tok", expiresAt: null };

interface Call {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/**
 * A homeserver that requires a registration token then the dummy stage, and behaves as Synapse
 * 1.160's register servlet does: the password is taken out of the body; an incomplete request
 * carrying one has it hashed into the UIA session; a request with nothing but `auth` keeps the
 * session's parameters; the account is made only when every stage is done, with a password hash.
 */
function fakeSynapse(options: { validToken: string; takenOnce?: boolean }) {
  const calls: Call[] = [];
  const accounts: string[] = [];
  let hashes = 0;
  let taken = options.takenOnce ?? false;
  let sessions = 0;
  const state = new Map<
    string,
    { params: Record<string, unknown>; completed: string[]; hash: boolean }
  >();
  const fetchFn: Fetch = async (url, init) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ url, body });
    const json = (status: number, payload: unknown) =>
      new Response(JSON.stringify(payload), { status });
    if (taken && body["username"] !== undefined) {
      taken = false;
      return json(400, { errcode: "M_USER_IN_USE", error: "taken" });
    }
    const { password, auth: rawAuth, ...params } = body;
    const auth = rawAuth as Record<string, string> | undefined;
    const flows = [{ stages: ["m.login.registration_token", "m.login.dummy"] }];
    let id = auth?.["session"];
    if (id === undefined) {
      id = `S${++sessions}`;
      state.set(id, { params, completed: [], hash: false });
    }
    const session = state.get(id);
    if (session === undefined) return json(400, { errcode: "M_UNKNOWN" });
    if (Object.keys(params).length > 0) session.params = params;
    const incomplete = (extra: Record<string, unknown> = {}) => {
      if (typeof password === "string" && !session.hash) {
        hashes += 1;
        session.hash = true;
      }
      return json(401, { session: id, flows, completed: session.completed, ...extra });
    };
    if (auth?.["type"] === "m.login.registration_token") {
      if (auth["token"] !== options.validToken) return incomplete({ errcode: "M_UNAUTHORIZED" });
      session.completed.push(auth["type"]);
    } else if (auth?.["type"] === "m.login.dummy") {
      session.completed.push(auth["type"]);
    }
    if (session.completed.length < 2) return incomplete();
    if (typeof password === "string") hashes += 1;
    else if (!session.hash) return json(400, { errcode: "M_MISSING_PARAM" });
    const userId = `@${String(session.params["username"])}:hs`;
    accounts.push(userId);
    return json(200, { user_id: userId, access_token: "AT", device_id: "D" });
  };
  return { fetchFn, calls, accounts, hashes: () => hashes, params: () => state.get("S1")?.params };
}

describe("registerThrowawayAccount", () => {
  it("should send the password with the opening request only, so it is hashed once", async () => {
    const synapse = fakeSynapse({ validToken: "tok" });
    const credentials = await registerThrowawayAccount(
      synapse.fetchFn,
      "https://h.example",
      Promise.resolve(tok),
      zeros,
    );
    expect(credentials).toEqual({
      userId: "@yaaaaaaaaaaaaaaaaaaaaaaaa:hs",
      accessToken: "AT",
      deviceId: "D",
    });
    const { calls } = synapse;
    expect(calls.map((c) => c.url)).toEqual(
      Array(3).fill("https://h.example/_matrix/client/v3/register"),
    );
    expect(calls.map((c) => c.body["auth"])).toEqual([
      undefined,
      { type: "m.login.registration_token", token: "tok", session: "S1" },
      { type: "m.login.dummy", session: "S1" },
    ]);
    expect(calls.map((c) => typeof c.body["password"])).toEqual([
      "string",
      "undefined",
      "undefined",
    ]);
    // Later requests carry `auth` alone, so the homeserver keeps the opening's parameters.
    expect(calls.slice(1).map((c) => Object.keys(c.body))).toEqual([["auth"], ["auth"]]);
    expect(synapse.params()).toEqual({
      username: "yaaaaaaaaaaaaaaaaaaaaaaaa",
      initial_device_display_name: "Web",
      inhibit_login: false,
    });
    expect(synapse.hashes()).toBe(1);
  });

  it("should open the registration while the token is still on its way", async () => {
    const { fetchFn, calls } = fakeSynapse({ validToken: "tok" });
    let giveToken: (token: IssuedToken) => void = () => {};
    const token = new Promise<IssuedToken>((resolve) => (giveToken = resolve));
    const registering = registerThrowawayAccount(fetchFn, "https://h.example", token, zeros);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(1);
    giveToken(tok);
    await expect(registering).resolves.toMatchObject({ accessToken: "AT" });
  });

  it("should fail plainly when the token is refused", async () => {
    const { fetchFn, accounts } = fakeSynapse({ validToken: "other" });
    await expect(
      registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve(tok), zeros),
    ).rejects.toBeInstanceOf(SessionFailure);
    expect(accounts).toEqual([]);
  });

  it("should pick a new name if the first one is taken", async () => {
    const { fetchFn, calls } = fakeSynapse({ validToken: "tok", takenOnce: true });
    await registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve(tok), zeros);
    expect(calls).toHaveLength(4);
  });

  it("should turn a network error into a generic failure", async () => {
    const fetchFn: Fetch = () => Promise.reject(new TypeError("offline"));
    await expect(
      registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve(tok), zeros),
    ).rejects.toMatchObject({ kind: "generic" });
  });
});

describe("prepareRegistration then completeRegistration", () => {
  it("should make no account until the last stage, which alone creates it", async () => {
    const synapse = fakeSynapse({ validToken: "tok" });
    const prepared = await prepareRegistration(
      synapse.fetchFn,
      "https://h.example",
      Promise.resolve(tok),
      zeros,
    );
    expect(prepared).toEqual({ session: "S1", registrationToken: tok });
    expect(synapse.calls).toHaveLength(2);
    expect(synapse.accounts).toEqual([]);
    // The hash was made while preparing: the press sends no password and costs no hash.
    expect(synapse.hashes()).toBe(1);

    const credentials = await completeRegistration(synapse.fetchFn, "https://h.example", prepared);
    expect(credentials.userId).toBe("@yaaaaaaaaaaaaaaaaaaaaaaaa:hs");
    expect(synapse.calls[2]?.body).toEqual({ auth: { type: "m.login.dummy", session: "S1" } });
    expect(synapse.hashes()).toBe(1);
    expect(synapse.accounts).toHaveLength(1);
  });

  it("should fail plainly when the homeserver no longer knows the session", async () => {
    const synapse = fakeSynapse({ validToken: "tok" });
    await expect(
      completeRegistration(synapse.fetchFn, "https://h.example", {
        session: "gone",
        registrationToken: tok,
      }),
    ).rejects.toBeInstanceOf(SessionFailure);
    expect(synapse.accounts).toEqual([]);
  });
});
