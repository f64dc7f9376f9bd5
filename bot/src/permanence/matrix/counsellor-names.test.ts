import { describe, expect, it } from "vitest";
import { createLogger } from "../../logging/logger.ts";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { CounsellorNames } from "./counsellor-names.ts";

const camille = "@camille:x";
const dora = "@dora:x";
const quiet = createLogger({ write: () => {} });

function member(userId: string, content: Record<string, unknown>) {
  return {
    room_id: "!staff:x",
    type: "m.room.member",
    sender: userId,
    state_key: userId,
    content,
  };
}

describe("CounsellorNames", () => {
  it("should name counsellors by their display name, by their local part without one", async () => {
    const homeserver = new FakeHomeserver();
    homeserver.displayNames.set(camille, "Camille");
    const names = new CounsellorNames([camille, dora]);
    await names.load(homeserver, quiet);
    expect(names.nameOf(camille)).toBe("Camille");
    expect(names.nameOf(dora)).toBe("dora");
  });

  it("should follow a counsellor's new name from the staff room, and nobody else's", () => {
    const names = new CounsellorNames([camille]);
    names.learn(member(camille, { membership: "join", displayname: "  Camille\n B. " }));
    expect(names.nameOf(camille)).toBe("Camille B.");
    names.learn(member("@youth:x", { membership: "join", displayname: "Camille" }));
    expect(names.nameOf("@youth:x")).toBe("youth");
    names.learn(member(camille, { membership: "join" }));
    expect(names.nameOf(camille)).toBe("camille");
  });
});
