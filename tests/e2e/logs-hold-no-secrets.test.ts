// "Secrets and logs": a whole youth ↔ counsellor conversation through the real stack, and then the
// bot's, the web server's and Synapse's logs must hold no message text, no access token, password,
// registration token or OpenID token, no server secret, and not the youth's network address.
// First, the scanner itself: each kind of secret, in each spelling, is found when planted.

import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@helpline/bot/logging/logger";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import { counsellorDesk } from "../support/permanence.ts";
import {
  addressSpellings,
  captureProcessOutput,
  describeFindings,
  findSecrets,
  LogCapture,
  type Secret,
} from "../support/logs.ts";

describe("the log scanner", () => {
  // Shaped like Synapse's access tokens, but assembled here so that no scanner for committed
  // secrets mistakes this made-up one for a real token.
  const tokenPrefix = ["syt", "eW91dGgtN2Y0ZQ", ""].join("_");
  const token = `${tokenPrefix}kZnUhRtTqLwYbXcVpMoA_2Jd0sF`;
  const secrets: Secret[] = [
    { kind: "access token", label: "youth's access token", value: token },
    { kind: "password", label: "youth's password", value: 'p+ss/w=rd with spaces & "quotes"' },
    { kind: "registration token", label: "registration token", value: "Ab-3_x.Yz~9QwErTy" },
    { kind: "OpenID token", label: "OpenID token", value: "kLmNoPqRsTuVwXyZaBcDeFgH" },
    {
      kind: "message text",
      label: "youth's message",
      value: "J'ai peur de rentrer à la maison 7c1e",
    },
    { kind: "client address", label: "youth's address", value: "203.0.113.7" },
  ];
  const scan = (text: string) => findSecrets([{ name: "log", text }], secrets);

  it.each([
    ["an access token as is", `INFO - GET-12 - access_token=${token} refused`],
    ["an access token in a structured line", JSON.stringify({ detail: `Bearer ${token}` })],
    ["an access token cut short", `token ${token.slice(0, 24)}...`],
    [
      "a password URL-encoded",
      `POST /login?password=${encodeURIComponent('p+ss/w=rd with spaces & "quotes"')}`,
    ],
    ["a password form-encoded", "password=p%2Bss%2Fw%3Drd+with+spaces+%26+%22quotes%22"],
    [
      "a password JSON-escaped",
      JSON.stringify({ body: JSON.stringify({ password: 'p+ss/w=rd with spaces & "quotes"' }) }),
    ],
    ["an OpenID token cut short", "openid kLmNoPqRsTuVwXyZaBcD"],
    ["a registration token", "Using registration token Ab-3_x.Yz~9QwErTy"],
    [
      "an OpenID token in a URL",
      "GET /_matrix/federation/v1/openid/userinfo?access_token=kLmNoPqRsTuVwXyZaBcDeFgH",
    ],
    ["message text", "{'body': \"J'ai peur de rentrer à la maison 7c1e\"}"],
    ["message text escaped to ASCII", '{"body": "J\'ai peur de rentrer \\u00e0 la maison 7c1e"}'],
    [
      "message text URL-encoded",
      `q=${encodeURIComponent("J'ai peur de rentrer à la maison 7c1e")}`,
    ],
    ["a piece of message text", "preview: 'peur de rentrer à la maison'"],
    ["the address", "Received request from 203.0.113.7:51234"],
    ["the address in a forwarded header", "x-forwarded-for: 203.0.113.7, 10.0.0.1"],
    ["the address as IPv4-mapped IPv6", "client ::ffff:cb00:7107 connected"],
  ])("should find %s", (_what, line) => {
    const findings = scan(`2026-11-21 20:00:00 first line\n${line}\nlast line`);
    expect(findings.length, describeFindings(findings)).toBeGreaterThan(0);
    expect(findings[0]?.line).toBe(2);
    // The report names the secret, never prints it.
    expect(describeFindings(findings)).not.toContain(token);
  });

  it("should not mistake near neighbours for the secrets", () => {
    const log = [
      "Received request from 203.0.113.70 and 1203.0.113.7 and 203.0.113.7.5",
      `a token ${tokenPrefix} that is only a prefix`,
      "Ab-3_x.Yz~9QwErT (one character short)",
      "J'ai peur (too short a piece to mean anything)",
    ].join("\n");
    expect(describeFindings(scan(log))).toBe("");
  });

  it("should copy what the process writes, and stop when told", () => {
    const capture = new LogCapture();
    const stop = captureProcessOutput(capture, "process");
    console.info("web server: request from %s", "203.0.113.7");
    process.stderr.write("");
    stop();
    console.info("after the capture");
    const findings = findSecrets(capture.sources(), secrets);
    expect(findings.map((f) => f.label)).toEqual(["youth's address"]);
    expect(capture.sources()[0]?.text).not.toContain("after the capture");
  });

  it("should find IPv6 addresses in every usual spelling, and only them", () => {
    const youth: Secret[] = [{ kind: "client address", label: "youth's address", value: "::1" }];
    for (const line of [
      "from ::1 port 4",
      "[::1]:8080",
      "0:0:0:0:0:0:0:1",
      "0000:0000:0000:0000:0000:0000:0000:0001",
      "host=%3A%3A1",
    ]) {
      expect(findSecrets([{ name: "log", text: line }], youth), line).toHaveLength(1);
    }
    for (const line of ["fe80::1", "::10", "2001:db8::1:0", "12:34::1a", "time 20::15"]) {
      expect(findSecrets([{ name: "log", text: line }], youth), line).toEqual([]);
    }
    expect(addressSpellings("2001:db8::7").map((s) => s.form)).toContain("zero-padded");
  });
});

