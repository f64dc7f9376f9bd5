import { describe, expect, it } from "vitest";
import { SessionFailure } from "../types.ts";
import type { Fetch } from "./http.ts";
import { registerThrowawayAccount } from "./register.ts";

const zeros = <T extends Uint8Array>(bytes: T): T => bytes;

interface Call {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/** A homeserver that requires a registration token then the dummy stage, like Synapse. */
function fakeSynapse(options: { validToken: string; takenOnce?: boolean }) {
  const calls: Call[] = [];
  let taken = options.takenOnce ?? false;
  const completed: string[] = [];
  const fetchFn: Fetch = async (url, init) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ url, body });
    const json = (status: number, payload: unknown) =>
      new Response(JSON.stringify(payload), { status });
    if (taken) {
      taken = false;
      return json(400, { errcode: "M_USER_IN_USE", error: "taken" });
    }
    const flows = [{ stages: ["m.login.registration_token", "m.login.dummy"] }];
    const auth = body["auth"] as Record<string, string> | undefined;
    if (auth === undefined) return json(401, { session: "S1", flows, params: {} });
    if (auth["type"] === "m.login.registration_token") {
      if (auth["token"] !== options.validToken) {
        return json(401, { errcode: "M_UNAUTHORIZED", session: "S1", flows, completed });
      }
      completed.push(auth["type"]);
      return json(401, { session: "S1", flows, completed });
    }
    return json(200, {
      user_id: `@${String(body["username"])}:hs`,
      access_token: "AT",
      device_id: "D",
    });
  };
  return { fetchFn, calls };
}

describe("registerThrowawayAccount", () => {
  it("should go through the token then dummy stages, sending the password only once", async () => {
    const { fetchFn, calls } = fakeSynapse({ validToken: "tok" });
    const credentials = await registerThrowawayAccount(
      fetchFn,
      "https://h.example",
      Promise.resolve("tok"),
      zeros,
    );
    expect(credentials).toEqual({
      userId: "@yaaaaaaaaaaaaaaaaaaaaaaaa:hs",
      accessToken: "AT",
      deviceId: "D",
    });
    expect(calls.map((c) => c.url)).toEqual(
      Array(3).fill("https://h.example/_matrix/client/v3/register"),
    );
    expect(calls.map((c) => c.body["auth"])).toEqual([
      undefined,
      { type: "m.login.registration_token", token: "tok", session: "S1" },
      { type: "m.login.dummy", session: "S1" },
    ]);
    const names = new Set(calls.map((c) => c.body["username"]));
    expect(names.size).toBe(1);
    // Synapse bcrypt-hashes every password it is sent: only the last request carries it.
    expect(calls.map((c) => typeof c.body["password"])).toEqual([
      "undefined",
      "undefined",
      "string",
    ]);
    expect(calls[2]?.body["initial_device_display_name"]).toBe("Web");
  });

  it("should open the registration while the token is still on its way", async () => {
    const { fetchFn, calls } = fakeSynapse({ validToken: "tok" });
    let giveToken: (token: string) => void = () => {};
    const token = new Promise<string>((resolve) => (giveToken = resolve));
    const registering = registerThrowawayAccount(fetchFn, "https://h.example", token, zeros);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(1);
    giveToken("tok");
    await expect(registering).resolves.toMatchObject({ accessToken: "AT" });
  });

  it("should fail plainly when the token is refused", async () => {
    const { fetchFn } = fakeSynapse({ validToken: "other" });
    await expect(
      registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve("tok"), zeros),
    ).rejects.toBeInstanceOf(SessionFailure);
  });

  it("should pick a new name if the first one is taken", async () => {
    const { fetchFn, calls } = fakeSynapse({ validToken: "tok", takenOnce: true });
    await registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve("tok"), zeros);
    expect(calls).toHaveLength(4);
  });

  it("should turn a network error into a generic failure", async () => {
    const fetchFn: Fetch = () => Promise.reject(new TypeError("offline"));
    await expect(
      registerThrowawayAccount(fetchFn, "https://h.example", Promise.resolve("tok"), zeros),
    ).rejects.toMatchObject({ kind: "generic" });
  });
});
