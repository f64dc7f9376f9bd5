import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/permanence.ts";
import { scrapeSynapse } from "../support/synapse-metrics.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth } from "../support/youth.ts";

describe("the homeserver's baseline settings", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  it("should give people one address for the homeserver, localhost, which Synapse answers and names itself", async () => {
    // `npm start` prints synapsePublicUrl for Element; the README says http://localhost:8008.
    expect(stack.synapsePublicUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(new URL(stack.synapsePublicUrl).port).toBe(new URL(stack.synapseUrl).port);
    const config = readFileSync(stack.rendered.configFile, "utf8");
    expect(config).toMatch(new RegExp(`^public_baseurl: "?${stack.synapsePublicUrl}/"?$`, "m"));
    const versions = await fetch(`${stack.synapsePublicUrl}/_matrix/client/versions`);
    expect(versions.status).toBe(200);
  });

  it("should serve no federation API", async () => {
    const response = await fetch(`${stack.synapseUrl}/_matrix/federation/v1/version`);
    expect(response.status).toBe(404);
    const keys = await fetch(`${stack.synapseUrl}/_matrix/key/v2/server`);
    expect(keys.status).toBe(404);
  });

  it("should refuse registration, and guests: a youth's account needs the bot's token", async () => {
    const url = `${stack.synapseUrl}/_matrix/client/v3/register`;
    const anyone = await postJson(url, {
      username: "someone",
      password: "a long enough password",
      auth: { type: "m.login.dummy" },
    });
    expect(anyone).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    const guest = await postJson(`${url}?kind=guest`, {});
    expect(guest.status).toBe(403);
    const noToken = await postJson(
      `${stack.synapseUrl}/_synapse/client/org.helplinechat/youth_account`,
      {},
    );
    expect(noToken.status).toBe(400);
  });

  it("should hide users from each other: no directory, no stranger's profile", async () => {
    const a = await registerYouth(stack);
    const b = await registerYouth(stack);
    const auth = { Authorization: `Bearer ${a.accessToken}` };
    const search = await postJson(
      `${stack.synapseUrl}/_matrix/client/v3/user_directory/search`,
      { search_term: b.userId.slice(1, 6) },
      auth,
    );
    expect(search.body.results).toEqual([]);
    const profile = await fetch(
      `${stack.synapseUrl}/_matrix/client/v3/profile/${encodeURIComponent(b.userId)}`,
      { headers: auth },
    );
    expect(profile.status).toBe(403);
  });

  it("should encrypt rooms by default, and let only non-youths create them", async () => {
    // A counsellor (any account that is not a youth's) may create a room, and it is encrypted.
    const login = await postJson(`${stack.synapseUrl}/_matrix/client/v3/login`, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: stack.counsellor.userId },
      password: stack.counsellor.password,
    });
    expect(login.status).toBe(200);
    const counsellorAuth = { Authorization: `Bearer ${login.body.access_token as string}` };
    const created = await postJson(
      `${stack.synapseUrl}/_matrix/client/v3/createRoom`,
      {},
      counsellorAuth,
    );
    expect(created.status).toBe(200);
    const encryption = await fetch(
      `${stack.synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(created.body.room_id as string)}/state/m.room.encryption/`,
      { headers: counsellorAuth },
    );
    expect(encryption.status).toBe(200);
    // A youth cannot create one at all (helpline_guard's user_may_create_room).
    const youth = await registerYouth(stack);
    const refused = await postJson(
      `${stack.synapseUrl}/_matrix/client/v3/createRoom`,
      {},
      { Authorization: `Bearer ${youth.accessToken}` },
    );
    expect(refused.status).toBe(403);
  });

  it("should not work out federation destinations for any event: nobody sends federation", async () => {
    // Events are written (a counsellor makes a room), and Synapse's own metrics show that no
    // process went through them for servers to send them to (federation_sender_instances: []).
    const login = await postJson(`${stack.synapseUrl}/_matrix/client/v3/login`, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: stack.counsellor.userId },
      password: stack.counsellor.password,
    });
    const auth = { Authorization: `Bearer ${login.body.access_token as string}` };
    expect(
      (await postJson(`${stack.synapseUrl}/_matrix/client/v3/createRoom`, {}, auth)).status,
    ).toBe(200);
    const metrics = await eventually(
      () => scrapeSynapse(stack.rendered.metricsUrl),
      (scrape) =>
        scrape.some(
          (s) => s.name === "synapse_storage_events_persisted_events_total" && s.value > 0,
        ),
      "Synapse's metrics to count persisted events",
    );
    const federationWork = metrics.filter(
      (sample) =>
        sample.name.startsWith("synapse_background_process_") &&
        sample.labels.name === "process_event_queue_for_federation" &&
        sample.value > 0,
    );
    expect(federationWork).toEqual([]);
  });
});

describe("the web origin", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  it("should serve the page with a strict CSP and no referrer", async () => {
    const response = await fetch(stack.webUrl);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("should expose Synapse's client API but not its admin API", async () => {
    expect((await fetch(`${stack.webUrl}/_matrix/client/versions`)).status).toBe(200);
    expect((await fetch(`${stack.webUrl}/_synapse/admin/v1/register`)).status).toBe(404);
    expect((await fetch(`${stack.webUrl}/_synapse/admin/v1/server_version`)).status).toBe(404);
  });
});
