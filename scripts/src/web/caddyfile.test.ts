import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { reservedPathSegments } from "@helpline/contract";
import {
  isConsolePath,
  isSynapseRouteBesideClientApi,
  synapseRoutesBesideClientApi,
  securityHeaders,
  strictTransportSecurity,
} from "./server.ts";

// Production runs Caddy (config/Caddyfile), development and tests run server.ts: both must send
// the same security headers and pass the client's address to the bot the same way, or the tests
// would prove something production does not do.

const caddyfile = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8");

function caddyHeader(name: string): string | undefined {
  const line = caddyfile
    .split("\n")
    .map((text) => text.trim())
    .find((text) => text.startsWith(`${name} `));
  return line?.slice(name.length + 1).replace(/^"(.*)"$/, "$1");
}

describe("config/Caddyfile", () => {
  it.each(Object.entries(securityHeaders))(
    "should send %s as the dev server does",
    (name, value) => {
      expect(caddyHeader(name)).toBe(value);
    },
  );

  it("should send HSTS (production is served over TLS only)", () => {
    expect(caddyHeader("Strict-Transport-Security")).toBe(strictTransportSecurity);
  });

  it("should give the bot the client's address in its own header, and nobody else's", () => {
    expect(caddyfile).toMatch(/header_up X-Helpline-Client-Address \{remote_host\}/);
    expect(caddyfile.match(/header_up -X-Forwarded-For/g)).toHaveLength(2);
  });

  it("should proxy only Synapse's client API and the bot's public API, never a metrics port", () => {
    const targets = [...caddyfile.matchAll(/reverse_proxy (\S+)/g)].map((match) => match[1]);
    expect(targets).toEqual(["synapse:8008", "bot:8090"]);
  });

  it("should keep no access log", () => {
    expect(caddyfile).toMatch(/log \{\s*output discard\s*\}/);
  });
});

describe("config/Caddyfile and the counsellor console", () => {
  it("should reach Synapse only for the client API, the key bundle's upload and the youth's account, as the dev server", () => {
    const matcher = /\n\t@synapse path ([^\n]*)\n/.exec(caddyfile);
    expect(matcher?.[1]?.split(" ")).toEqual([
      "/_matrix/client/*",
      ...synapseRoutesBesideClientApi,
    ]);
    expect(isSynapseRouteBesideClientApi("/_matrix/media/v3/upload?filename=bundle")).toBe(true);
    expect(isSynapseRouteBesideClientApi("/_synapse/client/org.helplinechat/youth_account")).toBe(
      true,
    );
    expect(isSynapseRouteBesideClientApi("/_matrix/media/v3/download/x/y")).toBe(false);
    expect(isSynapseRouteBesideClientApi("/_synapse/client/org.helplinechat/youth_account/x")).toBe(
      false,
    );
    expect(isSynapseRouteBesideClientApi("/_synapse/client/other")).toBe(false);
  });

  it("should serve console.html at /console and /console/, as the dev server does", () => {
    expect(caddyfile).toMatch(
      /handle @console \{\s*root \* \/srv\s*rewrite \* \/console\.html\s*file_server\s*\}/,
    );
  });

  // Caddy's matcher is two regular expressions (RE2, which JavaScript reads the same here): they
  // must pick the very paths the dev server serves the console at, reserved words included.
  it("should take the same paths for a helpline's console as the dev server", () => {
    const matcher = /@console \{\s*path_regexp (\S+)\s*not path_regexp (\S+)\s*\}/.exec(caddyfile);
    expect(matcher).not.toBeNull();
    const [, console, notAnId] = matcher ?? [];
    const isCaddyConsole = (pathname: string) =>
      new RegExp(console ?? "").test(pathname) && !new RegExp(notAnId ?? "").test(pathname);
    const ids = ["sos-viol", "a", "x".repeat(63), "x".repeat(64), "-a", "Sos", "s_v"];
    const paths = [
      "/console",
      "/console/",
      "/consoles",
      "//console",
      "/a/b/console",
      ...[...ids, ...reservedPathSegments].flatMap((id) => [
        `/${id}/console`,
        `/${id}/console/`,
        `/${id}/console/x`,
      ]),
    ];
    for (const pathname of paths) {
      expect(isCaddyConsole(pathname), pathname).toBe(isConsolePath(pathname));
    }
  });
});
