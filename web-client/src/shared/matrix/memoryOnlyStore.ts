import { MemoryStore } from "matrix-js-sdk";

/**
 * The SDK's sync store, held in memory only. Without an explicit store, `createClient` makes a
 * MemoryStore backed by `globalThis.localStorage`, which caches the sync filter id under
 * `mxjssdk_memory_filter_FILTER_SYNC_<user id>`: the youth's account id would outlive a tab
 * closed without quick exit. Given no `localStorage`, the filter cache stays in this object.
 */
export function memoryOnlyStore(): MemoryStore {
  return new MemoryStore({ localStorage: undefined });
}
