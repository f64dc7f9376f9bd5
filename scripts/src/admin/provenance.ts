import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  canonicalStatement,
  decodeVoucher,
  encodeUnpaddedBase64,
  encodeVoucher,
  provenanceVersion,
  statementProblem,
  verifyVoucher,
  type Voucher,
} from "@helpline/contract/provenance";
import type { ConfiguredHelpline } from "@helpline/bot/helplines/definitions";
import {
  addVoucher,
  readVouchers,
  removeVouchers,
  vouchersFileOf,
} from "@helpline/bot/provenance/voucher-store";
import { AdminError } from "./errors.ts";
import type { SynapseAdmin } from "./synapse-admin.ts";

// Counsellor provenance, the operator's side (docs/operations.md, "Counsellor provenance"):
//   create-key and vouch run on an offline machine: the helpline's private key never reaches the
//   server, so neither the bot nor Synapse (nor whoever takes them over) can vouch for anyone;
//   identity, install and list run on the server, and only read or relay public things.

export const provenanceUsage = `  provenance create-key --out <file>         a new helpline key (offline): the private key to <file>
                                             (owner-only; never overwritten), the public key printed
  provenance identity <name>                 her cross-signing master key, as Synapse has it now
  provenance vouch --key <file> --helpline <id> --user <@name:server> --master-key <key>
                                             (offline) prints the voucher for that identity
  provenance install <voucher>               checks it against the helpline's public key, then
                                             serves it to youths' pages (nothing changes if bad)
  provenance remove <name> [--master-key <key>]
                                             stop serving her vouchers (or the one for that key)
  provenance list                            the vouchers installed, and whether each checks out`;

const usageError = (message: string) => new AdminError(message, 2);

/** The private key's file: PKCS #8 PEM, the form node:crypto and openssl both read. */
export function createKey(out: string | undefined): string {
  if (out === undefined) {
    throw usageError("say where to write the private key: --out <file>, on an offline medium.");
  }
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ format: "pem", type: "pkcs8" });
  try {
    // "wx": never overwrite. Losing an existing key would orphan every voucher made with it.
    writeFileSync(out, pem, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new AdminError(`${out} exists already: it is never overwritten (a key lost is lost).`);
    }
    throw new AdminError(`cannot write ${out}: ${(error as Error).message}`);
  }
  return publicKeyOf(publicKey);
}

function publicKeyOf(key: KeyObject): string {
  const x = key.export({ format: "jwk" }).x;
  if (x === undefined) throw new Error("an Ed25519 public key without x");
  return encodeUnpaddedBase64(Buffer.from(x, "base64url"));
}

function readPrivateKey(file: string | undefined): KeyObject {
  if (file === undefined) throw usageError("name the helpline's private key: --key <file>.");
  if (!existsSync(file)) throw new AdminError(`${file} does not exist.`);
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch {
    throw new AdminError(`${file} is not a private key (provenance create-key writes one).`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new AdminError(`${file} is not an Ed25519 key (provenance create-key writes one).`);
  }
  return key;
}

/** The voucher, as one word, and the public key it checks against. Offline: no network at all. */
export function vouch(values: {
  key?: string | undefined;
  helpline?: string | undefined;
  user?: string | undefined;
  "master-key"?: string | undefined;
}): { voucher: string; publicKey: string } {
  const { helpline, user } = values;
  const masterKey = values["master-key"];
  if (helpline === undefined || user === undefined || masterKey === undefined) {
    throw usageError("vouch needs --key, --helpline, --user and --master-key.");
  }
  const statement = { helpline, user, masterKey };
  const problem = statementProblem(statement);
  if (problem !== null) throw usageError(`${problem}.`);
  const privateKey = readPrivateKey(values.key);
  const signature = sign(null, canonicalStatement(statement), privateKey);
  const voucher: Voucher = {
    version: provenanceVersion,
    ...statement,
    signature: encodeUnpaddedBase64(signature),
  };
  return { voucher: encodeVoucher(voucher), publicKey: publicKeyOf(createPublicKey(privateKey)) };
}

/** Her current cross-signing master key; refused when she has none (she never logged in). */
export async function identity(synapse: SynapseAdmin, userId: string): Promise<string> {
  const user = await synapse.user(userId);
  if (user === null) throw new AdminError(`${userId} has no account.`);
  const masterKey = await synapse.masterKey(userId);
  if (masterKey === null) {
    throw new AdminError(
      `${userId} has no cross-signing identity yet: she must log in to the console once (it ` +
        `creates it), then run this again.`,
    );
  }
  return masterKey;
}

/** The helpline's configured public key, or a refusal saying where to put one. */
function configuredKey(helpline: ConfiguredHelpline): string {
  const key = helpline.definition.provenance?.publicKey;
  if (key === undefined) {
    throw new AdminError(
      `the helpline "${helpline.id}" has no provenance key: add "provenance: { publicKey: … }" ` +
        `to ${helpline.config.definition} (provenance create-key prints it).`,
    );
  }
  return key;
}

/**
 * Checks a voucher against the helpline's configured key and adds it to what the bot serves.
 * Anything wrong is refused before the file is touched.
 */
export async function install(
  stateDir: string,
  helpline: ConfiguredHelpline,
  word: string | undefined,
): Promise<{ voucher: Voucher; added: boolean }> {
  if (word === undefined) throw usageError("give the voucher that provenance vouch printed.");
  const voucher = decodeVoucher(word.trim());
  if (voucher === null) {
    throw new AdminError("this is not a voucher (provenance vouch prints one: hv1.…).");
  }
  if (voucher.helpline !== helpline.id) {
    throw new AdminError(
      `this voucher is for the helpline "${voucher.helpline}", not "${helpline.id}" (--helpline).`,
    );
  }
  const publicKey = configuredKey(helpline);
  if (!(await verifyVoucher(globalThis.crypto.subtle, publicKey, voucher, voucher))) {
    throw new AdminError(
      `this voucher is not signed by the helpline "${helpline.id}"'s key (${publicKey}): ` +
        `nothing was installed.`,
    );
  }
  const added = addVoucher(vouchersFileOf(stateDir, helpline.id), voucher);
  return { voucher, added };
}

/** Every installed voucher, and whether it checks against the key configured now. */
export async function list(stateDir: string, helpline: ConfiguredHelpline): Promise<string> {
  const vouchers = readVouchers(vouchersFileOf(stateDir, helpline.id));
  const publicKey = helpline.definition.provenance?.publicKey;
  if (vouchers.length === 0) return `No voucher installed for the helpline "${helpline.id}".`;
  const lines = [`Vouchers of the helpline "${helpline.id}":`];
  for (const voucher of vouchers) {
    const valid =
      publicKey !== undefined &&
      (await verifyVoucher(globalThis.crypto.subtle, publicKey, voucher, voucher));
    lines.push(
      `  ${voucher.user}  master key ${voucher.masterKey}  ${valid ? "valid" : "NOT valid for the configured key"}`,
    );
  }
  return lines.join("\n");
}

/** Stops serving an account's vouchers; refused when there was none to remove. */
export function remove(
  stateDir: string,
  helpline: ConfiguredHelpline,
  userId: string,
  masterKey: string | undefined,
): number {
  const removed = removeVouchers(vouchersFileOf(stateDir, helpline.id), userId, masterKey);
  if (removed === 0) {
    throw new AdminError(
      `${userId} has no voucher${masterKey === undefined ? "" : ` for ${masterKey}`} in the helpline "${helpline.id}".`,
    );
  }
  return removed;
}
