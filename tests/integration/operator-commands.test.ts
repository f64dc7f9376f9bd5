import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCounsellorAccount } from "@helpline/scripts/counsellors/create";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson } from "../support/youth.ts";

describe("creating a counsellor account", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  const create = (localpart: string) =>
    createCounsellorAccount({
      homeserverUrl: stack.synapseUrl,
      sharedSecret: stack.secrets.registrationSharedSecret,
      localpart,
      displayName: "Alex",
    });

  it("should create an account the counsellor can log in to, not an admin", async () => {
    const created = await create("alex");
    expect(created.userId).toBe(`@alex:${stack.serverName}`);
    const login = await postJson(`${stack.synapseUrl}/_matrix/client/v3/login`, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: "alex" },
      password: created.password,
    });
    expect(login.status).toBe(200);
    const users = await fetch(`${stack.synapseUrl}/_synapse/admin/v2/users`, {
      headers: { Authorization: `Bearer ${login.body.access_token as string}` },
    });
    expect(users.status).toBe(403);
  });

  it("should refuse an existing name and an invalid name with a clear message", async () => {
    await create("sam");
    await expect(create("sam")).rejects.toThrow('An account named "sam" already exists.');
    await expect(create("Not Valid!")).rejects.toThrow(/is not a valid account name/);
  });
});
