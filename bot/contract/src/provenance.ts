// Counsellor provenance (issue 18): a helpline key, created and kept offline by the operator,
// vouches that a Matrix account's cross-signing identity (its master key) is one of the
// helpline's counsellors. The youth's page checks the voucher against the public key it got from
// the web server that serves its own code, never from the bot: the bot only relays vouchers, and
// cannot make one (docs/threat-model.md, "Counsellor provenance").
//
// Pure and dependency-free: the admin CLI signs and checks with it (Node), the page checks with
// WebCrypto. Its own entry ("@helpline/contract/provenance"): only the lazily loaded chat needs it.

/** The statement's version: a voucher of another version is not understood, so not trusted. */
export const provenanceVersion = 1;

/** What a voucher says: "`user`, whose cross-signing master key is `masterKey`, counsels for `helpline`". */
export interface VoucherStatement {
  readonly helpline: string;
  readonly user: string;
  /** The account's cross-signing master public key, unpadded base64 (as Matrix writes it). */
  readonly masterKey: string;
}

/** A statement and the helpline key's Ed25519 signature over its canonical form. */
export interface Voucher extends VoucherStatement {
  readonly version: typeof provenanceVersion;
  /** Unpadded base64 of the 64-byte Ed25519 signature. */
  readonly signature: string;
}

/** What the web server serves at the page's `provenance.json` (scripts/src/web/provenance.ts). */
export interface PageProvenance {
  /** The helpline this page is: the vouchers it accepts must name it. */
  readonly helpline: string;
  /** The helpline's name, as its definition has it, for the mark next to its counsellors. */
  readonly name: Readonly<Partial<Record<"fr" | "nl" | "en", string>>>;
  /** The helpline's Ed25519 public key, unpadded base64 of its 32 bytes. */
  readonly publicKey: string;
}

const base64Alphabet = /^[A-Za-z0-9+/]*$/;

/** Unpadded standard base64 (Matrix's form), decoded; null when it is not that. */
export function decodeUnpaddedBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!base64Alphabet.test(text) || text.length % 4 === 1) return null;
  const padded = text + "=".repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // Only the one canonical spelling of these bytes (no stray low bits in the last character).
  return encodeUnpaddedBase64(bytes) === text ? bytes : null;
}

export function encodeUnpaddedBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "");
}

/** An Ed25519 public key (or a Matrix master key): exactly 32 bytes in unpadded base64. */
export function isEd25519PublicKey(text: unknown): text is string {
  return typeof text === "string" && decodeUnpaddedBase64(text)?.length === 32;
}

const matrixUserId = /^@[^:\s]+:[^\s]+$/;
const helplineId = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why a statement cannot be signed or trusted, in words; null when it is well-formed. */
export function statementProblem(statement: VoucherStatement): string | null {
  if (!helplineId.test(statement.helpline)) return `"${statement.helpline}" is not a helpline id`;
  if (!matrixUserId.test(statement.user)) {
    return `"${statement.user}" is not a Matrix user id (@name:server)`;
  }
  if (!isEd25519PublicKey(statement.masterKey)) {
    return "the master key is not 32 bytes in unpadded base64";
  }
  return null;
}

/**
 * The exact bytes that are signed: a JSON object with its keys in this fixed order and no
 * whitespace. The version and the helpline are in it, so a voucher of one helpline (or of a later
 * format) never passes for another.
 */
export function canonicalStatement(statement: VoucherStatement): Uint8Array<ArrayBuffer> {
  const text = JSON.stringify({
    version: provenanceVersion,
    helpline: statement.helpline,
    user: statement.user,
    master_key: statement.masterKey,
  });
  return new TextEncoder().encode(text);
}

/**
 * A voucher as one shell-safe word, for the operator to carry from the offline machine to the
 * server: `hv1.` and the unpadded base64url of its JSON.
 */
export function encodeVoucher(voucher: Voucher): string {
  const json = JSON.stringify({
    version: voucher.version,
    helpline: voucher.helpline,
    user: voucher.user,
    master_key: voucher.masterKey,
    signature: voucher.signature,
  });
  const base64 = encodeUnpaddedBase64(new TextEncoder().encode(json));
  return `hv1.${base64.replaceAll("+", "-").replaceAll("/", "_")}`;
}

/** The voucher a word carries, or null when it is not a well-formed one (never trusted yet). */
export function decodeVoucher(word: unknown): Voucher | null {
  if (typeof word !== "string" || !word.startsWith("hv1.") || word.length > 2048) return null;
  const bytes = decodeUnpaddedBase64(word.slice(4).replaceAll("-", "+").replaceAll("_", "/"));
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const { version, helpline, user, master_key: masterKey, signature } = v;
  if (Object.keys(v).length !== 5 || version !== provenanceVersion) return null;
  if (typeof helpline !== "string" || typeof user !== "string") return null;
  if (typeof masterKey !== "string" || typeof signature !== "string") return null;
  const voucher: Voucher = { version, helpline, user, masterKey, signature };
  if (statementProblem(voucher) !== null) return null;
  if (decodeUnpaddedBase64(signature)?.length !== 64) return null;
  return voucher;
}

/** The page's provenance.json, or null when it is absent or not well-formed (then no mark). */
export function readPageProvenance(value: unknown): PageProvenance | null {
  if (typeof value !== "object" || value === null) return null;
  const { helpline, name, publicKey } = value as Record<string, unknown>;
  if (typeof helpline !== "string" || !helplineId.test(helpline)) return null;
  if (!isEd25519PublicKey(publicKey)) return null;
  if (typeof name !== "object" || name === null) return null;
  const names: Partial<Record<"fr" | "nl" | "en", string>> = {};
  for (const lang of ["fr", "nl", "en"] as const) {
    const text = (name as Record<string, unknown>)[lang];
    if (typeof text === "string" && text !== "") names[lang] = text;
  }
  return { helpline, name: names, publicKey };
}

/**
 * The parts of WebCrypto this needs: the browser's `crypto.subtle`, or Node's. Declared here so
 * the contract needs neither the DOM's types nor Node's.
 */
export interface Ed25519Verifier {
  importKey(
    format: "raw",
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: "Ed25519" },
    extractable: boolean,
    keyUsages: ["verify"],
  ): Promise<unknown>;
  verify(
    algorithm: { name: "Ed25519" },
    key: never,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}

/**
 * Whether `voucher` is the helpline key's signature that `expected.user`, with the master key
 * `expected.masterKey`, counsels for `expected.helpline`. Any difference, a malformed key or
 * signature, or an error of the crypto layer is a no.
 */
export async function verifyVoucher(
  subtle: Ed25519Verifier,
  publicKey: string,
  voucher: Voucher,
  expected: VoucherStatement,
): Promise<boolean> {
  if (
    voucher.version !== provenanceVersion ||
    voucher.helpline !== expected.helpline ||
    voucher.user !== expected.user ||
    voucher.masterKey !== expected.masterKey
  ) {
    return false;
  }
  const rawKey = decodeUnpaddedBase64(publicKey);
  const signature = decodeUnpaddedBase64(voucher.signature);
  if (rawKey?.length !== 32 || signature?.length !== 64) return false;
  try {
    const key = await subtle.importKey("raw", rawKey, { name: "Ed25519" }, false, ["verify"]);
    // The key the same object just made: `never` only keeps the DOM's CryptoKey type out.
    return await subtle.verify(
      { name: "Ed25519" },
      key as never,
      signature,
      canonicalStatement(expected),
    );
  } catch {
    return false;
  }
}
