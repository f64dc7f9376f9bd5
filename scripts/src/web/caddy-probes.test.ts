import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { freePort } from "../net/free-port.ts";
import {
  absoluteFormTargets,
  comparableHeaders,
  hostileTargets,
  outsideTheRoot,
  pageAddressProblems,
  rawRequest,
  startRecordingUpstream,
  type RecordingUpstream,
  probeProblems,
  reachesForbiddenApi,
} from "./probes.ts";

// Production's web server is Caddy with config/Caddyfile, not server.ts: the same raw hostile
// requests as server-probes.test.ts, sent to a real Caddy running the production Caddyfile on a
// free port, in front of two recording upstreams standing in for Synapse and the bot. CI installs
// Caddy and sets HELPLINE_REQUIRE_CADDY=1 (.ci/run), so there this test cannot be skipped.

const caddyInstalled = spawnSync("caddy", ["version"], { stdio: "ignore" }).status === 0;
const caddyRequired = process.env.HELPLINE_REQUIRE_CADDY === "1";

it.runIf(!caddyInstalled)("should have Caddy installed when CI requires it", () => {
  if (caddyRequired) {
    expect.fail(
      "caddy is not installed, so config/Caddyfile cannot be probed: apt-get install caddy",
    );
  }
  console.warn("caddy is not installed: config/Caddyfile's probes are skipped (CI runs them)");
});

/** Replaces `from` in a Caddyfile's text, failing loudly if it is no longer there. */
function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`no longer contains ${from}: ${text.slice(0, 200)}`);
  return text.replaceAll(from, to);
}

