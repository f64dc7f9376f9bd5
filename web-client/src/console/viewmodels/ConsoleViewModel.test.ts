import { describe, expect, it } from "vitest";
import {
  FakeApi,
  FakeMatrix,
  ManualScheduler,
  conversation,
  desk,
  fakeLogin,
  settle,
} from "../fake/fakes.ts";
import { ApiError, LoginError } from "../types.ts";
import { ConsoleViewModel, type ConsoleSnapshot, type DeskSnapshot } from "./ConsoleViewModel.ts";

const NOW = Date.parse("2026-11-23T18:30:00Z");

function setup(options: { firstLogin?: boolean; rightKey?: string; loginError?: Error } = {}) {
  const matrix = new FakeMatrix();
  const api = new FakeApi();
  const scheduler = new ManualScheduler();
  const chimes: number[] = [];
  const titles: number[] = [];
  const login = fakeLogin(matrix, {
    firstLogin: options.firstLogin ?? true,
    ...(options.rightKey !== undefined ? { rightKey: options.rightKey } : {}),
    ...(options.loginError !== undefined ? { failWith: options.loginError } : {}),
  });
  const vm = new ConsoleViewModel({
    login,
    createApi: () => api,
    notifier: { chime: () => chimes.push(1), unseenOffers: (n) => titles.push(n) },
    now: () => NOW,
    schedule: scheduler.schedule,
  });
  return { vm, matrix, api, scheduler, chimes, titles, login };
}

function deskOf(snapshot: ConsoleSnapshot): DeskSnapshot {
  if (snapshot.screen !== "desk") throw new Error(`not on the desk: ${snapshot.screen}`);
  return snapshot.desk;
}

async function loggedIn(parties: ReturnType<typeof setup>) {
  parties.vm.logIn("@camille:localhost", "secret");
  await settle();
  parties.vm.confirmRecoveryKeySaved();
  await settle();
  return parties;
}

async function poll(parties: ReturnType<typeof setup>) {
  parties.scheduler.runAll();
  await settle();
}

describe("ConsoleViewModel: login", () => {
  it("should show the new recovery key once on the first login, then the desk", async () => {
    const { vm, login } = setup({ firstLogin: true });
    vm.logIn("@camille:localhost", "secret");
    expect(vm.getSnapshot()).toMatchObject({ screen: "login", busy: true });
    await settle();
    expect(vm.getSnapshot()).toEqual({
      screen: "newRecoveryKey",
      recoveryKey: "EsTc aaaa bbbb",
      afterReset: false,
    });
    vm.confirmRecoveryKeySaved();
    await settle();
    expect(vm.getSnapshot().screen).toBe("desk");
    expect(login.passwords).toEqual(["secret"]);
  });

  it("should refuse a wrong recovery key with a clear error and stay on the key screen", async () => {
    const { vm } = setup({ firstLogin: false, rightKey: "right" });
    vm.logIn("@camille:localhost", "secret");
    await settle();
    expect(vm.getSnapshot()).toMatchObject({ screen: "recoveryKey", error: null });
    vm.unlock("wrong");
    await settle();
    expect(vm.getSnapshot()).toMatchObject({
      screen: "recoveryKey",
      error: "wrongKey",
      busy: false,
    });
    vm.unlock("right");
    await settle();
    expect(vm.getSnapshot().screen).toBe("desk");
  });

  it("should reset only after confirmation, and show the new key with the warning", async () => {
    const { vm } = setup({ firstLogin: false, rightKey: "right" });
    vm.logIn("@camille:localhost", "secret");
    await settle();
    vm.confirmReset(); // not asked yet: nothing happens
    expect(vm.getSnapshot()).toMatchObject({ screen: "recoveryKey", confirmingReset: false });
    vm.askReset();
    vm.confirmReset();
    await settle();
    expect(vm.getSnapshot()).toEqual({
      screen: "newRecoveryKey",
      recoveryKey: "EsTc new new",
      afterReset: true,
    });
  });

  it("should say when the credentials are wrong, and refuse empty fields without asking", async () => {
    const { vm, login } = setup({ loginError: new LoginError("badCredentials") });
    vm.logIn("", "");
    expect(vm.getSnapshot()).toMatchObject({ screen: "login", error: "badCredentials" });
    expect(login.passwords).toEqual([]);
    vm.logIn("@camille:localhost", "nope");
    await settle();
    expect(vm.getSnapshot()).toMatchObject({
      screen: "login",
      busy: false,
      error: "badCredentials",
    });
  });

  it("should log out and go back to the login when the account is not a counsellor", async () => {
    const parties = setup();
    parties.api.failWith = new ApiError(403, "not_a_counsellor");
    await loggedIn(parties);
    expect(parties.vm.getSnapshot()).toMatchObject({ screen: "login", error: "notCounsellor" });
    expect(parties.matrix.loggedOut).toBe(true);
  });
});

