import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  loadBotConfig,
  loadRegistrationFile,
  loadSecretsFile,
  parseBotConfig,
} from "./load.ts";

const valid = {
  homeserver: { url: "http://127.0.0.1:8008", serverName: "localhost" },
  appservice: { registrationFile: "appservice.yaml", bindAddress: "127.0.0.1", port: 9009 },
  api: { bindAddress: "127.0.0.1", port: 8090 },
  secretsFile: "secrets.json",
  stateDir: "state",
  registrationTokenLifetimeSeconds: 300,
  helplines: [
    {
      definition: "helplines/maintenant-jen-parle.yaml",
      counsellors: [
        { userId: "@intervenante:localhost" },
        { userId: "@camille:localhost", maxConversations: 3 },
      ],
    },
  ],
};

function problems(raw: unknown): string[] {
  try {
    parseBotConfig(raw, "bot.yaml", "/srv/helpline");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split("\n");
  }
  throw new Error("expected a ConfigError");
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "bot-config-test-"));
}

describe("parseBotConfig", () => {
  it("should accept the documented shape and resolve paths against the base folder", () => {
    const config = parseBotConfig(valid, "bot.yaml", "/srv/helpline");
    expect(config.appservice.registrationFile).toBe("/srv/helpline/appservice.yaml");
    expect(config.secretsFile).toBe("/srv/helpline/secrets.json");
    expect(config.stateDir).toBe("/srv/helpline/state");
    expect(config.helplines[0]?.definition).toBe(
      "/srv/helpline/helplines/maintenant-jen-parle.yaml",
    );
    expect(config.helplines[0]?.counsellors).toEqual([
      { userId: "@intervenante:localhost" },
      { userId: "@camille:localhost", maxConversations: 3 },
    ]);
  });

  it("should protect against abuse by default: proxy trusted, proof of work and rate limits on", () => {
    const config = parseBotConfig(valid, "bot.yaml", "/srv/helpline");
    expect(config.api.trustProxy).toBe(true);
    expect(config.abuse.proofOfWorkBits).toBe(13);
    expect(config.abuse.rateLimits.registrationTokens).toEqual({
      capacity: 20,
      refillPerMinute: 2,
    });
  });

  it("should name the abuse setting that is wrong", () => {
    expect(
      problems({
        ...valid,
        abuse: { proofOfWorkBits: 40, rateLimits: { status: { capacity: 0, refillPerMinute: 1 } } },
      }),
    ).toEqual([
      expect.stringContaining("bot.yaml: abuse.proofOfWorkBits:"),
      expect.stringContaining("bot.yaml: abuse.rateLimits.status.capacity:"),
    ]);
  });

  it("should hide statistics' cells under 5 by default, and refuse a threshold out of 1–100", () => {
    expect(parseBotConfig(valid, "bot.yaml", "/srv").statistics.minimumCell).toBe(5);
    expect(
      parseBotConfig({ ...valid, statistics: { minimumCell: 10 } }, "bot.yaml", "/srv").statistics,
    ).toEqual({ minimumCell: 10 });
    for (const minimumCell of [0, 101, 2.5, "5"]) {
      expect(problems({ ...valid, statistics: { minimumCell } })).toEqual([
        expect.stringContaining("bot.yaml: statistics.minimumCell:"),
      ]);
    }
  });

  it("should keep 3 rooms ready by default, 0 switching the pool off, and refuse anything else", () => {
    expect(parseBotConfig(valid, "bot.yaml", "/srv").roomPool).toEqual({ size: 3 });
    expect(
      parseBotConfig({ ...valid, roomPool: { size: 0 } }, "bot.yaml", "/srv").roomPool,
    ).toEqual({ size: 0 });
    for (const size of [-1, 21, 1.5, "3"]) {
      expect(problems({ ...valid, roomPool: { size } })).toEqual([
        expect.stringMatching(/^bot\.yaml: roomPool\.size: expected .+, got /),
      ]);
    }
    expect(problems({ ...valid, roomPool: { sise: 3 } })).toEqual([
      expect.stringContaining("bot.yaml: roomPool"),
    ]);
  });

  it("should keep absolute paths as they are", () => {
    const config = parseBotConfig(
      { ...valid, secretsFile: "/etc/secrets.json" },
      "bot.yaml",
      "/srv",
    );
    expect(config.secretsFile).toBe("/etc/secrets.json");
  });

  it("should name the file, the key path, what was expected and what was found", () => {
    expect(problems({ ...valid, api: { bindAddress: "127.0.0.1", port: "8090" } })).toEqual([
      'bot.yaml: api.port: expected a number, got "8090"',
    ]);
  });

  it("should report a missing key as missing", () => {
    const { secretsFile: _omitted, ...rest } = valid;
    expect(problems(rest)).toEqual([
      "bot.yaml: secretsFile: expected a string, got nothing (the key is missing)",
    ]);
  });

  it("should report every problem on its own line", () => {
    const lines = problems({
      ...valid,
      homeserver: { url: "ftp://example.org", serverName: "" },
      registrationTokenLifetimeSeconds: 1.5,
    });
    expect(lines).toEqual([
      'bot.yaml: homeserver.url: expected an http(s) URL, got "ftp://example.org"',
      'bot.yaml: homeserver.serverName: expected a non-empty string, got ""',
      "bot.yaml: registrationTokenLifetimeSeconds: expected a whole number, got 1.5",
    ]);
  });

  it("should refuse unknown keys so that typos are caught", () => {
    expect(problems({ ...valid, api: { ...valid.api, prot: 1 } })).toEqual([
      "bot.yaml: api.prot: expected no key of this name (check the spelling), got 1",
    ]);
  });

  it("should accept several helplines, and refuse none", () => {
    const helpline = valid.helplines[0];
    const other = { definition: "helplines/sos-viol.yaml", counsellors: [{ userId: "@a:x" }] };
    expect(
      parseBotConfig({ ...valid, helplines: [helpline, other] }, "bot.yaml", "/srv").helplines,
    ).toHaveLength(2);
    expect(problems({ ...valid, helplines: [] })).toEqual([
      "bot.yaml: helplines: expected at least one helpline, got a list of 0 items",
    ]);
  });

  it("should require a Matrix user id for each counsellor (how many: helpline/staffing.ts)", () => {
    expect(
      problems({
        ...valid,
        helplines: [{ definition: "x.yaml", counsellors: [{ userId: "bob" }] }],
      }),
    ).toEqual([
      'bot.yaml: helplines.0.counsellors.0.userId: expected a Matrix user id like @name:server, got "bob"',
    ]);
  });

  it("should report an empty document at the top level", () => {
    expect(problems(null)).toEqual([
      "bot.yaml: (top level): expected a mapping (key: value), got null (an empty value)",
    ]);
  });
});

