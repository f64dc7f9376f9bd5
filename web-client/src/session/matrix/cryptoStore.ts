import { base32, type RandomSource } from "./random.ts";

/**
 * Where one session's Rust crypto keeps its state: IndexedDB databases under a per-session
 * prefix, encrypted with a random key that lives only in memory, or, if the youth chose to
 * continue later, inside the PIN-sealed vault. Without that choice the databases are deleted when
 * the session stops (and leftovers at the next load), and the key is gone with the tab anyway.
 */
export interface CryptoStore {
  readonly prefix: string;
  readonly storageKey: Uint8Array;
}

/** The prefix every session's databases share, so that a wipe can find them. */
export const CRYPTO_STORE_PREFIX = "helpline";

export function newCryptoStore(random: RandomSource): CryptoStore {
  return {
    prefix: `${CRYPTO_STORE_PREFIX}-${base32(random(new Uint8Array(10)))}`,
    storageKey: random(new Uint8Array(32)),
  };
}

export function encodeStorageKey(key: Uint8Array): string {
  let binary = "";
  for (const byte of key) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeStorageKey(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Deletes the store's databases (completes once the crypto layer has closed them). */
export function deleteCryptoStore(prefix: string): void {
  const factory = globalThis.indexedDB as IDBFactory | undefined;
  if (factory === undefined) return;
  for (const suffix of ["::matrix-sdk-crypto", "::matrix-sdk-crypto-meta"]) {
    try {
      factory.deleteDatabase(prefix + suffix);
    } catch {
      // Nothing to delete where IndexedDB is refused.
    }
  }
}