/** Whether this machine has an IPv6 loopback to bind the web server on (Docker may not). */
async function canListenOn(address: string): Promise<boolean> {
  const server = http.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
}
const ipv6Loopback = await canListenOn("::1");

const erasureGraceMs = 5 * 60_000; // config/helplines/maintenant-jen-parle.yaml

/**
 * Requests a client gets wrong, each carrying a secret where a server is most tempted to log it:
 * an access token in a query string, a refused OpenID token, a registration token that is not one.
 */
async function requestsGoneWrong(webUrl: string, youthSecrets: readonly Secret[]): Promise<void> {
  const value = (kind: Secret["kind"]) => youthSecrets.find((s) => s.kind === kind)?.value ?? "";
  const whoami = await fetch(
    `${webUrl}/_matrix/client/v3/account/whoami?access_token=${encodeURIComponent(value("access token"))}`,
  );
  expect(whoami.status).toBe(200);
  const badSync = await fetch(`${webUrl}/_matrix/client/v3/sync?timeout=x`, {
    headers: { Authorization: `Bearer ${value("access token")}` },
  });
  expect(badSync.status).toBeGreaterThanOrEqual(400);
  const replay = await fetch(`${webUrl}/api/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      registrationToken: `${value("registration token")}x`,
      openIdToken: {
        access_token: value("OpenID token"),
        token_type: "Bearer",
        matrix_server_name: "elsewhere.example",
        expires_in: 3600,
      },
    }),
  });
  expect(replay.status).toBe(401);
  const broken = await fetch(`${webUrl}/api/registration-tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: `{"password": "${value("password")}"`,
  });
  expect(broken.status).toBe(400);
}

/** A distinctive sentence: the random marker makes any trace of it unmistakable. */
function sentence(text: string): string {
  return `${text} ${randomBytes(6).toString("hex")}`;
}

/** What the youth's browser sends and receives that must stay out of every log. */
function watchYouthSecrets(page: Page): Secret[] {
  const found: Secret[] = [];
  const add = (kind: Secret["kind"], label: string, value: unknown) => {
    if (typeof value === "string" && value !== "" && !found.some((s) => s.value === value)) {
      found.push({ kind, label, value });
    }
  };
  const accountRoute = /\/_synapse\/client\/org\.helplinechat\/youth_account$/;
  page.on("request", (request) => {
    if (!accountRoute.test(request.url())) return;
    const body = request.postDataJSON() as { token?: unknown } | null;
    add("registration token", "registration token (as sent to Synapse)", body?.token);
  });
  page.on("response", async (response) => {
    const url = response.url();
    const watched = /\/youth_account$|\/api\/registration-tokens$|\/openid\/request_token$/;
    if (response.request().method() !== "POST" || !watched.test(url)) return;
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (accountRoute.test(url)) add("access token", "youth's access token", body?.access_token);
    if (url.endsWith("/api/registration-tokens"))
      add("registration token", "registration token", body?.token);
    if (url.endsWith("/request_token"))
      add("OpenID token", "youth's OpenID token", body?.access_token);
  });
  return found;
}

/**
 * The address a server bound where the web server is sees for this browser: a probe on the same
 * address, visited once by the same browser. On loopback that is ::1 for ::1, and 127.0.0.1 for
 * any 127.x address, which is why the web server is bound on ::1 here.
 */
async function browserAddressSeenBy(page: Page, bindAddress: string): Promise<string> {
  let seen = "";
  const probe = http.createServer((request, response) => {
    seen = request.socket.remoteAddress ?? "";
    response.end("ok");
  });
  await new Promise<void>((resolve) => probe.listen(0, bindAddress, resolve));
  const { port } = probe.address() as AddressInfo;
  const host = bindAddress.includes(":") ? `[${bindAddress}]` : bindAddress;
  await page.goto(`http://${host}:${port}/`);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return seen;
}

