import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeVoucher, encodeVoucher, type Voucher } from "@helpline/contract/provenance";
import { helplineDir } from "../helplines/state-dirs.ts";

// The vouchers of a helpline's counsellors (docs/threat-model.md, "Counsellor provenance"): the
// operator signs each one offline with the helpline key and installs it with the admin CLI
// (`provenance install`, which checks it against the helpline's public key first); the bot serves
// them to youths' pages as they are. It only relays them: it holds no key, cannot make one, and
// a voucher it altered or made up fails the page's check. So this file is not a secret, and a
// bad line in it harms nobody: it is dropped when read.

/** Where a helpline's vouchers are kept: `<stateDir>/helplines/<id>/vouchers.json`. */
export function vouchersFileOf(stateDir: string, helplineId: string): string {
  return path.join(helplineDir(stateDir, helplineId), "vouchers.json");
}

/** Every well-formed voucher in the file; none when there is no file yet. */
export function readVouchers(file: string): Voucher[] {
  if (!existsSync(file)) return [];
  let words: unknown;
  try {
    words = (JSON.parse(readFileSync(file, "utf8")) as { vouchers?: unknown }).vouchers;
  } catch {
    return [];
  }
  if (!Array.isArray(words)) return [];
  return words.map(decodeVoucher).filter((v): v is Voucher => v !== null);
}

/** The vouchers of one account, as the words the page decodes and checks itself. */
export function vouchersOf(file: string, userId: string): string[] {
  return readVouchers(file)
    .filter((voucher) => voucher.user === userId)
    .map(encodeVoucher);
}

/**
 * Adds a voucher (already checked by the caller) and returns whether it was new. One voucher per
 * account and master key; a counsellor's earlier keys keep theirs, which only ever match that
 * old identity.
 */
export function addVoucher(file: string, voucher: Voucher): boolean {
  const kept = readVouchers(file);
  const known = kept.some((v) => v.user === voucher.user && v.masterKey === voucher.masterKey);
  const next = known
    ? kept.map((v) => (v.user === voucher.user && v.masterKey === voucher.masterKey ? voucher : v))
    : [...kept, voucher];
  write(file, next);
  return !known;
}

/**
 * Takes out an account's vouchers (only the one for `masterKey` when given) and returns how many:
 * the bot stops relaying them at once. It cannot make a copy kept elsewhere stop verifying: only
 * a new helpline key does that (docs/threat-model.md).
 */
export function removeVouchers(file: string, userId: string, masterKey?: string): number {
  const kept = readVouchers(file);
  const next = kept.filter(
    (v) => !(v.user === userId && (masterKey === undefined || v.masterKey === masterKey)),
  );
  if (next.length !== kept.length) write(file, next);
  return kept.length - next.length;
}

/** Written to a side file and renamed, so a reader never sees half of it. */
function write(file: string, vouchers: readonly Voucher[]): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp`;
  const text = JSON.stringify({ vouchers: vouchers.map(encodeVoucher) }, null, 2) + "\n";
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}
