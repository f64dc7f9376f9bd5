import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseBotConfig } from "../config/load.ts";
import { loadHelplines } from "./definitions.ts";

const examples = path.resolve(import.meta.dirname, "../../../config/helplines");

function configWith(dir: string, definitions: string[]) {
  return parseBotConfig(
    {
      homeserver: { url: "http://127.0.0.1:8008", serverName: "localhost" },
      appservice: { registrationFile: "a.yaml", bindAddress: "127.0.0.1", port: 9009 },
      api: { bindAddress: "127.0.0.1", port: 8090 },
      secretsFile: "secrets.json",
      stateDir: "state",
      registrationTokenLifetimeSeconds: 300,
      helplines: definitions.map((definition) => ({
        definition,
        counsellors: [{ userId: "@camille:localhost" }],
      })),
    },
    "bot.yaml",
    dir,
  );
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected a ConfigError");
}

describe("loadHelplines", () => {
  it("should load every definition in the config's order, the first being the default", () => {
    const helplines = loadHelplines(
      configWith(examples, ["maintenant-jen-parle.yaml", "sos-viol.yaml"]),
    );
    expect(helplines.map((helpline) => helpline.id)).toEqual(["maintenant-jen-parle", "sos-viol"]);
  });

  it("should refuse two helplines of one id, naming the file and the key", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "helplines-"));
    copyFileSync(path.join(examples, "sos-viol.yaml"), path.join(dir, "a.yaml"));
    copyFileSync(path.join(examples, "sos-viol.yaml"), path.join(dir, "b.yaml"));
    expect(problemsOf(() => loadHelplines(configWith(dir, ["a.yaml", "b.yaml"])))).toEqual([
      `${path.join(dir, "b.yaml")}: id: expected an id no other helpline of the bot uses, got "sos-viol" (also the id of ${path.join(dir, "a.yaml")})`,
    ]);
  });

  it("should stop at a broken definition, never dropping it, and name its file and key", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "helplines-"));
    copyFileSync(path.join(examples, "sos-viol.yaml"), path.join(dir, "good.yaml"));
    writeFileSync(path.join(dir, "broken.yaml"), "id: Not An Id\n");
    const problems = problemsOf(() => loadHelplines(configWith(dir, ["good.yaml", "broken.yaml"])));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/broken\.yaml: \S+: expected/);
    expect(problems.some((problem) => problem.includes(": id: expected"))).toBe(true);
  });
});