describe("ConsoleViewModel: desk", () => {
  it("should announce a new offer once with a chime and count it in the title until answered", async () => {
    const parties = await loggedIn(setup());
    const { vm, api, matrix, chimes, titles } = parties;
    api.desk = desk({
      conversations: [
        conversation({
          reference: 4821,
          state: "offered",
          arrivedAt: NOW - 3 * 60_000,
          offerExpiresAt: NOW + 45_000,
        }),
      ],
    });
    await poll(parties);
    expect(chimes).toHaveLength(1);
    expect(titles.at(-1)).toBe(1);
    expect(deskOf(vm.getSnapshot()).offers[0]).toMatchObject({
      reference: 4821,
      waitingMinutes: 3,
      offerSecondsLeft: 45,
    });
    await poll(parties);
    expect(chimes).toHaveLength(1); // the same offer is not announced twice

    vm.accept(4821);
    await settle();
    expect(matrix.actions).toContain("join !room4821:localhost");
    expect(titles.at(-1)).toBe(0);
    // The bot counts it as active at its next answer: the chat opens by itself.
    api.desk = desk({ conversations: [conversation({ reference: 4821 })] });
    await poll(parties);
    expect(deskOf(vm.getSnapshot()).chat?.reference).toBe(4821);
  });

  it("should decline an offer by leaving the room", async () => {
    const parties = await loggedIn(setup());
    parties.api.desk = desk({ conversations: [conversation({ reference: 7, state: "offered" })] });
    await poll(parties);
    parties.vm.decline(7);
    await settle();
    expect(parties.matrix.actions).toContain("leave !room7:localhost");
  });

  it("should send the draft, stop typing, and never send while the room is not safe", async () => {
    const parties = await loggedIn(setup());
    const { vm, api, matrix } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    matrix.setRoom({ roomId: "!room1:localhost", canSend: false });
    await poll(parties);
    vm.select(1);
    vm.setDraft("Bonjour");
    vm.send();
    await settle();
    expect(matrix.actions.filter((a) => a.startsWith("send"))).toEqual([]);
    matrix.setRoom({ roomId: "!room1:localhost", canSend: true });
    vm.send();
    await settle();
    expect(matrix.actions).toContain("send !room1:localhost Bonjour");
    expect(matrix.actions).toContain("typing !room1:localhost false");
    expect(deskOf(vm.getSnapshot()).chat?.draft).toBe("");
  });

  it("should insert a canned reply in the counsellor's language, else the helpline's default", async () => {
    const parties = await loggedIn(setup());
    const { vm, api } = parties;
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
    expect(deskOf(vm.getSnapshot()).cannedReplies).toEqual([
      { id: "hours", label: "Hours", text: "Mon-Fri" },
      { id: "112", label: "Urgences", text: "Appelle le 112" },
    ]);
    vm.select(1);
    vm.insertCanned("112");
    expect(deskOf(vm.getSnapshot()).chat?.draft).toBe("Appelle le 112");
  });

  it("should end and bar only after confirmation", async () => {
    const parties = await loggedIn(setup());
    const { vm, api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    vm.select(1);
    vm.confirm(); // nothing asked: nothing done
    expect(api.calls.filter((c) => c.startsWith("end"))).toEqual([]);
    vm.askConfirm("bar");
    expect(deskOf(vm.getSnapshot()).chat?.confirming).toBe("bar");
    vm.confirm();
    await settle();
    expect(api.calls).toContain("bar 1");
    vm.askConfirm("end");
    vm.confirm();
    await settle();
    expect(api.calls).toContain("end 1");
    expect(deskOf(vm.getSnapshot()).notice).toEqual({ kind: "ended" });
  });

  it("should hand over only to a colleague on duty or paused with a free slot, from this device", async () => {
    const parties = await loggedIn(setup());
    const { vm, api, matrix } = parties;
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
    vm.select(1);
    vm.chooseColleague();
    expect(deskOf(vm.getSnapshot()).chat?.colleagues.map((c) => c.userId)).toEqual([
      "@lou:localhost",
      "@pause:localhost",
    ]);
    vm.handOver("@away:localhost");
    await settle();
    expect(matrix.actions.filter((a) => a.startsWith("invite"))).toEqual([]);
    vm.handOver("@lou:localhost");
    await settle();
    expect(matrix.actions).toContain("invite !room1:localhost @lou:localhost");
    expect(deskOf(vm.getSnapshot()).notice).toEqual({ kind: "handedOver", to: "@lou:localhost" });
  });

  it("should warn before handing over a conversation this session did not join itself", async () => {
    const parties = await loggedIn(setup());
    const { vm, api } = parties;
    // Hers already at login (her earlier session accepted it): its keys came from the backup.
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    vm.select(1);
    expect(deskOf(vm.getSnapshot()).chat?.historyMayNotFollow).toBe(true);
    // Accepted in this session: its keys are first-hand, the history follows.
    api.desk = desk({
      conversations: [
        conversation({ reference: 1 }),
        conversation({ reference: 2, state: "offered" }),
      ],
    });
    await poll(parties);
    vm.accept(2);
    await settle();
    api.desk = desk({
      conversations: [conversation({ reference: 1 }), conversation({ reference: 2 })],
    });
    await poll(parties);
    vm.select(2);
    expect(deskOf(vm.getSnapshot()).chat?.historyMayNotFollow).toBe(false);
  });

  it("should invite the colleague of a pending handover once, and again if the invite failed", async () => {
    const parties = await loggedIn(setup());
    const { api, matrix } = parties;
    matrix.failInvite = true;
    api.desk = desk({
      conversations: [conversation({ reference: 1, requeued: true })],
      pendingHandovers: [{ reference: 1, roomId: "!room1:localhost", to: "@lou:localhost" }],
    });
    await poll(parties);
    expect(matrix.actions).toEqual([]);
    matrix.failInvite = false;
    await poll(parties);
    await poll(parties);
    expect(matrix.actions.filter((a) => a.startsWith("invite"))).toEqual([
      "invite !room1:localhost @lou:localhost",
    ]);
  });

  it("should close the chat when the conversation is no longer mine", async () => {
    const parties = await loggedIn(setup());
    const { vm, api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    vm.select(1);
    expect(deskOf(vm.getSnapshot()).chat).not.toBeNull();
    api.desk = desk();
    await poll(parties);
    expect(deskOf(vm.getSnapshot()).chat).toBeNull();
  });

  it("should show the supervisor panel only to a supervisor, and say when a reassignment is refused", async () => {
    const parties = await loggedIn(setup());
    const { vm, api } = parties;
    await poll(parties);
    expect(deskOf(vm.getSnapshot()).supervisor).toBeNull();
    expect(api.calls).not.toContain("overview");
    api.desk = desk({ supervisor: true });
    api.overviewAnswer = {
      counsellors: [{ userId: "@lou:localhost", availability: "on_duty", load: 2, capacity: 2 }],
      queue: [{ reference: 9, position: 1, waitingSince: NOW - 60_000, state: "queued" }],
      active: 2,
    };
    await poll(parties);
    expect(deskOf(vm.getSnapshot()).supervisor).toMatchObject({ active: 2, assigning: null });
    api.assign = () => Promise.reject(new ApiError(409, "counsellor_unavailable"));
    vm.assign(9, "@lou:localhost");
    await settle();
    expect(deskOf(vm.getSnapshot()).supervisor?.failed).toBe("unavailable");
  });

  it("should go off duty, log out and forget everything at the end of the shift", async () => {
    const parties = await loggedIn(setup());
    const { vm, api, matrix, scheduler } = parties;
    api.desk = desk({ availability: "on_duty", conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    vm.select(1);
    vm.setDraft("brouillon");
    vm.endShift();
    await settle();
    expect(api.calls).toContain("availability off_duty");
    expect(matrix.loggedOut).toBe(true);
    expect(vm.getSnapshot()).toEqual({
      screen: "login",
      busy: false,
      error: null,
      shiftEnded: true,
    });
    scheduler.runAll();
    await settle();
    expect(vm.getSnapshot().screen).toBe("login"); // no more polling
  });

  it("should keep the desk and say so when the bot cannot be reached", async () => {
    const parties = await loggedIn(setup());
    parties.api.failWith = new ApiError(0, "network_error");
    await poll(parties);
    expect(deskOf(parties.vm.getSnapshot()).apiTrouble).toBe(true);
    parties.api.failWith = null;
    await poll(parties);
    expect(deskOf(parties.vm.getSnapshot()).apiTrouble).toBe(false);
  });
});

describe("ConsoleViewModel: reacting to Matrix", () => {
  it("should ask the bot at once when an invite arrives, without waiting for the poll", async () => {
    const parties = await loggedIn(setup());
    const { vm, api, matrix, chimes } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 5, state: "offered" })] });
    matrix.invited();
    await settle();
    expect(deskOf(vm.getSnapshot()).offers.map((o) => o.reference)).toEqual([5]);
    expect(chimes).toHaveLength(1);
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
