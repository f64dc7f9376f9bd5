import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPageProvenance } from "@helpline/contract/provenance";
import { parseHelplineConfig } from "@helpline/bot/helpline/load";
import { repoRoot } from "../paths.ts";
import { provenanceFileOf, writeProvenanceFiles } from "./provenance.ts";
import { securityHeaders, startWebServer, type RunningWebServer } from "./server.ts";

// Each helpline's public key reaches its page from the web server, as the page's code does, and
// never from the bot: here the development server (Caddy: caddy-probes.test.ts).

const keyOf = (fill: number) => Buffer.alloc(32, fill).toString("base64").replace(/=+$/, "");

function helpline(file: string, publicKey?: string) {
  const raw = YAML.parse(
    readFileSync(path.join(repoRoot, "config", "helplines", file), "utf8"),
  ) as { id: string };
  const definition = parseHelplineConfig(
    publicKey === undefined ? raw : { ...raw, provenance: { publicKey } },
    file,
  );
  return { id: raw.id, definition };
}

describe("the web server's provenance files", () => {
  let root: string;
  let dir: string;
  let server: RunningWebServer;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "helpline-web-"));
    writeFileSync(path.join(root, "index.html"), "<title>youth page</title>");
    dir = path.join(root, "..", `${path.basename(root)}-provenance`);
    writeProvenanceFiles(dir, [
      helpline("maintenant-jen-parle.yaml", keyOf(1)),
      helpline("sos-viol.yaml", keyOf(2)),
      helpline("nu-praat-ik-er-over.yaml"),
    ]);
    server = await startWebServer({
      root,
      synapseUrl: "http://127.0.0.1:9",
      botUrl: "http://127.0.0.1:9",
      provenanceDir: dir,
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  async function served(pathname: string) {
    const response = await fetch(`${server.url}${pathname}`);
    return { response, body: readPageProvenance(await response.json()) };
  }

  it("should serve each helpline's configured key, the default's at the top", async () => {
    const top = await served("/provenance.json");
    expect(top.body).toMatchObject({
      helpline: "maintenant-jen-parle",
      name: { fr: "Maintenant j'en parle" },
      publicKey: keyOf(1),
    });
    expect(top.response.headers.get("cache-control")).toBe("no-store");
    expect(top.response.headers.get("content-security-policy")).toBe(
      securityHeaders["Content-Security-Policy"],
    );
    expect((await served("/maintenant-jen-parle/provenance.json")).body).toEqual(top.body);
    expect((await served("/sos-viol/provenance.json")).body).toMatchObject({
      helpline: "sos-viol",
      publicKey: keyOf(2),
    });
  });

  it("should answer 404, never the page, for a helpline without a key or any other name", async () => {
    for (const pathname of ["/nu-praat-ik-er-over/provenance.json", "/unknown/provenance.json"]) {
      const response = await fetch(`${server.url}${pathname}`);
      expect(response.status, pathname).toBe(404);
      expect(await response.text()).not.toContain("youth page");
    }
  });

  it("should stop serving a key taken out of the definitions, at once", async () => {
    writeProvenanceFiles(dir, [helpline("maintenant-jen-parle.yaml")]);
    expect((await fetch(`${server.url}/provenance.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/sos-viol/provenance.json`)).status).toBe(404);
  });

  it("should only ever name files inside its folder", () => {
    expect(provenanceFileOf("/d", "/provenance.json")).toBe("/d/provenance.json");
    expect(provenanceFileOf("/d", "/sos-viol/provenance.json")).toBe("/d/sos-viol/provenance.json");
    for (const pathname of [
      "/../provenance.json",
      "/a/b/provenance.json",
      "/assets/provenance.json",
    ]) {
      expect(provenanceFileOf("/d", pathname), pathname).toBeNull();
    }
  });
});