describe("the logs of a whole conversation", () => {
  const webBindAddress = ipv6Loopback ? "::1" : "127.0.0.1";
  const logs = new LogCapture();
  let stopCapturing = () => {};
  // Before the stack starts, so that its start-up is captured too.
  beforeAll(() => {
    stopCapturing = captureProcessOutput(logs, "test process (web server, console)");
  });
  afterAll(() => stopCapturing());
  const parties = withStackBrowserAndCounsellor({
    counsellorOnDuty: true,
    webBindAddress,
    botOptions: { logger: createLogger({ level: "debug", write: logs.writer("bot") }) },
  });

  it("should hold no message text, token, password or client address", async () => {
    const { stack, browser, counsellor } = parties;
    const synapseDir = path.dirname(stack.rendered.configFile);
    logs.addFile("synapse homeserver.log", stack.rendered.logFile);
    logs.addFile("synapse stderr", path.join(synapseDir, "homeserver.stderr.log"));

    const page = await browser.newPage();
    const youthAddress = await browserAddressSeenBy(page, webBindAddress);
    // Without ::1 the browser shares 127.0.0.1 with every server here: no distinctive address.
    if (ipv6Loopback) expect(youthAddress).toBe("::1");
    else console.warn("No IPv6 loopback: the logs are not checked for the youth's address.");
    const youthSecrets = watchYouthSecrets(page);

    const invited = counsellor.acceptNextInvite();
    await page.goto(stack.webUrl);
    await page.getByTestId("start-button").click();
    const roomId = await invited;
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);

    const fromYouth = sentence("Je n'ose en parler à personne, même pas à ma sœur");
    await page.getByTestId("composer").fill(fromYouth);
    await page.getByTestId("send-button").click();
    await counsellor.waitForMessage(roomId, fromYouth);
    const fromCounsellor = sentence("Merci de me faire confiance, tu as bien fait d'écrire");
    await counsellor.send(roomId, fromCounsellor);
    await expect
      .poll(
        () => page.locator('[data-testid="message"][data-from="counsellor"]').allTextContents(),
        {
          timeout: 60_000,
        },
      )
      .toEqual([expect.stringContaining(fromCounsellor)]);
    // The counsellor console's path too: an OpenID token in an Authorization header.
    const counsellorOpenId = await counsellor.openIdToken();
    const desk = await fetch(`${stack.webUrl}/api/counsellor/me`, {
      headers: { Authorization: `Bearer ${counsellorOpenId}` },
    });
    expect(desk.status).toBe(200);
    await requestsGoneWrong(stack.webUrl, youthSecrets);

    // The conversation ends, and after the grace period the youth's account is erased and the
    // room purged: Synapse's logs of both are scanned too. Meanwhile the page is still open.
    await counsellor.client.leave(roomId);
    await expect
      .poll(async () => (await counsellorDesk(stack, counsellor)).load, { timeout: 30_000 })
      .toBe(0);
    stack.clock.advance(erasureGraceMs + 1000);
    await stack.bot.tick();
    await stack.bot.settled();
    await expect
      .poll(
        async () =>
          (
            await fetch(
              `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}`,
              {
                headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
              },
            )
          ).status,
        { timeout: 30_000 },
      )
      .toBe(404);
    await page.close();

    const secrets: Secret[] = [
      { kind: "message text", label: "youth's message", value: fromYouth },
      { kind: "message text", label: "counsellor's message", value: fromCounsellor },
      ...youthSecrets,
      {
        kind: "access token",
        label: "counsellor's access token",
        value: counsellor.client.getAccessToken() ?? "",
      },
      { kind: "password", label: "counsellor's password", value: stack.counsellor.password },
      { kind: "OpenID token", label: "counsellor's OpenID token", value: counsellorOpenId },
      ...(ipv6Loopback
        ? [
            {
              kind: "client address" as const,
              label: "youth's address, as the web server saw it",
              value: youthAddress,
            },
          ]
        : []),
      ...Object.entries(stack.secrets)
        .filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === "string" && entry[1].length >= 16,
        )
        .map(([name, value]): Secret => ({
          kind: "server secret",
          label: `server secret ${name}`,
          value,
        })),
    ];
    // The capture really saw what the browser did, and the logs are really there. A youth's
    // account has no password (synapse/modules/youth_accounts.py): the page never sends one.
    expect(new Set(youthSecrets.map((secret) => secret.kind))).toEqual(
      new Set(["access token", "registration token", "OpenID token"]),
    );
    const sources = logs.sources();
    const text = (name: string) => sources.find((source) => source.name === name)?.text ?? "";
    expect(text("bot")).toContain('"event":"conversation.opened"');
    expect(text("synapse homeserver.log")).toContain("synapse.");

    const findings = findSecrets(sources, secrets);
    expect(findings, describeFindings(findings)).toEqual([]);
  });
});
