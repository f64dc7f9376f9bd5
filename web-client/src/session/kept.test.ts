import { describe, expect, it } from "vitest";
import { parseKeptSession } from "./kept.ts";

const sealed = {
  userId: "@y:hs",
  deviceId: "D",
  accessToken: "a",
  roomId: "!r:hs",
  counsellorName: null,
  cryptoDatabasePrefix: "helpline-abc",
  storageKey: "k",
};

describe("a kept conversation read back from the vault", () => {
  it("should carry the presence key, so the resumed page tells the bot it is open again", () => {
    expect(parseKeptSession({ ...sealed, presenceKey: "p".repeat(43) })).toMatchObject({
      presenceKey: "p".repeat(43),
    });
  });

  it("should still open a vault sealed before presence existed, without a key", () => {
    const kept = parseKeptSession(sealed);
    expect(kept).not.toBeNull();
    expect(kept).not.toHaveProperty("presenceKey");
  });
});
