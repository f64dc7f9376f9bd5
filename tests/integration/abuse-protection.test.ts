import { execFileSync } from "node:child_process";
import https from "node:https";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "@helpline/scripts/paths";
import { startWebServer, type RunningWebServer } from "@helpline/scripts/web/server";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  waitForYouthStatus,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import {
  postJson,
  registerWithToken,
  requestOpenIdToken,
  solvedProofOfWork,
  type ApiYouth,
} from "../support/youth.ts";

// Abuse protection without losing anonymity (issue 5): the proof of work, rate limits per client
// key, bars placed by a counsellor, and the web security headers, against the real web server,
// bot and Synapse. Requests that must look like they come from distinct clients go to the bot
// directly with the header our web server would set; everything else goes through the web server.

const clientHeader = "X-Helpline-Client-Address";

let stack: TestStack;
let team: ScriptedCounsellor[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  team = await teamLogsIn(stack);
});

afterAll(async () => {
  for (const counsellor of team) await counsellor.stop();
  await stack?.stop();
});

/** As the web server would forward a request from `address`. */
function fromClient(address: string): Record<string, string> {
  return { [clientHeader]: address };
}

async function tokenFor(
  address: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const proof = await solvedProofOfWork({ webUrl: stack.bot.apiUrl }, fromClient(address));
  return postJson(`${stack.bot.apiUrl}/api/registration-tokens`, proof, fromClient(address));
}

/** A youth whose every request to the bot comes from `address`. */
/**
 * The counsellor goes on duty and accepts a youth from this address; resolves once the bot counts
 * the conversation as hers (active, not merely offered: only the counsellor in charge may bar).
 */
async function inConversationWith(
  counsellor: ScriptedCounsellor,
  address: string,
): Promise<{ youth: ApiYouth; roomId: string; reference: number }> {
  await counsellorGoesOnDuty(stack, counsellor);
  const invited = counsellor.acceptNextInvite();
  const { youth, roomId } = await youthFrom(address);
  expect(await invited).toBe(roomId);
  const desk = await eventually(
    () => counsellorDesk(stack, counsellor),
    (view) => view.conversations.some((c) => c.state === "active"),
    "the conversation on the counsellor's desk",
  );
  const reference = desk.conversations.find((c) => c.state === "active")?.reference as number;
  return { youth, roomId, reference };
}

