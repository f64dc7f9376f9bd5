import { describe, expect, it } from "vitest";
import { LoginError } from "../types.ts";
import { createLogin } from "./login.ts";

/** A homeserver that answers every request with this status and Matrix error body. */
function homeserverAnswering(status: number, body: Record<string, unknown>) {
  return (_input: string, _init?: RequestInit) =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { "Content-Type": "application/json" },
      }),
    );
}

async function failureOf(status: number, body: Record<string, unknown>): Promise<string> {
  const login = createLogin("https://chat.example.org", homeserverAnswering(status, body));
  const error: unknown = await login("camille", "a password").then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof LoginError)) throw new Error("expected a LoginError");
  return error.kind;
}

describe("createLogin", () => {
  it("should say too many attempts when Synapse's login limit answers 429", async () => {
    expect(
      await failureOf(429, {
        errcode: "M_LIMIT_EXCEEDED",
        error: "Too Many Requests",
        retry_after_ms: 330_000,
      }),
    ).toBe("tooManyAttempts");
  });

  it("should say wrong username or password on 403", async () => {
    expect(await failureOf(403, { errcode: "M_FORBIDDEN", error: "Invalid password" })).toBe(
      "badCredentials",
    );
  });

  it("should give the generic failure on a server error", async () => {
    expect(await failureOf(500, { errcode: "M_UNKNOWN", error: "oops" })).toBe("generic");
  });
});
