/**
 * Whether a sealed conversation waits on this device. Tiny and synchronous, for the landing page:
 * the vault itself (and libsodium) load only when needed.
 */
export const VAULT_STORAGE_KEY = "helpline:vault";

/** The shortest PIN or passphrase accepted. */
export const MIN_PIN_LENGTH = 6;

export function hasVault(storage: Pick<Storage, "getItem"> | undefined): boolean {
  try {
    return storage?.getItem(VAULT_STORAGE_KEY) != null;
  } catch {
    return false;
  }
}