async function youthFrom(address: string): Promise<{ youth: ApiYouth; roomId: string }> {
  const issued = await tokenFor(address);
  const registrationToken = issued.body.token as string;
  const registered = await registerWithToken(stack, registrationToken);
  const youth: ApiYouth = {
    userId: registered.body.user_id as string,
    accessToken: registered.body.access_token as string,
    registrationToken,
  };
  const opened = await postJson(
    `${stack.bot.apiUrl}/api/conversations`,
    { registrationToken, openIdToken: await requestOpenIdToken(stack, youth) },
    fromClient(address),
  );
  expect(opened.status).toBe(201);
  const roomId = opened.body.roomId as string;
  await postJson(
    `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
    {},
    { Authorization: `Bearer ${youth.accessToken}` },
  );
  return { youth, roomId };
}

describe("the proof of work before a registration token", () => {
  it("should refuse a token without a proof, with a wrong one or a reused one, and issue one for a valid proof", async () => {
    const url = `${stack.webUrl}/api/registration-tokens`;
    const without = await postJson(url, {});
    expect(without.status).toBe(400);
    expect(without.body).toMatchObject({ error: { code: "invalid_request" } });

    const proof = await solvedProofOfWork(stack);
    // Another last character: "A" when it was not already one (1 time in 64 it was).
    const other = proof.challenge.endsWith("A") ? "B" : "A";
    const forged = await postJson(url, {
      ...proof,
      challenge: `${proof.challenge.slice(0, -1)}${other}`,
    });
    const wrong = await postJson(url, { ...proof, solution: `${proof.solution}zz` });
    for (const refused of [forged, wrong]) {
      // "zz" may, once in 2^13, solve it too: then the proof is simply valid.
      if (refused === wrong && refused.status === 201) continue;
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: "invalid_proof_of_work" } });
    }

    const issued = await postJson(url, proof);
    expect(issued.status).toBe(201);
    expect(typeof issued.body.token).toBe("string");
    const reused = await postJson(url, proof);
    expect(reused.status).toBe(403);
    expect(reused.body).toMatchObject({ error: { code: "invalid_proof_of_work" } });
  });
});

describe("rate limits per client", () => {
  it("should limit a burst from one client through the web server with 429 and Retry-After", async () => {
    // The default allows 60 challenges at once per client.
    let answer: Response | undefined;
    for (let i = 0; i < 80; i += 1) {
      answer = await fetch(`${stack.webUrl}/api/challenges`, { method: "POST" });
      if (answer.status === 429) break;
      expect(answer.status).toBe(201);
    }
    expect(answer?.status).toBe(429);
    expect(Number(answer?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await answer?.json()).toMatchObject({
      error: { code: "rate_limited", retryAfterSeconds: expect.any(Number) },
    });
  });

  it("should count another client apart, and not let a client pick its address through the web server", async () => {
    const other = await fetch(`${stack.bot.apiUrl}/api/challenges`, {
      method: "POST",
      headers: fromClient("198.51.100.40"),
    });
    expect(other.status).toBe(201);
    // Through the web server, a forged header is overwritten with the real address (still limited).
    const forged = await fetch(`${stack.webUrl}/api/challenges`, {
      method: "POST",
      headers: fromClient("198.51.100.41"),
    });
    expect(forged.status).toBe(429);
  });
});

describe("a counsellor bars an abusive session", () => {
  it("should end the conversation with !bloquer and refuse that client, and only it, a new one", async () => {
    const [camille] = team as [ScriptedCounsellor];
    const { youth, roomId, reference } = await inConversationWith(camille, "198.51.100.50");

    // Malformed: help, and nothing changes.
    await camille.sayInStaffRoom("!bloquer tout le monde");
    await eventually(
      async () => camille.staffNotices(),
      (notices) => notices.some((n) => n.includes("par exemple : !bloquer 4821")),
      "the help after a malformed !bloquer",
    );
    expect((await tokenFor("198.51.100.50")).status).toBe(201);

    await camille.sayInStaffRoom(`!bloquer ${reference}`);
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (s) => s?.state === "ended" && s.reason === "counsellor_ended",
      "the barred conversation to end",
    );
    await eventually(
      async () => camille.staffNotices(),
      (notices) => notices.some((n) => n.includes(`Jeune ${reference} : conversation terminée.`)),
      "the bar confirmed in the staff room",
    );

    for (const endpoint of ["challenges", "registration-tokens"]) {
      const refused = await postJson(
        `${stack.bot.apiUrl}/api/${endpoint}`,
        {},
        fromClient("198.51.100.50"),
      );
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: "barred" } });
    }
    expect((await tokenFor("198.51.100.51")).status).toBe(201);

    // Once the bar's time is over (a day by default), the client may start again.
    stack.clock.advance(24 * 60 * 60 * 1000 + 1000);
    await stack.bot.tick();
    expect((await tokenFor("198.51.100.50")).status).toBe(201);
  });
});

describe("a counsellor bars through the counsellor API", () => {
  it("should end and bar with a Matrix OpenID token, as !bloquer does", async () => {
    const [camille] = team as [ScriptedCounsellor];
    // On duty again (the day moved on past a closing time in the test above).
    const { youth, roomId, reference } = await inConversationWith(camille, "198.51.100.70");
    const url = `${stack.webUrl}/api/counsellor/bars`;
    // A youth's own credentials cannot bar anyone.
    const byYouth = await postJson(
      url,
      { reference },
      {
        Authorization: `Bearer ${(await requestOpenIdToken(stack, youth)).access_token as string}`,
      },
    );
    expect(byYouth.status).toBe(403);
    const barred = await postJson(
      url,
      { reference },
      { Authorization: `Bearer ${await camille.openIdToken()}` },
    );
    expect(barred.status).toBe(201);
    expect(barred.body).toEqual({ reference, barred: true, barMinutes: 1440 });
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (s) => s?.state === "ended" && s.reason === "counsellor_ended",
      "the barred conversation to end",
    );
    const refused = await postJson(
      `${stack.bot.apiUrl}/api/challenges`,
      {},
      fromClient("198.51.100.70"),
    );
    expect(refused.body).toMatchObject({ error: { code: "barred" } });
  });
});

describe("pending registration tokens", () => {
  async function tokensOnSynapse(): Promise<string[]> {
    const response = await fetch(`${stack.synapseUrl}/_synapse/admin/v1/registration_tokens`, {
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { registration_tokens: { token: string }[] };
    return body.registration_tokens.map((entry) => entry.token);
  }

  it("should delete a token nobody used once it has expired", async () => {
    const issued = await tokenFor("198.51.100.60");
    const token = issued.body.token as string;
    expect(await tokensOnSynapse()).toContain(token);
    // The token lives 300 s (the stack's config); the sweep runs at most once a minute.
    stack.clock.advance(301_000);
    await stack.bot.tick();
    expect(await tokensOnSynapse()).not.toContain(token);
  });

  it("should delete, when the bot starts, every token that is used up or expired", async () => {
    const used = (await tokenFor("198.51.100.61")).body.token as string;
    expect((await registerWithToken(stack, used)).status).toBe(200);
    const unused = (await tokenFor("198.51.100.62")).body.token as string;
    await stack.restartBot();
    const left = await tokensOnSynapse();
    expect(left).not.toContain(used);
    // Still valid and unused: a youth may be about to register with it.
    expect(left).toContain(unused);
  });
});

describe("web security headers", () => {
  const pageHeaders = {
    "content-security-policy": expect.stringContaining("frame-ancestors 'none'"),
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
  };

  function headersOf(response: Response): Record<string, string> {
    return Object.fromEntries(response.headers.entries());
  }

  it("should send them on the page and on the API, without HSTS over plain HTTP", async () => {
    for (const url of [
      `${stack.webUrl}/`,
      `${stack.webUrl}/api/health`,
      `${stack.webUrl}/api/status`,
    ]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(headersOf(response)).toMatchObject(pageHeaders);
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
    // The bot's own answers carry them too, whatever is in front of it.
    const direct = await fetch(`${stack.bot.apiUrl}/api/health`);
    expect(headersOf(direct)).toMatchObject(pageHeaders);
  });

  it("should allow no other origin: no CORS header, preflights and requests refused", async () => {
    const foreign = "https://evil.example";
    const preflight = await fetch(`${stack.webUrl}/api/registration-tokens`, {
      method: "OPTIONS",
      headers: { Origin: foreign, "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    const request = await fetch(`${stack.webUrl}/api/status`, { headers: { Origin: foreign } });
    expect(request.status).toBe(403);
    expect(request.headers.get("access-control-allow-origin")).toBeNull();
    // The page's own origin works, as the browser sends it.
    const same = await fetch(`${stack.webUrl}/api/status`, { headers: { Origin: stack.webUrl } });
    expect(same.status).toBe(200);
    expect(same.headers.get("access-control-allow-origin")).toBeNull();
  });

  describe("over TLS", () => {
    let dir: string;
    let tls: RunningWebServer;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "helpline-tls-"));
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
          "-addext",
          "subjectAltName=IP:127.0.0.1",
          "-keyout",
          path.join(dir, "key.pem"),
          "-out",
          path.join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
      tls = await startWebServer({
        root: process.env.HELPLINE_TEST_WEB_ROOT ?? path.join(repoRoot, "web-client", "dist"),
        synapseUrl: stack.synapseUrl,
        botUrl: stack.bot.apiUrl,
        tls: {
          key: readFileSync(path.join(dir, "key.pem")),
          cert: readFileSync(path.join(dir, "cert.pem")),
        },
      });
    });

    afterAll(async () => {
      await tls?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("should add HSTS to the page and to the API", async () => {
      for (const url of [`${tls.url}/`, `${tls.url}/api/health`]) {
        const response = await getTrusting(url, readFileSync(path.join(dir, "cert.pem")));
        expect(response.status).toBe(200);
        expect(response.headers["strict-transport-security"]).toBe("max-age=31536000");
        expect(response.headers).toMatchObject(pageHeaders);
      }
    });
  });
});

/** GET over TLS trusting only `ca` (the test's self-signed certificate). */
function getTrusting(
  url: string,
  ca: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers }),
        );
      })
      .on("error", reject);
  });
}