describe("loadBotConfig", () => {
  it("should read YAML and resolve paths against the config file's folder", () => {
    const dir = tempDir();
    const file = path.join(dir, "bot.yaml");
    writeFileSync(file, JSON.stringify(valid));
    expect(loadBotConfig(file).appservice.registrationFile).toBe(path.join(dir, "appservice.yaml"));
  });

  it("should explain a missing file and invalid YAML with the file name", () => {
    const dir = tempDir();
    const missing = path.join(dir, "nope.yaml");
    expect(() => loadBotConfig(missing)).toThrow(
      `${missing}: (file): expected a readable file, got ENOENT`,
    );
    const broken = path.join(dir, "broken.yaml");
    writeFileSync(broken, "homeserver: [unclosed\n");
    expect(() => loadBotConfig(broken)).toThrow(/broken\.yaml: \(file\): expected valid YAML, got/);
  });

  it("should load the committed example config", () => {
    const example = path.resolve(import.meta.dirname, "../../../config/bot.example.yaml");
    expect(loadBotConfig(example).helplines).toHaveLength(1);
  });
});

describe("secret-bearing files", () => {
  it("should never echo a secret value in an error", () => {
    const dir = tempDir();
    const secrets = path.join(dir, "secrets.json");
    writeFileSync(secrets, JSON.stringify({ registrationSharedSecret: "short-secret" }));
    expect(() => loadSecretsFile(secrets)).toThrow(
      `${secrets}: registrationSharedSecret: expected a string of at least 16 characters, got a string of 12 characters`,
    );

    const registration = path.join(dir, "appservice.yaml");
    writeFileSync(
      registration,
      "id: helpline-bot\nas_token: the-as-token\nhs_token: the-hs-token\nsender_localpart: bot\n" +
        "namespaces: { users: [{ exclusive: true, regex: '@bot:localhost' }] }\nrate_limited: true\n",
    );
    let message = "";
    try {
      loadRegistrationFile(registration);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("rate_limited: expected false (the bot must not be rate-limited)");
    expect(message).not.toContain("the-as-token");
  });
});
