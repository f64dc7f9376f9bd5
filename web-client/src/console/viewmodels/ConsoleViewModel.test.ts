import { describe, expect, it } from "vitest";
import { loggedIn, poll, setup } from "../fake/console.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";

describe("ConsoleViewModel: end of shift", () => {
  it("should go off duty, log out and forget everything at the end of the shift", async () => {
    const parties = await loggedIn(setup());
    const { vm, deskVm, chat, api, matrix, scheduler } = parties;
    api.desk = desk({ availability: "on_duty", conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    deskVm.select(1);
    chat.setDraft("brouillon");
    deskVm.endShift();
    await settle();
    expect(api.calls).toContain("availability off_duty");
    expect(matrix.loggedOut).toBe(true);
    expect(vm.getSnapshot()).toEqual({ screen: "login" });
    expect(vm.login.getSnapshot()).toEqual({
      screen: "login",
      busy: false,
      error: null,
      shiftEnded: true,
    });
    scheduler.runAll();
    await settle();
    expect(vm.getSnapshot().screen).toBe("login"); // no more polling
  });
});

describe("ConsoleViewModel: the page goes away", () => {
  it("should sign the device out without waiting and stop polling", async () => {
    const parties = await loggedIn(setup());
    parties.vm.dispose();
    expect(parties.matrix.abandoned).toBe(true);
    expect(parties.scheduler.pending).toBe(0);
    expect(parties.vm.getSnapshot().screen).toBe("login");
  });
});
