import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";

// What config/Caddyfile does for the production stack beyond the headers and routes that
// scripts/src/web/caddyfile.test.ts compares with the development server. Caddy itself validates
// the file in CI (validate-caddyfile.sh).

const caddyfile = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8");

describe("config/Caddyfile in production", () => {
  it("should tell Matrix clients where this server is, and nothing about federation", () => {
    expect(caddyfile).toContain(
      'respond `{"m.homeserver":{"base_url":"https://{$HELPLINE_DOMAIN}"}}`',
    );
    expect(caddyfile).not.toMatch(/(handle|respond) \/\.well-known\/matrix\/server/);
    expect(caddyfile).toMatch(/handle \/\.well-known\/\* \{\s*respond 404/);
  });

  it("should take its name and TLS contact from .env", () => {
    expect(caddyfile).toMatch(/^\{\$HELPLINE_DOMAIN\} \{$/m);
    expect(caddyfile).toMatch(/^\temail \{\$HELPLINE_ACME_EMAIL\}$/m);
  });

  it("should import Element's site and the workers' routes from the folders compose mounts", () => {
    expect(caddyfile).toMatch(/^import \/etc\/caddy\/sites\/\*\.caddy$/m);
    expect(caddyfile).toMatch(/^\t\timport \/etc\/caddy\/workers\/\*\.caddy$/m);
  });

  // A request for a name no site serves (a scanner on the bare address, `GET http://bot:9464/`)
  // is logged by Caddy's default logger, not by a site's, and so is every request that fails
  // upstream (http.log.error): npm run test:deploy found the client's address in the web
  // container's log both ways. Caddy's own reading of the file must drop them.
  const caddy = spawnSync("caddy", ["version"], { encoding: "utf8" });
  const haveCaddy = caddy.status === 0;
  it.skipIf(!haveCaddy && process.env.HELPLINE_REQUIRE_CADDY !== "1")(
    "should keep access logs out of Caddy's default log, for every host",
    () => {
      const adapted = spawnSync(
        "caddy",
        ["adapt", "--config", path.join(repoRoot, "config", "Caddyfile"), "--adapter", "caddyfile"],
        {
          encoding: "utf8",
          env: {
            ...process.env,
            HELPLINE_DOMAIN: "chat.example.org",
            HELPLINE_ACME_EMAIL: "it@example.org",
          },
        },
      );
      expect(adapted.status, adapted.stderr).toBe(0);
      const config = JSON.parse(adapted.stdout) as {
        logging?: { logs?: Record<string, { exclude?: string[]; writer?: { output?: string } }> };
      };
      const logs = config.logging?.logs ?? {};
      expect(logs.default?.exclude).toEqual(
        expect.arrayContaining(["http.log.access", "http.log.error"]),
      );
      // Every other logger that takes access logs throws them away.
      for (const [name, log] of Object.entries(logs)) {
        if (name !== "default") expect(log.writer?.output, name).toBe("discard");
      }
    },
  );
});
