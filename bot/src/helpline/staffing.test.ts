import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/errors.ts";
import { parseBotConfig } from "../config/load.ts";
import { checkStaffing } from "./staffing.ts";

const repository = path.resolve(import.meta.dirname, "../../..");

function configWith(helplines: unknown[]) {
  return parseBotConfig(
    {
      homeserver: { url: "http://127.0.0.1:8008", serverName: "localhost" },
      appservice: { registrationFile: "appservice.yaml", bindAddress: "127.0.0.1", port: 9009 },
      api: { bindAddress: "127.0.0.1", port: 8090 },
      secretsFile: "secrets.json",
      stateDir: "state",
      registrationTokenLifetimeSeconds: 300,
      helplines,
    },
    "bot.yaml",
    path.join(repository, "config"),
  );
}

describe("checkStaffing", () => {
  it("should let an ended service go without counsellors", () => {
    const config = configWith([{ definition: "helplines/chat-violences-sexuelles.yaml" }]);
    expect(config.helplines[0]?.counsellors).toEqual([]);
    expect(() => checkStaffing(config, "bot.yaml")).not.toThrow();
  });

  it("should require a counsellor of a service that runs, naming the file and the key", () => {
    const config = configWith([{ definition: "helplines/sos-viol.yaml", counsellors: [] }]);
    let error: unknown;
    try {
      checkStaffing(config, "/etc/helpline/bot.yaml");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      '/etc/helpline/bot.yaml: helplines.0.counsellors: expected at least one counsellor (only a helpline whose definition has "ended" may have none; sos-viol has not ended), got none',
    ]);
  });

  it("should not read the definition of a service that has counsellors", () => {
    const config = configWith([
      { definition: "helplines/missing.yaml", counsellors: [{ userId: "@a:localhost" }] },
    ]);
    expect(() =>
      checkStaffing(config, "bot.yaml", () => {
        throw new Error("read");
      }),
    ).not.toThrow();
  });
});
