import { describe, expect, it } from "vitest";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { createMatrixExecutor } from "./executor.ts";

// A counsellor is invited only into a room ready for her: one taken from the pool has the youth's
// power level written after the youth was answered (conversations/room-pool.ts).

describe("the executor's invite of a counsellor", () => {
  it("should wait until the conversation room is ready for a counsellor", async () => {
    const homeserver = new FakeHomeserver();
    let ready: () => void = () => undefined;
    const asked: string[] = [];
    const run = createMatrixExecutor({
      homeserver,
      staffRoomId: "!staff:x",
      renderNotice: () => "",
      inviteReason: () => "Répondre avant 18:45.",
      conversationOverReason: "Conversation terminée.",
      isCounsellor: () => true,
      readyForCounsellor: (conversationId) => {
        asked.push(conversationId);
        return new Promise((resolve) => (ready = resolve));
      },
    });
    const inviting = run(
      { type: "invite", conversationId: "!a:x", counsellorId: "@camille:x" },
      "1",
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual(["!a:x"]);
    expect(homeserver.reasons.filter((r) => r.action === "invite")).toEqual([]);
    ready();
    await inviting;
    expect(homeserver.reasons.filter((r) => r.action === "invite")).toEqual([
      { roomId: "!a:x", userId: "@camille:x", action: "invite", reason: "Répondre avant 18:45." },
    ]);
  });
});
