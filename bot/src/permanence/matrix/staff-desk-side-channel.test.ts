// `!aide 4821` in the staff room, on the real runtime and its journal: the side channel is
// recorded durably (a restarted bot still has it, and erases it), and a refusal changes nothing.

import { describe, expect, it } from "vitest";
import { SideChannelAliases } from "../../conversations/side-channel-room.ts";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { minute, settingsFor } from "../engine/testing/scenario.ts";
import type { Permanence } from "../runtime.ts";
import { createSideChannels } from "../side-channels.ts";
import { helpText, parseStaffMessage, renderNotice } from "../staff/index.ts";
import type { PermanenceCommand } from "../types.ts";
import {
  freshJournalDir,
  jeune4821TakenBy,
  permanencesClosedAfterEach,
  staffDesk,
} from "./testing/staff-room.ts";

const alice = "@alice:x";
const sophie = "@sophie:x";
const camille = "@camille:x";
const settings = settingsFor([{ userId: alice }, { userId: sophie }, { userId: camille }]);
const permanences = permanencesClosedAfterEach(settings);
const { stop } = permanences;

async function open(
  dir: string,
  clock: { now: () => number },
  run: PermanenceCommand[],
): Promise<Permanence> {
  return permanences.open({
    dir,
    clock,
    run: async (command) => {
      run.push(command);
    },
  });
}

/** Alice talks with "Jeune 4821"; Sophie, a supervisor, is on duty; Camille is on duty. */
async function staffRoom() {
  const dir = freshJournalDir();
  let now = 0;
  const clock = { now: () => now };
  const commands: PermanenceCommand[] = [];
  const permanence = await open(dir, clock, commands);
  for (const counsellorId of [alice, sophie, camille]) {
    await permanence.dispatch({ type: "availability_set", counsellorId, availability: "on_duty" });
  }
  await jeune4821TakenBy(permanence, alice);
  const homeserver = new FakeHomeserver();
  const { says } = staffDesk({
    homeserver,
    permanence,
    settings,
    displayName: (userId) => /^@([^:]+)/.exec(userId)?.[1] ?? "",
    sideChannels: createSideChannels({
      homeserver,
      aliases: new SideChannelAliases("an installation secret of 32 chars", "x"),
      botUserId: "@bot:x",
      encrypted: true,
      state: () => permanence.state,
      dispatch: (event) => permanence.dispatch(event),
      isSupervisor: (userId) => userId === sophie,
      logger: { warn: () => {} },
    }),
  });
  return {
    dir,
    clock,
    advance: (ms: number) => (now += ms),
    commands,
    permanence,
    homeserver,
    says,
  };
}

describe("!aide 4821 in the staff room", () => {
  it("should read !aide with a reference as a request for help, and alone as the help", () => {
    expect(parseStaffMessage("!aide 4821")).toEqual({
      kind: "command",
      command: { kind: "side_channel", reference: 4821 },
    });
    expect(parseStaffMessage("!Aide J-4821")).toEqual({
      kind: "command",
      command: { kind: "side_channel", reference: 4821 },
    });
    expect(parseStaffMessage("!aide")).toEqual({ kind: "command", command: { kind: "help" } });
    const wrong = parseStaffMessage("!aide quoi");
    expect(wrong.kind === "invalid" && wrong.reply).toContain("!aide 4821");
    expect(helpText()).toContain("!aide 4821");
  });

  it("should open the side channel, announce it with the supervisor named, and keep it across a restart", async () => {
    const world = await staffRoom();
    // The permanence announces it: nothing to answer.
    expect(await world.says(alice, "!aide 4821")).toBeUndefined();
    const [room] = world.homeserver.createdRooms;
    expect(room?.invite).toEqual([alice, sophie]);
    const notice = world.commands.find(
      (c) => c.type === "notify_staff" && c.notice.kind === "side_channel_opened",
    );
    expect(notice?.type === "notify_staff" && notice.notice).toEqual({
      kind: "side_channel_opened",
      reference: 4821,
      by: alice,
      supervisors: [sophie],
      again: false,
    });
    if (notice?.type === "notify_staff") {
      const text = renderNotice(notice.notice, (id) => id.slice(1, id.indexOf(":")), "UTC", 0);
      expect(text).toBe(
        "alice demande du soutien pour Jeune 4821 : sophie (@sophie:x), vous êtes invitée(s) " +
          "dans le salon chiffré « Soutien · Jeune 4821 ».",
      );
    }
    const roomId = world.permanence.state.conversations["!a:x"]?.sideChannel?.roomId;
    expect(roomId).toBe("!room1:localhost");

    // Killed and started again: the journal gives the side channel back, and its erasure.
    await stop(world.permanence);
    const commands: PermanenceCommand[] = [];
    const again = await open(world.dir, world.clock, commands);
    expect(again.state.conversations["!a:x"]?.sideChannel?.roomId).toBe(roomId);
    await again.dispatch({ type: "end_requested", conversationId: "!a:x", by: alice });
    expect(commands).toContainEqual({ type: "close_side_channel", conversationId: "!a:x", roomId });
    await stop(again);
    const third = await open(world.dir, world.clock, commands);
    expect(third.state.erasures?.["!a:x"]?.sideRoomId).toBe(roomId);
    world.advance(10 * minute);
    await third.dispatch({ type: "tick" });
    expect(commands).toContainEqual({
      type: "erase_conversation",
      conversationId: "!a:x",
      youthId: "@y:x",
      sideRoomId: roomId,
    });
  });

  it("should refuse anyone but the counsellor in charge, and an unknown reference, changing nothing", async () => {
    const world = await staffRoom();
    const before = JSON.stringify(world.permanence.state);
    expect(await world.says(camille, "!aide 4821")).toContain("Tu n'as pas Jeune 4821 en charge");
    expect(await world.says(sophie, "!aide 4821")).toContain("Tu n'as pas Jeune 4821 en charge");
    expect(await world.says(alice, "!aide 1234")).toBe(
      "Aucune conversation « Jeune 1234 » en cours.",
    );
    expect(world.homeserver.createdRooms).toEqual([]);
    expect(JSON.stringify(world.permanence.state)).toBe(before);
  });
});

describe("the staff room's notice of a side channel", () => {
  const names = (id: string) => id.slice(1, id.indexOf(":"));
  it("should say plainly that no supervisor is on duty", () => {
    const text = renderNotice(
      { kind: "side_channel_opened", reference: 4821, by: alice, supervisors: [], again: false },
      names,
      "UTC",
      0,
    );
    expect(text).toContain("aucune superviseuse n'est en service");
    expect(text).toContain("« Soutien · Jeune 4821 »");
  });
});
