import type { Room, RoomMember } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { guardEncryptionTargets } from "./encryptionTargets.ts";
import { TeamWatch } from "./teamWatch.ts";

const ME = "@y:hs";
const BOT = "@bot:hs";

/** The two methods of a Room the guard uses; the SDK's encryptor calls the first. */
function fakeRoom(userIds: string[]): Room {
  return {
    getCreator: () => BOT,
    getEncryptionTargetMembers: () =>
      Promise.resolve(userIds.map((userId) => ({ userId }) as RoomMember)),
  } as unknown as Room;
}

const ids = async (room: Room) =>
  (await room.getEncryptionTargetMembers()).map(({ userId }) => userId);

describe("guardEncryptionTargets", () => {
  it("should leave out anyone she was not told of, until she is", async () => {
    const watch = new TeamWatch(ME, BOT);
    const present = { state: "counsellor_present" } as const;
    const join = (userId: string) => ({ userId, membership: "join" });
    watch.update([join(ME), join(BOT), join("@julie:hs")], present, 1);
    // Invited after the page's last look: the SDK sees her, the page has not accounted for her.
    const room = fakeRoom([ME, BOT, "@julie:hs", "@sara:hs"]);
    guardEncryptionTargets(room, ME, (userId) => watch.mayReceive(userId));
    guardEncryptionTargets(room, ME, (userId) => watch.mayReceive(userId)); // once only
    expect(await ids(room)).toEqual([ME, BOT, "@julie:hs"]);
    // Seen, but not named yet: still nothing for her.
    const all = [join(ME), join(BOT), join("@julie:hs"), join("@sara:hs")];
    watch.update(all, present, 2);
    expect(await ids(room)).toEqual([ME, BOT, "@julie:hs"]);
    // Named an observer by the bot: she is told, and from then on included.
    watch.update(all, { ...present, observers: ["@sara:hs"] }, 3);
    expect(watch.notices.map((n) => n.kind)).toEqual(["observer_joined"]);
    expect(await ids(room)).toEqual([ME, BOT, "@julie:hs", "@sara:hs"]);
  });
});
