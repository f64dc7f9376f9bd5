import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "./homeserver.fake.ts";
import { provisionBotAdmin } from "./provision.ts";

const botUserId = "@helpline-bot:localhost";

function setup() {
  const lines: string[] = [];
  const homeserver = new FakeHomeserver();
  const deps = {
    homeserver,
    botUserId,
    sharedSecret: "the-shared-secret",
    logger: createLogger({ write: (line) => lines.push(line) }),
    randomHex: (bytes: number) => "ab".repeat(bytes),
  };
  return { homeserver, deps, lines };
}

describe("provisionBotAdmin", () => {
  it("should promote the bot through a one-off admin that is then erased", async () => {
    const { homeserver, deps, lines } = setup();
    expect(await provisionBotAdmin(deps)).toBe("promoted");
    expect(homeserver.admins.has(botUserId)).toBe(true);
    expect(homeserver.registeredAdmins.map((user) => user.username)).toEqual([
      "provision-abababababababab",
    ]);
    expect(homeserver.erased).toEqual(["@provision-abababababababab:localhost"]);
    expect(homeserver.rateLimitsRemoved).toEqual([botUserId]);
    expect(lines.join("")).toContain("bot.promoted_to_admin");
    expect(lines.join("")).not.toContain("the-shared-secret");
  });

  it("should do nothing but lift rate limits when the bot is already admin", async () => {
    const { homeserver, deps } = setup();
    homeserver.admins.add(botUserId);
    expect(await provisionBotAdmin(deps)).toBe("already_admin");
    expect(homeserver.registeredAdmins).toEqual([]);
    expect(homeserver.rateLimitsRemoved).toEqual([botUserId]);
  });

  it("should erase the one-off admin even if the promotion fails", async () => {
    const { homeserver, deps } = setup();
    homeserver.makeAdmin = () => Promise.reject(new Error("promotion refused"));
    await expect(provisionBotAdmin(deps)).rejects.toThrow("promotion refused");
    expect(homeserver.erased).toEqual(["@provision-abababababababab:localhost"]);
  });
});
