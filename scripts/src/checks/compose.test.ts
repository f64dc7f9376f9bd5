import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { pinnedSynapseVersion } from "../synapse/install.ts";

interface ComposeFile {
  services: Record<string, { image?: string; ports?: unknown[]; networks?: string[] }>;
}

const compose = YAML.parse(
  readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8"),
) as ComposeFile;

describe("docker-compose.yml", () => {
  it("should publish ports from the web server only", () => {
    const publishing = Object.entries(compose.services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(["web"]);
  });

  it("should run the same Synapse version the tests run", () => {
    expect(compose.services.synapse?.image).toBe(`matrixdotorg/synapse:v${pinnedSynapseVersion()}`);
  });
});
