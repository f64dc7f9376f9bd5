import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isConsolePath, securityHeaders, startWebServer, type RunningWebServer } from "./server.ts";

// Nothing listens on the upstream ports: only static routes are exercised here.
describe("the web server's pages", () => {
  let root: string;
  let server: RunningWebServer;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "helpline-web-"));
    writeFileSync(path.join(root, "index.html"), "<title>youth page</title>");
    writeFileSync(path.join(root, "console.html"), "<title>console page</title>");
    server = await startWebServer({
      root,
      synapseUrl: "http://127.0.0.1:9",
      botUrl: "http://127.0.0.1:9",
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(["/console", "/console/"])(
    "should serve the counsellor console at %s with the page's security headers",
    async (pathname) => {
      const response = await fetch(`${server.url}${pathname}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("console page");
      expect(response.headers.get("content-security-policy")).toBe(
        securityHeaders["Content-Security-Policy"],
      );
      expect(response.headers.get("cache-control")).toBe("no-store");
    },
  );

  it("should keep serving the youth's page everywhere else", async () => {
    for (const pathname of ["/", "/consoles", "/anything"]) {
      const response = await fetch(`${server.url}${pathname}`);
      expect(await response.text()).toContain("youth page");
    }
  });
});

describe("isConsolePath", () => {
  it("should know the default's console and each helpline's", () => {
    for (const pathname of ["/console", "/console/", "/sos-viol/console", "/sos-viol/console/"]) {
      expect(isConsolePath(pathname), pathname).toBe(true);
    }
  });

  it("should not take a reserved word, a malformed id or a deeper path for a helpline", () => {
    for (const pathname of [
      "/",
      "/sos-viol/",
      "/api/console",
      "/assets/console",
      "/console/console",
      "/Sos-Viol/console",
      "/-x/console",
      "/a/b/console",
      "/sos-viol/console/x",
      "//console",
    ]) {
      expect(isConsolePath(pathname), pathname).toBe(false);
    }
  });
});
