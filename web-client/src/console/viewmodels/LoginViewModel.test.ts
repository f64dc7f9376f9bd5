import { describe, expect, it } from "vitest";
import { loggedIn, setup } from "../fake/console.ts";
import { settle } from "../fake/fakes.ts";
import { ApiError, LoginError } from "../types.ts";

describe("LoginViewModel", () => {
  it("should show the new recovery key once on the first login, then the desk", async () => {
    const { vm, login } = setup({ firstLogin: true });
    vm.login.logIn("@camille:localhost", "secret");
    expect(vm.login.getSnapshot()).toMatchObject({ screen: "login", busy: true });
    await settle();
    expect(vm.login.getSnapshot()).toEqual({
      screen: "newRecoveryKey",
      recoveryKey: "EsTc aaaa bbbb",
      afterReset: false,
    });
    vm.login.confirmRecoveryKeySaved();
    await settle();
    expect(vm.getSnapshot().screen).toBe("desk");
    expect(login.passwords).toEqual(["secret"]);
  });

  it("should refuse a wrong recovery key with a clear error and stay on the key screen", async () => {
    const { vm } = setup({ firstLogin: false, rightKey: "right" });
    vm.login.logIn("@camille:localhost", "secret");
    await settle();
    expect(vm.login.getSnapshot()).toMatchObject({ screen: "recoveryKey", error: null });
    vm.login.unlock("wrong");
    await settle();
    expect(vm.login.getSnapshot()).toMatchObject({
      screen: "recoveryKey",
      error: "wrongKey",
      busy: false,
    });
    vm.login.unlock("right");
    await settle();
    expect(vm.getSnapshot().screen).toBe("desk");
  });

  it("should reset only after confirmation, and show the new key with the warning", async () => {
    const { vm } = setup({ firstLogin: false, rightKey: "right" });
    vm.login.logIn("@camille:localhost", "secret");
    await settle();
    vm.login.confirmReset(); // not asked yet: nothing happens
    expect(vm.login.getSnapshot()).toMatchObject({ screen: "recoveryKey", confirmingReset: false });
    vm.login.askReset();
    vm.login.confirmReset();
    await settle();
    expect(vm.login.getSnapshot()).toEqual({
      screen: "newRecoveryKey",
      recoveryKey: "EsTc new new",
      afterReset: true,
    });
  });

  it("should say when the credentials are wrong, and refuse empty fields without asking", async () => {
    const { vm, login } = setup({ loginError: new LoginError("badCredentials") });
    vm.login.logIn("", "");
    expect(vm.login.getSnapshot()).toMatchObject({ screen: "login", error: "badCredentials" });
    expect(login.passwords).toEqual([]);
    vm.login.logIn("@camille:localhost", "nope");
    await settle();
    expect(vm.login.getSnapshot()).toMatchObject({
      screen: "login",
      busy: false,
      error: "badCredentials",
    });
  });

  it("should log out and go back to the login when the account is not a counsellor", async () => {
    const parties = setup();
    parties.api.failWith = new ApiError(403, "not_a_counsellor");
    parties.vm.login.logIn("@camille:localhost", "secret");
    await settle();
    parties.vm.login.confirmRecoveryKeySaved();
    await settle();
    expect(parties.vm.getSnapshot().screen).toBe("login");
    expect(parties.vm.login.getSnapshot()).toMatchObject({
      screen: "login",
      error: "notCounsellor",
    });
    expect(parties.matrix.loggedOut).toBe(true);
  });

  it("should forget the recovery key once the desk opens", async () => {
    const { vm } = await loggedIn(setup({ firstLogin: true }));
    expect(JSON.stringify(vm.login.getSnapshot())).not.toContain("EsTc");
  });
});
