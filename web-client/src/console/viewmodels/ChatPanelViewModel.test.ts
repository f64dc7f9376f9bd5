import { describe, expect, it } from "vitest";
import { loggedIn, poll, setup, shown } from "../fake/console.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";

describe("ChatPanelViewModel", () => {
  it("should send the draft, stop typing, and never send while the room is not safe", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, chat, api, matrix } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    matrix.setRoom({ roomId: "!room1:localhost", canSend: false });
    await poll(parties);
    deskVm.select(1);
    chat.setDraft("Bonjour");
    chat.send();
    await settle();
    expect(matrix.actions.filter((a) => a.startsWith("send"))).toEqual([]);
    matrix.setRoom({ roomId: "!room1:localhost", canSend: true });
    chat.send();
    await settle();
    expect(matrix.actions).toContain("send !room1:localhost Bonjour");
    expect(matrix.actions).toContain("typing !room1:localhost false");
    expect(shown(vm).chat?.draft).toBe("");
  });

  it("should insert a canned reply in the counsellor's language, else the helpline's default", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, chat, api } = parties;
    api.desk = desk({
      conversations: [conversation({ reference: 1 })],
      cannedReplies: [
        {
          id: "hours",
          label: { fr: "Horaires", en: "Hours" },
          text: { fr: "Lun-ven", en: "Mon-Fri" },
        },
        { id: "112", label: { fr: "Urgences" }, text: { fr: "Appelle le 112" } },
      ],
    });
    await poll(parties);
    vm.setLanguage("en");
    deskVm.select(1); // the canned replies are part of the open chat
    expect(shown(vm).chat?.cannedReplies).toEqual([
      { id: "hours", label: "Hours", text: "Mon-Fri" },
      { id: "112", label: "Urgences", text: "Appelle le 112" },
    ]);
    chat.insertCanned("112");
    expect(shown(vm).chat?.draft).toBe("Appelle le 112");
  });

  it("should end and bar only after confirmation", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, chat, api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    deskVm.select(1);
    chat.confirm(); // nothing asked: nothing done
    expect(api.calls.filter((c) => c.startsWith("end"))).toEqual([]);
    chat.askConfirm("bar");
    expect(shown(vm).chat?.confirming).toBe("bar");
    chat.confirm();
    await settle();
    expect(api.calls).toContain("bar 1");
    chat.askConfirm("end");
    chat.confirm();
    await settle();
    expect(api.calls).toContain("end 1");
    expect(shown(vm).desk.notice).toEqual({ kind: "ended" });
  });

  it("should hand over only to a colleague on duty or paused with a free slot, from this device", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, chat, api, matrix } = parties;
    api.desk = desk({
      conversations: [conversation({ reference: 1 })],
      colleagues: [
        { userId: "@lou:localhost", availability: "on_duty", load: 0, capacity: 2 },
        { userId: "@full:localhost", availability: "on_duty", load: 2, capacity: 2 },
        { userId: "@away:localhost", availability: "off_duty", load: 0, capacity: 2 },
        { userId: "@pause:localhost", availability: "paused", load: 1, capacity: 2 },
      ],
    });
    await poll(parties);
    deskVm.select(1);
    chat.chooseColleague();
    expect(shown(vm).chat?.colleagues.map((c) => c.userId)).toEqual([
      "@lou:localhost",
      "@pause:localhost",
    ]);
    chat.handOver("@away:localhost");
    await settle();
    expect(matrix.actions.filter((a) => a.startsWith("invite"))).toEqual([]);
    chat.handOver("@lou:localhost");
    await settle();
    expect(matrix.actions).toContain("invite !room1:localhost @lou:localhost");
    expect(shown(vm).desk.notice).toEqual({ kind: "handedOver", to: "@lou:localhost" });
  });

  it("should warn before handing over a conversation this session did not join itself", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, api } = parties;
    // Hers already at login (her earlier session accepted it): its keys came from the backup.
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    deskVm.select(1);
    expect(shown(vm).chat?.historyMayNotFollow).toBe(true);
    // Accepted in this session: its keys are first-hand, the history follows.
    api.desk = desk({
      conversations: [
        conversation({ reference: 1 }),
        conversation({ reference: 2, state: "offered" }),
      ],
    });
    await poll(parties);
    deskVm.accept(2);
    await settle();
    api.desk = desk({
      conversations: [conversation({ reference: 1 }), conversation({ reference: 2 })],
    });
    await poll(parties);
    deskVm.select(2);
    expect(shown(vm).chat?.historyMayNotFollow).toBe(false);
  });

  it("should close the chat when the conversation is no longer mine", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    deskVm.select(1);
    expect(shown(vm).chat).not.toBeNull();
    api.desk = desk();
    await poll(parties);
    expect(shown(vm).chat).toBeNull();
  });

  it("should mark the open conversation read, at once and as messages arrive", async () => {
    const parties = await loggedIn(setup());
    const { deskVm, api, matrix } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    matrix.setRoom({ roomId: "!room1:localhost", unread: 2 });
    await poll(parties);
    expect(matrix.actions).not.toContain("read !room1:localhost");
    deskVm.select(1);
    expect(matrix.actions.filter((a) => a.startsWith("read"))).toEqual(["read !room1:localhost"]);
    matrix.setRoom({ roomId: "!room1:localhost", unread: 1 });
    expect(matrix.actions.filter((a) => a.startsWith("read"))).toHaveLength(2);
  });

  it("should say at once in the open chat that the youth's page is gone, and stop saying it once back", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, api, matrix } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    matrix.setRoom({ roomId: "!room1:localhost" });
    await poll(parties);
    deskVm.select(1);
    expect(shown(vm).chat?.youthGone).toBeNull();
    // A sync brings the bot's word: no poll of the bot's API is needed to show it.
    matrix.setRoom({ roomId: "!room1:localhost", youthGone: { how: "quick_exit", kept: false } });
    expect(shown(vm).chat?.youthGone).toEqual({ how: "quick_exit", kept: false });
    matrix.setRoom({ roomId: "!room1:localhost", youthGone: null });
    expect(shown(vm).chat?.youthGone).toBeNull();
  });

  it("should show the youth's answer to 'about myself / someone close' with the offer and in the chat", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, api } = parties;
    api.desk = desk({
      conversations: [
        conversation({ reference: 1, state: "offered", writingAbout: "close-one" }),
        conversation({ reference: 2 }),
      ],
    });
    await poll(parties);
    expect(shown(vm).desk.offers.map((o) => o.writingAbout)).toEqual(["close-one"]);
    api.desk = desk({
      conversations: [
        conversation({ reference: 1, writingAbout: "close-one" }),
        conversation({ reference: 2 }),
      ],
    });
    await poll(parties);
    deskVm.select(1);
    expect(shown(vm).chat?.writingAbout).toBe("close-one");
    deskVm.select(2); // not asked, or not answered: nothing said
    expect(shown(vm).chat?.writingAbout).toBeNull();
  });
});
