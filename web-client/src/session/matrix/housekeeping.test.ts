import { describe, expect, it } from "vitest";
import { answeredLocally, youthSyncFilter } from "./housekeeping.ts";

describe("answeredLocally", () => {
  it("should answer the SDK's fetch of the push rules with an empty rule set", async () => {
    const answer = answeredLocally("https://h.example/_matrix/client/v3/pushrules/");
    expect(answer?.status).toBe(200);
    await expect(answer?.json()).resolves.toEqual({ global: {} });
  });

  it("should let every other request go to the homeserver", () => {
    for (const [url, method] of [
      ["https://h.example/_matrix/client/v3/pushrules/", "PUT"],
      ["https://h.example/_matrix/client/v3/pushrules/global/override/x", "GET"],
      ["https://h.example/_matrix/client/v3/sync", "GET"],
      ["https://h.example/_matrix/client/v3/rooms/!r/send/m.room.message/t", "PUT"],
      ["https://h.example/_matrix/client/v3/keys/upload", "POST"],
    ] as const) {
      expect(answeredLocally(url, { method })).toBeNull();
    }
  });
});

describe("youthSyncFilter", () => {
  it("should leave out push rules and presence, and nothing else", () => {
    expect(youthSyncFilter("@y:hs").getDefinition()).toEqual({
      account_data: { not_types: ["m.push_rules"] },
      presence: { not_types: ["*"] },
    });
  });
});
