/**
 * Erases everything this page may have stored on the device: web storage, IndexedDB (the crypto
 * store when the youth chose to continue later), Cache Storage. The origin serves nothing but the
 * chat, so everything stored under it is the chat's.
 */

export interface DeviceStorage {
  readonly localStorage?: Pick<Storage, "clear"> | undefined;
  readonly sessionStorage?: Pick<Storage, "clear"> | undefined;
  readonly indexedDB?: Pick<IDBFactory, "deleteDatabase"> & {
    databases?: () => Promise<IDBDatabaseInfo[]>;
  };
  readonly caches?: Pick<CacheStorage, "keys" | "delete">;
}

/**
 * Databases to delete even where `indexedDB.databases()` is missing (Firefox before 126): the
 * Rust crypto store's names for the prefixes the app uses.
 */
export const KNOWN_DATABASE_PREFIXES = ["helpline", "matrix-js-sdk"];
const CRYPTO_DATABASE_SUFFIXES = ["::matrix-sdk-crypto", "::matrix-sdk-crypto-meta"];

/**
 * Starts the wipe and resolves when it is done. Web storage is cleared synchronously, before the
 * first await, so a caller that navigates away at once still leaves no key behind.
 */
export function wipeDevice(
  storage: DeviceStorage,
  extraDatabases: readonly string[] = [],
): Promise<void> {
  safely(() => storage.sessionStorage?.clear());
  safely(() => storage.localStorage?.clear());
  return Promise.allSettled([
    deleteDatabases(storage, extraDatabases),
    clearCaches(storage.caches),
  ]).then(() => undefined);
}

/** Where the page runs: the browser's own storages, each only if present. */
export function browserStorage(): DeviceStorage {
  return {
    localStorage: tryGet(() => window.localStorage),
    sessionStorage: tryGet(() => window.sessionStorage),
    ...(typeof indexedDB === "undefined" ? {} : { indexedDB }),
    ...(typeof caches === "undefined" ? {} : { caches }),
  };
}

async function deleteDatabases(storage: DeviceStorage, extra: readonly string[]): Promise<void> {
  const factory = storage.indexedDB;
  if (factory === undefined) return;
  const names = new Set(extra);
  for (const prefix of KNOWN_DATABASE_PREFIXES) {
    for (const suffix of CRYPTO_DATABASE_SUFFIXES) names.add(prefix + suffix);
  }
  if (typeof factory.databases === "function") {
    const listed = await factory.databases().catch(() => []);
    for (const info of listed) if (info.name) names.add(info.name);
  }
  await Promise.all([...names].map((name) => deleteOne(factory, name)));
}

function deleteOne(factory: Pick<IDBFactory, "deleteDatabase">, name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = factory.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
      // Blocked: another connection is open; the deletion completes once it closes.
      request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

async function clearCaches(cacheStorage: DeviceStorage["caches"]): Promise<void> {
  if (cacheStorage === undefined) return;
  const keys = await cacheStorage.keys();
  await Promise.all(keys.map((key) => cacheStorage.delete(key)));
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // A storage the browser refuses (private mode, disabled) holds nothing to erase.
  }
}

function tryGet<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
