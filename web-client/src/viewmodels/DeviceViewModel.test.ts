import { describe, expect, it } from "vitest";
import type { KeptSession } from "../session/kept.ts";
import { DeviceViewModel, type VaultLike } from "./DeviceViewModel.ts";

const kept: KeptSession = {
  userId: "@y:test",
  deviceId: "D",
  accessToken: "token",
  roomId: "!r:test",
  counsellorName: "Camille",
  cryptoDatabasePrefix: "helpline-x",
  storageKey: "a2V5",
};

/** A vault with one PIN and a counter, as src/vault/vault.ts behaves. */
function fakeVault(pin: string, tries = 5) {
  let left = tries;
  let present = true;
  const sealed: { session: KeptSession; pin: string }[] = [];
  const vault: VaultLike = {
    seal: (session, newPin) => void sealed.push({ session, pin: newPin }),
    unlock: (attempt) => {
      if (!present) return Promise.resolve({ kind: "missing" as const });
      if (attempt === pin) return Promise.resolve({ kind: "opened" as const, session: kept });
      left -= 1;
      if (left === 0) {
        present = false;
        return Promise.resolve({ kind: "wiped" as const });
      }
      return Promise.resolve({ kind: "wrong" as const, attemptsLeft: left });
    },
    forget: () => {
      present = false;
      return Promise.resolve();
    },
  };
  return { vault, sealed, isPresent: () => present };
}

function setUp(options: { vaultPresent: boolean; keepable?: boolean }) {
  const { vault, sealed, isPresent } = fakeVault("123456");
  const resumed: KeptSession[] = [];
  let forgotten = 0;
  const device = new DeviceViewModel({
    hasVault: () => options.vaultPresent,
    openVault: () => Promise.resolve(vault),
    minPinLength: 6,
    chat: {
      resume: (session) => void resumed.push(session),
      keepOnDevice: () => (options.keepable === false ? null : kept),
      forgetOnDevice: () => void (forgotten += 1),
    },
  });
  return { device, sealed, resumed, isPresent, forgotten: () => forgotten };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("continuing later on this device", () => {
  it("should show only the PIN screen when a conversation is kept", () => {
    expect(setUp({ vaultPresent: true }).device.getSnapshot().locked).toBe(true);
    expect(setUp({ vaultPresent: false }).device.getSnapshot().locked).toBe(false);
  });

  it("should say how many tries are left, then resume with the right PIN", async () => {
    const { device, resumed } = setUp({ vaultPresent: true });
    device.unlock("000000");
    await settle();
    expect(device.getSnapshot()).toMatchObject({ locked: true, attemptsLeft: 4 });
    device.unlock("123456");
    await settle();
    expect(device.getSnapshot()).toMatchObject({ locked: false, keep: "saved" });
    expect(resumed).toEqual([kept]);
  });

  it("should open the welcome screen with a notice once the vault wiped itself", async () => {
    const { device, resumed } = setUp({ vaultPresent: true });
    for (let i = 0; i < 5; i += 1) {
      device.unlock("000000");
      await settle();
    }
    expect(device.getSnapshot()).toMatchObject({ locked: false, wiped: true });
    expect(resumed).toEqual([]);
  });

  it("should forget the device on request", async () => {
    const { device, isPresent } = setUp({ vaultPresent: true });
    device.forget();
    await settle();
    expect(device.getSnapshot().locked).toBe(false);
    expect(isPresent()).toBe(false);
  });

  it("should refuse a short PIN and two different ones, then seal", async () => {
    const { device, sealed } = setUp({ vaultPresent: false });
    device.askKeep();
    device.keep("12345", "12345");
    expect(device.getSnapshot().keepProblem).toBe("short");
    device.keep("123456", "123457");
    expect(device.getSnapshot().keepProblem).toBe("mismatch");
    device.keep("123456", "123456");
    await settle();
    expect(device.getSnapshot().keep).toBe("saved");
    expect(sealed).toEqual([{ session: kept, pin: "123456" }]);
  });

  it("should say so when there is nothing to keep yet", () => {
    const { device, sealed } = setUp({ vaultPresent: false, keepable: false });
    device.askKeep();
    device.keep("123456", "123456");
    expect(device.getSnapshot().keep).toBe("failed");
    expect(sealed).toEqual([]);
  });
});
