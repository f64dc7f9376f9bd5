import { describe, expect, it } from "vitest";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { createMatrixExecutor } from "./executor.ts";

// The executor's part of a side channel: emptied when its conversation closes, purged with it.

function executor(homeserver: FakeHomeserver) {
  return createMatrixExecutor({
    homeserver,
    staffRoomId: "!staff:x",
    renderNotice: () => "",
    inviteReason: () => "",
    conversationOverReason: "Conversation terminée.",
    isCounsellor: () => true,
    sideChannelAlias: (conversationId) => `#side-of-${conversationId.slice(1)}`,
    botUserId: "@bot:x",
  });
}

describe("the executor and side channels", () => {
  it("should remove everyone but the bot when the conversation closes", async () => {
    const homeserver = new FakeHomeserver();
    homeserver.setMembership("!side:x", "@bot:x", "join");
    homeserver.setMembership("!side:x", "@alice:x", "join");
    homeserver.setMembership("!side:x", "@sam:x", "invite");
    homeserver.setMembership("!side:x", "@gone:x", "leave");
    await executor(homeserver)(
      { type: "close_side_channel", conversationId: "!a:x", roomId: "!side:x" },
      "1",
    );
    expect(homeserver.reasons.filter((r) => r.action === "kick")).toEqual([
      { roomId: "!side:x", userId: "@alice:x", action: "kick", reason: "Conversation terminée." },
      { roomId: "!side:x", userId: "@sam:x", action: "kick", reason: "Conversation terminée." },
    ]);
  });

  it("should purge the recorded side room with the conversation's, then erase the account", async () => {
    const homeserver = new FakeHomeserver();
    await executor(homeserver)(
      {
        type: "erase_conversation",
        conversationId: "!a:x",
        youthId: "@y:x",
        sideRoomId: "!side:x",
      },
      "1",
    );
    expect(homeserver.deletedRooms).toEqual(["!a:x", "!side:x"]);
    expect(homeserver.erased).toEqual(["@y:x"]);
  });

  it("should find by its alias a side room created just before a crash, and purge it too", async () => {
    const homeserver = new FakeHomeserver();
    homeserver.aliases.set("#side-of-a:x", "!orphan:x");
    await executor(homeserver)(
      { type: "erase_conversation", conversationId: "!a:x", youthId: "@y:x" },
      "1",
    );
    expect(homeserver.deletedRooms).toEqual(["!a:x", "!orphan:x"]);
    // A conversation that never had one: only its own room.
    const plain = new FakeHomeserver();
    await executor(plain)(
      { type: "erase_conversation", conversationId: "!b:x", youthId: "@z:x" },
      "2",
    );
    expect(plain.deletedRooms).toEqual(["!b:x"]);
  });
});
