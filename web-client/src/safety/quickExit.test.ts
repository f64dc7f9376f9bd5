import { describe, expect, it } from "vitest";
import { DEFAULT_QUICK_EXIT_URL, QuickExit } from "./quickExit.ts";
import { wipeDevice, type DeviceStorage } from "./wipe.ts";

/** A device with one of everything the page may store, recording what gets erased. */
function fakeDevice() {
  const log: string[] = [];
  const storage: DeviceStorage = {
    localStorage: { clear: () => void log.push("localStorage") },
    sessionStorage: { clear: () => void log.push("sessionStorage") },
    indexedDB: {
      databases: () => Promise.resolve([{ name: "helpline-abc::matrix-sdk-crypto", version: 1 }]),
      deleteDatabase: (name: string) => {
        log.push(`idb:${name}`);
        const request = {} as IDBOpenDBRequest;
        setTimeout(() => request.onsuccess?.call(request, new Event("success")), 0);
        return request;
      },
    },
    caches: {
      keys: () => Promise.resolve(["assets"]),
      delete: (key: string) => {
        log.push(`cache:${key}`);
        return Promise.resolve(true);
      },
    },
  };
  return { storage, log };
}

describe("quick exit", () => {
  it("should blank the page, then leave for the neutral site without waiting for the wipe", () => {
    const { storage, log } = fakeDevice();
    const exit = new QuickExit({
      blank: () => void log.push("blank"),
      stopSession: () => void log.push("stop"),
      replaceLocation: (url) => void log.push(`replace:${url}`),
      storage,
    });
    exit.setUrl("https://meteo.be/");
    exit.exit();
    // Synchronously: blanked first, web storage cleared, and gone; IndexedDB and caches follow.
    expect(log).toEqual([
      "blank",
      "stop",
      "sessionStorage",
      "localStorage",
      "replace:https://meteo.be/",
    ]);
  });

  it("should keep the default neutral site when the helpline's is not a web address", () => {
    const { storage } = fakeDevice();
    const exit = new QuickExit({
      blank: () => undefined,
      stopSession: () => undefined,
      replaceLocation: () => undefined,
      storage,
    });
    exit.setUrl("javascript:alert(1)");
    expect(exit.url).toBe(DEFAULT_QUICK_EXIT_URL);
  });

  it("should leave even if blanking or stopping fails", () => {
    const { storage } = fakeDevice();
    const went: string[] = [];
    const exit = new QuickExit({
      blank: () => {
        throw new Error("no body");
      },
      stopSession: () => {
        throw new Error("already stopped");
      },
      replaceLocation: (url) => void went.push(url),
      storage,
    });
    exit.exit();
    expect(went).toEqual([DEFAULT_QUICK_EXIT_URL]);
  });
});

describe("wiping the device", () => {
  it("should erase web storage, every IndexedDB database and the caches", async () => {
    const { storage, log } = fakeDevice();
    await wipeDevice(storage);
    expect(log).toContain("localStorage");
    expect(log).toContain("sessionStorage");
    expect(log).toContain("idb:helpline-abc::matrix-sdk-crypto");
    expect(log).toContain("cache:assets");
  });
});
