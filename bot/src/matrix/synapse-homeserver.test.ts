import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HomeserverError } from "./homeserver.ts";
import { createSynapseHomeserver } from "./synapse-homeserver.ts";

// A stand-in HTTP server answering like Synapse, to check what goes on the wire and what errors say.

let server: Server | undefined;
const seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];

async function fakeSynapse(
  answer: (request: IncomingMessage) => { status: number; body: unknown },
): Promise<string> {
  seen.length = 0;
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        url: request.url ?? "",
        authorization: request.headers.authorization,
        body,
      });
      const { status, body: reply } = answer(request);
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("createSynapseHomeserver", () => {
  it("should create single-use registration tokens with the as_token", async () => {
    const baseUrl = await fakeSynapse(() => ({
      status: 200,
      body: { token: "abcd", uses_allowed: 1, pending: 0, completed: 0, expiry_time: 1234 },
    }));
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    expect(await homeserver.createRegistrationToken({ usesAllowed: 1, expiryTime: 1234 })).toEqual({
      token: "abcd",
      expiryTime: 1234,
      completed: 0,
      pending: 0,
      usesAllowed: 1,
    });
    expect(seen[0]).toEqual({
      method: "POST",
      url: "/_synapse/admin/v1/registration_tokens/new",
      authorization: "Bearer as-secret",
      body: JSON.stringify({ uses_allowed: 1, expiry_time: 1234 }),
    });
  });

  it("should list registration tokens and delete one, a token already gone included", async () => {
    const baseUrl = await fakeSynapse((request) =>
      request.method === "GET"
        ? {
            status: 200,
            body: {
              registration_tokens: [
                { token: "abcd", uses_allowed: 1, pending: 0, completed: 1, expiry_time: null },
              ],
            },
          }
        : { status: 404, body: { errcode: "M_NOT_FOUND" } },
    );
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    expect(await homeserver.listRegistrationTokens()).toEqual([
      { token: "abcd", expiryTime: null, completed: 1, pending: 0, usesAllowed: 1 },
    ]);
    await homeserver.deleteRegistrationToken("a/b");
    expect(seen[1]).toMatchObject({
      method: "DELETE",
      url: "/_synapse/admin/v1/registration_tokens/a%2Fb",
    });
  });

  it("should treat 403 on the admin user lookup as 'not admin'", async () => {
    const baseUrl = await fakeSynapse(() => ({ status: 403, body: { errcode: "M_FORBIDDEN" } }));
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    expect(await homeserver.isBotAdmin("@bot:localhost")).toBe(false);
    expect(seen[0]?.url).toBe("/_synapse/admin/v2/users/%40bot%3Alocalhost");
  });

  it("should check OpenID tokens without the as_token and return the user id", async () => {
    const baseUrl = await fakeSynapse(() => ({ status: 200, body: { sub: "@youth:localhost" } }));
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    expect(await homeserver.openIdUserId("oid/token")).toBe("@youth:localhost");
    expect(seen[0]?.url).toBe("/_matrix/federation/v1/openid/userinfo?access_token=oid%2Ftoken");
    expect(seen[0]?.authorization).toBeUndefined();
  });

  it("should return null for a refused OpenID token", async () => {
    const baseUrl = await fakeSynapse(() => ({
      status: 401,
      body: { errcode: "M_UNKNOWN_TOKEN" },
    }));
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    expect(await homeserver.openIdUserId("expired")).toBeNull();
  });

  it("should report failures with status and errcode but never the URL or a token", async () => {
    const baseUrl = await fakeSynapse(() => ({ status: 500, body: { errcode: "M_UNKNOWN" } }));
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    const error = await homeserver.openIdUserId("oid-secret").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HomeserverError);
    expect((error as HomeserverError).message).toBe("openid userinfo failed: HTTP 500 M_UNKNOWN");
    expect((error as HomeserverError).status).toBe(500);
  });

  it("should register the one-off admin with a nonce and a MAC, not the as_token", async () => {
    const baseUrl = await fakeSynapse((request) =>
      request.method === "GET"
        ? { status: 200, body: { nonce: "n0nce" } }
        : { status: 200, body: { user_id: "@provision-1:localhost", access_token: "tok" } },
    );
    const homeserver = createSynapseHomeserver({ baseUrl, asToken: "as-secret" });
    const user = await homeserver.registerAdminWithSharedSecret({
      username: "provision-1",
      password: "pw",
      sharedSecret: "shared",
    });
    expect(user).toEqual({ userId: "@provision-1:localhost", accessToken: "tok" });
    expect(seen.map((request) => request.authorization)).toEqual([undefined, undefined]);
    const sent = JSON.parse(seen[1]?.body ?? "{}") as Record<string, unknown>;
    expect(sent).toMatchObject({ nonce: "n0nce", username: "provision-1", admin: true });
    expect(sent.mac).toMatch(/^[0-9a-f]{40}$/);
  });
});
