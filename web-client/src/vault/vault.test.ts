import { describe, expect, it } from "vitest";
import type { KeptSession } from "../session/kept.ts";
import { hasVault, VAULT_STORAGE_KEY } from "./presence.ts";
import { createVault, isAcceptablePin, type VaultOptions } from "./vault.ts";

const kept: KeptSession = {
  userId: "@yabcdefghijklmnopqrstuvwx:helpline.test",
  deviceId: "DEVICE",
  accessToken: "syt_secret_token",
  roomId: "!room:helpline.test",
  counsellorName: "Camille",
  cryptoDatabasePrefix: "helpline-abc",
  storageKey: "c3RvcmFnZSBrZXkgb2YgMzIgYnl0ZXMgZm9yIHRlc3RzIQ==",
};

function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

/** A vault on an in-memory storage, with Argon2id's cost lowered so the tests stay fast. */
async function testVault(overrides: Partial<VaultOptions> = {}) {
  const storage = memoryStorage();
  const wiped: string[] = [];
  const vault = await createVault({
    storage,
    onWipe: () => void wiped.push("crypto store"),
    opsLimit: 1,
    memLimit: 8192 * 1024,
    ...overrides,
  });
  return { vault, storage, wiped };
}

describe("the vault that keeps a conversation on this device", () => {
  it("should give the session back with the right PIN, and store nothing readable", async () => {
    const { vault, storage } = await testVault();
    vault.seal(kept, "tournesol");
    expect(hasVault(storage)).toBe(true);
    const stored = storage.getItem(VAULT_STORAGE_KEY) ?? "";
    for (const secret of [kept.accessToken, kept.userId, kept.roomId, "Camille", kept.storageKey]) {
      expect(stored).not.toContain(secret);
    }
    expect(await vault.unlock("tournesol")).toEqual({ kind: "opened", session: kept });
  });

  it("should count wrong PINs down and reset the count after the right one", async () => {
    const { vault } = await testVault();
    vault.seal(kept, "123456");
    expect(await vault.unlock("654321")).toEqual({ kind: "wrong", attemptsLeft: 4 });
    expect(await vault.unlock("000000")).toEqual({ kind: "wrong", attemptsLeft: 3 });
    expect((await vault.unlock("123456")).kind).toBe("opened");
    expect(await vault.unlock("111111")).toEqual({ kind: "wrong", attemptsLeft: 4 });
  });

  it("should erase itself and the crypto store after five wrong PINs", async () => {
    const { vault, storage, wiped } = await testVault();
    vault.seal(kept, "123456");
    for (const left of [4, 3, 2, 1]) {
      expect(await vault.unlock("999999")).toEqual({ kind: "wrong", attemptsLeft: left });
    }
    expect(await vault.unlock("999999")).toEqual({ kind: "wiped" });
    expect(storage.map.size).toBe(0);
    expect(hasVault(storage)).toBe(false);
    expect(wiped).toEqual(["crypto store"]);
    // Even the right PIN opens nothing now.
    expect(await vault.unlock("123456")).toEqual({ kind: "missing" });
  });

  it("should count an attempt before trying it, so a reload gives no free try", async () => {
    const { vault, storage } = await testVault();
    vault.seal(kept, "123456");
    const pending = vault.unlock("999999");
    // The counter is written before the slow key derivation finishes.
    expect(JSON.parse(storage.getItem(VAULT_STORAGE_KEY) ?? "{}")).toMatchObject({
      attemptsLeft: 4,
    });
    await pending;
  });

  it("should forget everything on request", async () => {
    const { vault, storage, wiped } = await testVault();
    vault.seal(kept, "123456");
    await vault.forget();
    expect(storage.map.size).toBe(0);
    expect(wiped).toEqual(["crypto store"]);
  });

  it("should erase a damaged vault rather than keep trying", async () => {
    const { vault, storage, wiped } = await testVault();
    storage.setItem(VAULT_STORAGE_KEY, "{not json");
    expect(await vault.unlock("123456")).toEqual({ kind: "wiped" });
    expect(storage.map.size).toBe(0);
    expect(wiped).toEqual(["crypto store"]);
  });

  it("should refuse PINs shorter than six characters", async () => {
    const { vault } = await testVault();
    expect(isAcceptablePin("12345")).toBe(false);
    expect(isAcceptablePin("123456")).toBe(true);
    expect(isAcceptablePin("éléphant")).toBe(true);
    expect(() => vault.seal(kept, "12345")).toThrow();
  });
});
