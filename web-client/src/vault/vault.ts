import type sodiumModule from "libsodium-wrappers-sumo";
import { parseKeptSession, type KeptSession } from "../session/kept.ts";
import { MIN_PIN_LENGTH, VAULT_STORAGE_KEY } from "./presence.ts";

type Sodium = typeof sodiumModule;
type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Wrong PINs allowed before the vault erases itself. */
export const MAX_ATTEMPTS = 5;

/** What localStorage holds: nothing readable without the PIN. */
interface SealedRecord {
  readonly v: 1;
  /** Argon2id cost, kept with the vault so a later version can raise it. */
  readonly ops: number;
  readonly mem: number;
  readonly salt: string;
  readonly nonce: string;
  readonly box: string;
  readonly attemptsLeft: number;
}

export type UnlockResult =
  | { readonly kind: "opened"; readonly session: KeptSession }
  | { readonly kind: "wrong"; readonly attemptsLeft: number }
  /** Too many wrong PINs (or a damaged vault): everything was erased. */
  | { readonly kind: "wiped" }
  | { readonly kind: "missing" };

export interface VaultOptions {
  readonly storage: KeyValueStorage;
  /** Erases what the sealed session pointed to (the crypto store); called when the vault goes. */
  readonly onWipe: () => Promise<void> | void;
  readonly maxAttempts?: number;
  /** Argon2id cost; tests lower it. Defaults: 3 passes over 64 MiB. */
  readonly opsLimit?: number;
  readonly memLimit?: number;
}

export function isAcceptablePin(pin: string): boolean {
  return [...pin.normalize("NFC")].length >= MIN_PIN_LENGTH;
}

/**
 * The youth's conversation sealed on this device with a key derived from their PIN (Argon2id,
 * random salt; XSalsa20-Poly1305 secretbox). The attempt counter is written down before each
 * try, so reloading the page does not give more tries; it guards the page, while Argon2id's cost
 * is what slows someone who copies the storage away.
 */
export class Vault {
  readonly #sodium: Sodium;
  readonly #options: VaultOptions;

  constructor(sodium: Sodium, options: VaultOptions) {
    this.#sodium = sodium;
    this.#options = options;
  }

  exists(): boolean {
    return this.#read() !== null;
  }

  /** Seals the session with the PIN, replacing any earlier vault. */
  seal(session: KeptSession, pin: string): void {
    if (!isAcceptablePin(pin)) throw new Error("PIN too short");
    const s = this.#sodium;
    const ops = this.#options.opsLimit ?? 3;
    const mem = this.#options.memLimit ?? s.crypto_pwhash_MEMLIMIT_INTERACTIVE;
    const salt = s.randombytes_buf(s.crypto_pwhash_SALTBYTES);
    const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
    const key = this.#derive(pin, salt, ops, mem);
    const box = s.crypto_secretbox_easy(s.from_string(JSON.stringify(session)), nonce, key);
    s.memzero(key);
    const record: SealedRecord = {
      v: 1,
      ops,
      mem,
      salt: s.to_base64(salt),
      nonce: s.to_base64(nonce),
      box: s.to_base64(box),
      attemptsLeft: this.#maxAttempts(),
    };
    this.#options.storage.setItem(VAULT_STORAGE_KEY, JSON.stringify(record));
  }

  async unlock(pin: string): Promise<UnlockResult> {
    const record = this.#read();
    if (record === null) {
      if (this.#options.storage.getItem(VAULT_STORAGE_KEY) !== null) {
        await this.forget(); // damaged: nothing can be opened, erase what is left
        return { kind: "wiped" };
      }
      return { kind: "missing" };
    }
    // Count the attempt first: closing the page halfway must not give a free try.
    const attemptsLeft = Math.min(record.attemptsLeft, this.#maxAttempts()) - 1;
    this.#write({ ...record, attemptsLeft });
    const session = this.#open(record, pin);
    if (session !== null) {
      this.#write({ ...record, attemptsLeft: this.#maxAttempts() });
      return { kind: "opened", session };
    }
    if (attemptsLeft <= 0) {
      await this.forget();
      return { kind: "wiped" };
    }
    return { kind: "wrong", attemptsLeft };
  }

  /** "Oublier cet appareil": the vault and what it pointed to. */
  async forget(): Promise<void> {
    this.#options.storage.removeItem(VAULT_STORAGE_KEY);
    await this.#options.onWipe();
  }

  #open(record: SealedRecord, pin: string): KeptSession | null {
    const s = this.#sodium;
    let key: Uint8Array | null = null;
    try {
      key = this.#derive(pin, s.from_base64(record.salt), record.ops, record.mem);
      const plain = s.crypto_secretbox_open_easy(
        s.from_base64(record.box),
        s.from_base64(record.nonce),
        key,
      );
      return parseKeptSession(JSON.parse(s.to_string(plain)));
    } catch {
      return null; // wrong PIN: the box does not open
    } finally {
      if (key !== null) s.memzero(key);
    }
  }

  #derive(pin: string, salt: Uint8Array, ops: number, mem: number): Uint8Array {
    const s = this.#sodium;
    return s.crypto_pwhash(
      s.crypto_secretbox_KEYBYTES,
      pin.normalize("NFC"),
      salt,
      ops,
      mem,
      s.crypto_pwhash_ALG_ARGON2ID13,
    );
  }

  #maxAttempts(): number {
    return this.#options.maxAttempts ?? MAX_ATTEMPTS;
  }

  #read(): SealedRecord | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.#options.storage.getItem(VAULT_STORAGE_KEY) ?? "null");
    } catch {
      return null;
    }
    if (typeof parsed !== "object" || parsed === null) return null;
    const r = parsed as Record<string, unknown>;
    const isText = (key: string): boolean => typeof r[key] === "string";
    const isCount = (key: string): boolean =>
      typeof r[key] === "number" && Number.isInteger(r[key]) && (r[key] as number) >= 0;
    if (r["v"] !== 1 || !isText("salt") || !isText("nonce") || !isText("box")) return null;
    if (!isCount("ops") || !isCount("mem") || !isCount("attemptsLeft")) return null;
    return parsed as SealedRecord;
  }

  #write(record: SealedRecord): void {
    this.#options.storage.setItem(VAULT_STORAGE_KEY, JSON.stringify(record));
  }
}

/** Loads libsodium (its own chunk) and opens the vault API. */
export async function createVault(options: VaultOptions): Promise<Vault> {
  const { default: sodium } = await import("libsodium-wrappers-sumo");
  await sodium.ready;
  return new Vault(sodium, options);
}