/** docs/deploy.md's site block for a helpline on a host name of its own (section 11). */
function ownHostSiteInDocs(): string {
  const docs = readFileSync(path.join(repoRoot, "docs", "deploy.md"), "utf8");
  const block = /```\n(\s*sos\.example\.org \{\n[^`]*import helpline_site\n\s*\}\n)\s*```/.exec(
    docs,
  );
  if (block?.[1] === undefined) throw new Error("docs/deploy.md no longer shows the own-host site");
  return block[1].replace(/^ {3}/gm, "");
}

describe.runIf(caddyInstalled)(
  "Caddy with the production Caddyfile against raw hostile requests",
  () => {
    let work: string;
    let synapse: RecordingUpstream;
    let bot: RecordingUpstream;
    let caddy: ChildProcess;
    let port: number;
    let origin: string;
    let said = "";
    const ownHost = "sos.localhost";

    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), "helpline-caddy-"));
      const root = path.join(work, "srv");
      mkdirSync(root);
      mkdirSync(path.join(work, "none"));
      mkdirSync(path.join(work, "sites"));
      writeFileSync(path.join(work, outsideTheRoot.name), outsideTheRoot.text);
      writeFileSync(path.join(root, "index.html"), "<title>youth page</title>");
      writeFileSync(path.join(root, "console.html"), "<title>console page</title>");
      // What npm run setup:production writes (web/provenance.ts): the default's and sos-viol's.
      mkdirSync(path.join(work, "provenance", "sos-viol"), { recursive: true });
      writeFileSync(path.join(work, "provenance", "provenance.json"), '{"helpline":"default"}');
      writeFileSync(
        path.join(work, "provenance", "sos-viol", "provenance.json"),
        '{"helpline":"sos-viol"}',
      );
      synapse = await startRecordingUpstream("synapse");
      bot = await startRecordingUpstream("bot");
      port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      // What docker-compose.yml mounts and names becomes local folders and ports; the routes, the
      // matchers and the headers are production's, untouched. No admin endpoint: several test runs
      // may share this machine.
      let caddyfile = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8");
      caddyfile = replaceOnce(caddyfile, "/etc/caddy/sites/", `${work}/sites/`);
      caddyfile = replaceOnce(caddyfile, "/etc/caddy/workers/", `${work}/none/`);
      caddyfile = replaceOnce(caddyfile, "/etc/caddy/provenance", `${work}/provenance`);
      caddyfile = replaceOnce(caddyfile, "synapse:8008", `127.0.0.1:${synapse.port}`);
      caddyfile = replaceOnce(caddyfile, "bot:8090", `127.0.0.1:${bot.port}`);
      caddyfile = replaceOnce(caddyfile, "root * /srv", `root * ${root}`);
      caddyfile = replaceOnce(
        caddyfile,
        "\temail {$HELPLINE_ACME_EMAIL}\n",
        "\temail {$HELPLINE_ACME_EMAIL}\n\tadmin off\n\tauto_https off\n",
      );
      writeFileSync(path.join(work, "Caddyfile"), caddyfile);
      // One helpline on a host name of its own, exactly as docs/deploy.md tells an operator to
      // write it, with a name and port of this machine.
      writeFileSync(
        path.join(work, "sites", "sos-viol.caddy"),
        replaceOnce(
          replaceOnce(ownHostSiteInDocs(), "sos.example.org", `http://${ownHost}:${port}`),
          "<id>",
          "sos-viol",
        ),
      );
      caddy = spawn(
        "caddy",
        ["run", "--config", path.join(work, "Caddyfile"), "--adapter", "caddyfile"],
        {
          env: {
            PATH: process.env.PATH ?? "",
            HOME: work,
            XDG_DATA_HOME: path.join(work, "data"),
            XDG_CONFIG_HOME: path.join(work, "data"),
            HELPLINE_DOMAIN: `http://127.0.0.1:${port}`,
            HELPLINE_ACME_EMAIL: "it@example.org",
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      caddy.stdout?.on("data", (chunk: Buffer) => (said += chunk.toString()));
      caddy.stderr?.on("data", (chunk: Buffer) => (said += chunk.toString()));
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (caddy.exitCode !== null) throw new Error(`caddy exited:\n${said.slice(-2000)}`);
        try {
          if ((await rawRequest(origin, "GET", "/")).status === 200) break;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`caddy did not start:\n${said.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }, 30_000);

    afterAll(async () => {
      if (caddy !== undefined && caddy.exitCode === null) {
        const exited = new Promise((resolve) => caddy.once("exit", resolve));
        caddy.kill("SIGTERM");
        await exited;
      }
      await synapse?.close();
      await bot?.close();
      rmSync(work, { recursive: true, force: true });
    });

    it.each([...hostileTargets, ...absoluteFormTargets("127.0.0.1")])(
      "should keep %s away from Synapse's admin, federation and key APIs, and keep running",
      async (target) => {
        expect(await probeProblems(origin, target, [synapse, bot])).toEqual([]);
      },
    );

    it("should still forward the client API, the key bundle's upload and the bot's API", async () => {
      const roomKey = "/_matrix/client/v3/room_keys/keys/!room%3Alocalhost/ab%2Fcd%2B?version=1";
      for (const target of [roomKey, "/_matrix/client/versions", "/_matrix/media/v3/upload"]) {
        expect((await rawRequest(origin, "GET", target)).text).toContain('"upstream":"synapse"');
      }
      expect((await rawRequest(origin, "GET", "/api/status")).text).toContain('"upstream":"bot"');
      expect(bot.paths).toContain("/api/status");
      const own = "/api/h/sos-viol/conversations?since=1";
      expect((await rawRequest(origin, "POST", own)).text).toContain('"upstream":"bot"');
      expect(bot.paths).toContain(own);
    });

    it("should serve each helpline's page and console with the default's headers", async () => {
      expect(await pageAddressProblems(origin)).toEqual([]);
    });

    it("should serve a helpline on its own host name, its /api/ calls being that helpline's", async () => {
      const host = { Host: `${ownHost}:${port}` };
      expect((await rawRequest(origin, "GET", "/", host)).text).toContain("youth page");
      expect((await rawRequest(origin, "GET", "/console", host)).text).toContain("console page");
      bot.paths.length = 0;
      for (const target of [
        "/api/status",
        "/api/counsellor/queue%2Fx?a=1",
        "/api/h/other/status",
      ]) {
        expect((await rawRequest(origin, "GET", target, host)).text).toContain('"upstream":"bot"');
      }
      expect(bot.paths).toEqual([
        "/api/h/sos-viol/status",
        "/api/h/sos-viol/counsellor/queue%2Fx?a=1",
        "/api/h/sos-viol/h/other/status",
      ]);
      const versions = await rawRequest(origin, "GET", "/_matrix/client/versions", host);
      expect(versions.text).toContain('"upstream":"synapse"');
      expect(comparableHeaders(await rawRequest(origin, "GET", "/", host))).toEqual(
        comparableHeaders(await rawRequest(origin, "GET", "/")),
      );
    });

    it("should serve each helpline's provenance key from its own folder, never from the bot", async () => {
      const main = await rawRequest(origin, "GET", "/provenance.json");
      expect(main.status).toBe(200);
      expect(main.text).toContain('{"helpline":"default"}');
      const sos = await rawRequest(origin, "GET", "/sos-viol/provenance.json");
      expect(sos.text).toContain('{"helpline":"sos-viol"}');
      // A helpline's own host name serves its own file at the top, as its page asks for it there.
      const host = { Host: `${ownHost}:${port}` };
      const own = await rawRequest(origin, "GET", "/provenance.json", host);
      expect(own.text).toContain('{"helpline":"sos-viol"}');
      expect(comparableHeaders(own)).toEqual(comparableHeaders(sos));
      // No key: 404, not the page read as a key.
      const none = await rawRequest(origin, "GET", "/nu-praat-ik-er-over/provenance.json");
      expect(none.status).toBe(404);
      expect(none.text).not.toContain("youth page");
      bot.paths.length = 0;
      await rawRequest(origin, "GET", "/sos-viol/provenance.json");
      expect(bot.paths).toEqual([]);
    });

    it.each(hostileTargets)(
      "should keep %s away from Synapse's admin APIs on a helpline's own host name too",
      async (target) => {
        for (const upstream of [synapse, bot]) upstream.paths.length = 0;
        for (const method of ["GET", "POST"]) {
          const answer = await rawRequest(origin, method, target, { Host: `${ownHost}:${port}` });
          expect(answer.status, `${method} ${target}`).toBeLessThan(500);
          expect(answer.text).not.toContain(outsideTheRoot.text);
        }
        const reached = [...synapse.paths, ...bot.paths];
        expect(reached.filter(reachesForbiddenApi)).toEqual([]);
      },
    );
  },
);
