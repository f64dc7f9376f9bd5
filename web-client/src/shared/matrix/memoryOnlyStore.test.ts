import { Filter } from "matrix-js-sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryOnlyStore } from "./memoryOnlyStore.ts";

describe("memoryOnlyStore", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("should never write the sync filter, which names the account, to localStorage", () => {
    const storage = { getItem: vi.fn(), setItem: vi.fn(), removeItem: vi.fn() };
    // A browser page has a localStorage: the store must not reach for it.
    vi.stubGlobal("localStorage", storage);
    const store = memoryOnlyStore();
    store.setFilterIdByName("FILTER_SYNC_@y1:hs", "7");
    store.storeFilter(Filter.fromJson("@y1:hs", "7", {}));
    // The SDK then simply asks the server for a filter again at the next start.
    expect(store.getFilterIdByName("FILTER_SYNC_@y1:hs")).toBe(null);
    expect(storage.setItem).not.toHaveBeenCalled();
    expect(storage.getItem).not.toHaveBeenCalled();
  });
});
