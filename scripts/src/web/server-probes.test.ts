import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  absoluteFormTargets,
  hostileTargets,
  outsideTheRoot,
  pageAddressProblems,
  rawRequest,
  startRecordingUpstream,
  type RecordingUpstream,
  probeProblems,
} from "./probes.ts";
import { originFormTarget, startWebServer, type RunningWebServer } from "./server.ts";

// The development and test web server against requests a script writes on a raw socket. The same
// probes run against Caddy with the production Caddyfile in caddy-probes.test.ts.
describe("the web server against raw hostile requests", () => {
  let work: string;
  let synapse: RecordingUpstream;
  let bot: RecordingUpstream;
  let server: RunningWebServer;
  let origin: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "helpline-web-"));
    const root = path.join(work, "srv");
    mkdirSync(root);
    writeFileSync(path.join(work, outsideTheRoot.name), outsideTheRoot.text);
    writeFileSync(path.join(root, "index.html"), "<title>youth page</title>");
    writeFileSync(path.join(root, "console.html"), "<title>console page</title>");
    synapse = await startRecordingUpstream("synapse");
    bot = await startRecordingUpstream("bot");
    server = await startWebServer({ root, synapseUrl: synapse.url, botUrl: bot.url });
    origin = server.url;
  });
  afterAll(async () => {
    await server.close();
    await synapse.close();
    await bot.close();
    rmSync(work, { recursive: true, force: true });
  });

  it.each([...hostileTargets, ...absoluteFormTargets("127.0.0.1")])(
    "should keep %s away from Synapse's admin, federation and key APIs, and keep running",
    async (target) => {
      expect(await probeProblems(origin, target, [synapse, bot])).toEqual([]);
    },
  );

  it("should answer 400, not crash, for a path that does not percent-decode", async () => {
    for (const target of ["/%zz", "/assets/%E0%A4%A", "/_matrix/client/%zz"]) {
      expect((await rawRequest(origin, "GET", target)).status).toBe(400);
    }
    expect((await rawRequest(origin, "GET", "/")).text).toContain("youth page");
  });

  it("should still forward the client API, the key bundle's upload and the bot's API as they are", async () => {
    const roomKey = "/_matrix/client/v3/room_keys/keys/!room%3Alocalhost/ab%2Fcd%2B?version=1";
    for (const target of [roomKey, "/_matrix/client/versions", "/_matrix/media/v3/upload"]) {
      const answer = await rawRequest(origin, "GET", target);
      expect(answer.text).toContain('"upstream":"synapse"');
    }
    expect(synapse.paths).toContain(roomKey);
    expect((await rawRequest(origin, "GET", "/api/status")).text).toContain('"upstream":"bot"');
    expect(bot.paths).toContain("/api/status");
    const own = "/api/h/sos-viol/conversations?since=1";
    expect((await rawRequest(origin, "POST", own)).text).toContain('"upstream":"bot"');
    expect(bot.paths).toContain(own);
  });

  it("should serve each helpline's page and console with the default's headers", async () => {
    expect(await pageAddressProblems(origin)).toEqual([]);
  });
});

describe("originFormTarget", () => {
  it("should accept what a browser sends, unchanged", () => {
    for (const target of [
      "/",
      "/_matrix/client/v3/sync?since=s1_2&timeout=30000",
      "/_matrix/client/v3/rooms/!a%3Ab/send/m.room.message/m1700000000000.1",
      "/assets/index-3f2a.js",
    ]) {
      expect(originFormTarget(target)).toBe(target);
    }
  });

  it("should refuse dot-segments, backslashes, absolute forms and bad escapes", () => {
    for (const target of [
      "/a/../b",
      "/a/./b",
      "/a/%2e%2E/b",
      "/a/.%2e",
      "/a\\b",
      "//host/a",
      "http://host/a",
      "*",
      "",
      "/%zz",
      "/a/%2e%2e%2fb/../c",
    ]) {
      expect(originFormTarget(target), target).toBeNull();
    }
  });
});
