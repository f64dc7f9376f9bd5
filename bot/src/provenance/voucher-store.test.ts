import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeUnpaddedBase64, encodeVoucher, type Voucher } from "@helpline/contract/provenance";
import {
  addVoucher,
  readVouchers,
  removeVouchers,
  vouchersFileOf,
  vouchersOf,
} from "./voucher-store.ts";

const key = (fill: number) => encodeUnpaddedBase64(new Uint8Array(32).fill(fill));
const voucher = (user: string, masterKey: string, sig = 1): Voucher => ({
  version: 1,
  helpline: "sos-viol",
  user,
  masterKey,
  signature: encodeUnpaddedBase64(new Uint8Array(64).fill(sig)),
});

describe("the voucher store", () => {
  const file = () => vouchersFileOf(mkdtempSync(path.join(os.tmpdir(), "vouchers-")), "sos-viol");

  it("should keep one voucher per account and master key, and give an account's own", () => {
    const at = file();
    expect(readVouchers(at)).toEqual([]);
    expect(addVoucher(at, voucher("@camille:x", key(1)))).toBe(true);
    expect(addVoucher(at, voucher("@camille:x", key(2)))).toBe(true);
    expect(addVoucher(at, voucher("@alex:x", key(3)))).toBe(true);
    // The same identity vouched again replaces its voucher.
    expect(addVoucher(at, voucher("@camille:x", key(1), 9))).toBe(false);
    expect(vouchersOf(at, "@camille:x")).toEqual([
      encodeVoucher(voucher("@camille:x", key(1), 9)),
      encodeVoucher(voucher("@camille:x", key(2))),
    ]);
    expect(vouchersOf(at, "@nobody:x")).toEqual([]);
    expect(statSync(at).mode & 0o777).toBe(0o600);
  });

  it("should take out one identity's voucher, or all of an account's", () => {
    const at = file();
    addVoucher(at, voucher("@camille:x", key(1)));
    addVoucher(at, voucher("@camille:x", key(2)));
    addVoucher(at, voucher("@alex:x", key(3)));
    expect(removeVouchers(at, "@camille:x", key(1))).toBe(1);
    expect(vouchersOf(at, "@camille:x")).toEqual([encodeVoucher(voucher("@camille:x", key(2)))]);
    expect(removeVouchers(at, "@camille:x")).toBe(1);
    expect(removeVouchers(at, "@nobody:x")).toBe(0);
    expect(readVouchers(at).map((v) => v.user)).toEqual(["@alex:x"]);
  });

  it("should drop what is not a voucher rather than fail", () => {
    const at = file();
    addVoucher(at, voucher("@camille:x", key(1)));
    const words = (JSON.parse(readFileSync(at, "utf8")) as { vouchers: string[] }).vouchers;
    writeFileSync(at, JSON.stringify({ vouchers: ["junk", ...words, 3] }));
    expect(readVouchers(at)).toEqual([voucher("@camille:x", key(1))]);
    writeFileSync(at, "{ not json");
    expect(readVouchers(at)).toEqual([]);
  });
});
