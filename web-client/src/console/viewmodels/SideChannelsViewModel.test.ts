import { describe, expect, it } from "vitest";
import { loggedIn, poll, setup, type Parties } from "../fake/console.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";
import type { SideChannelsViewModel } from "./SideChannelsViewModel.ts";

function sideChannelsOf(parties: Parties): SideChannelsViewModel {
  const snapshot = parties.vm.getSnapshot();
  if (snapshot.screen !== "desk") throw new Error(`not on the desk: ${snapshot.screen}`);
  return snapshot.sideChannels;
}

const side = "!side-1:localhost";

describe("SideChannelsViewModel", () => {
  it("should ask for help with her conversation and say whom the bot invited", async () => {
    const parties = await loggedIn(setup());
    const { api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    const vm = sideChannelsOf(parties);
    api.supervisorsOnDuty = ["@sam:localhost"];
    vm.askForHelp(1);
    expect(vm.getSnapshot().asking).toBe(1);
    await settle();
    expect(api.calls).toContain("help 1");
    expect(vm.getSnapshot()).toMatchObject({
      asking: null,
      answer: { reference: 1, supervisors: 1 },
    });
  });

  it("should say plainly when no supervisor is on duty, and when asking failed", async () => {
    const parties = await loggedIn(setup());
    const vm = sideChannelsOf(parties);
    vm.askForHelp(1);
    await settle();
    expect(vm.getSnapshot().answer).toEqual({ reference: 1, supervisors: 0 });
    parties.api.failWith = new Error("bot down");
    vm.askForHelp(1);
    await settle();
    expect(vm.getSnapshot()).toMatchObject({ answer: null, askFailed: true, asking: null });
  });

  it("should join the bot's invite once, show the room's messages, and send only when safe", async () => {
    const parties = await loggedIn(setup());
    const { api, matrix } = parties;
    matrix.setRoom({ roomId: side, membership: "invite", canSend: false });
    api.desk = desk({ sideChannels: [{ reference: 1, roomId: side, mine: false }] });
    await poll(parties);
    const vm = sideChannelsOf(parties);
    await settle();
    matrix.setRoom({ roomId: side, membership: "invite", canSend: false });
    await settle();
    expect(matrix.actions.filter((a) => a === `join ${side}`)).toHaveLength(1);

    vm.setDraft(side, "Que faire ?");
    vm.send(side);
    await settle();
    expect(matrix.actions.filter((a) => a.startsWith("send"))).toEqual([]);
    matrix.setRoom({
      roomId: side,
      canSend: true,
      messages: [
        {
          id: "$1",
          fromMe: false,
          senderName: "Sam",
          text: "Je suis là",
          timestamp: 1,
          sending: false,
        },
      ],
    });
    vm.send(side);
    await settle();
    expect(matrix.actions).toContain(`send ${side} Que faire ?`);
    const [channel] = vm.getSnapshot().channels;
    expect(channel).toMatchObject({ reference: 1, mine: false, draft: "", canSend: true });
    expect(channel?.messages.map((m) => m.text)).toEqual(["Je suis là"]);
  });

  it("should show nothing when the desk lists no side channel", async () => {
    const parties = await loggedIn(setup());
    expect(sideChannelsOf(parties).getSnapshot().channels).toEqual([]);
  });
});
