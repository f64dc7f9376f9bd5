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
});
