import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalStatement,
  decodeUnpaddedBase64,
  decodeVoucher,
  encodeUnpaddedBase64,
  encodeVoucher,
  isEd25519PublicKey,
  readPageProvenance,
  verifyVoucher,
  type Voucher,
  type VoucherStatement,
} from "./provenance.ts";

const subtle = globalThis.crypto.subtle;

function keyPair(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  return { publicKey: encodeUnpaddedBase64(raw), privateKey };
}

const masterKey = encodeUnpaddedBase64(new Uint8Array(32).fill(7));
const statement: VoucherStatement = {
  helpline: "maintenant-jen-parle",
  user: "@camille:example.org",
  masterKey,
};

function vouch(privateKey: KeyObject, what: VoucherStatement = statement): Voucher {
  const signature = sign(null, canonicalStatement(what), privateKey);
  return { version: 1, ...what, signature: encodeUnpaddedBase64(signature) };
}

describe("canonicalStatement", () => {
  it("should be the JSON of version, helpline, user and master key, in that order", () => {
    expect(new TextDecoder().decode(canonicalStatement(statement))).toBe(
      `{"version":1,"helpline":"maintenant-jen-parle","user":"@camille:example.org","master_key":"${masterKey}"}`,
    );
  });
});

describe("verifyVoucher", () => {
  const { publicKey, privateKey } = keyPair();
  const voucher = vouch(privateKey);

  it("should accept the helpline key's signature of exactly this statement", async () => {
    expect(await verifyVoucher(subtle, publicKey, voucher, statement)).toBe(true);
  });

  it("should refuse it when any field of the statement differs", async () => {
    const otherKey = encodeUnpaddedBase64(new Uint8Array(32).fill(8));
    for (const expected of [
      { ...statement, helpline: "sos-viol" },
      { ...statement, user: "@mallory:example.org" },
      { ...statement, masterKey: otherKey },
    ]) {
      expect(await verifyVoucher(subtle, publicKey, voucher, expected)).toBe(false);
      // Nor when the voucher itself is changed to say it: the signature no longer matches.
      const edited = { ...voucher, ...expected };
      expect(await verifyVoucher(subtle, publicKey, edited, expected)).toBe(false);
    }
  });

  it("should refuse a voucher signed by another key", async () => {
    const other = keyPair();
    expect(await verifyVoucher(subtle, other.publicKey, voucher, statement)).toBe(false);
    expect(await verifyVoucher(subtle, publicKey, vouch(other.privateKey), statement)).toBe(false);
  });

  it("should refuse a changed signature or a malformed key without throwing", async () => {
    const bytes = decodeUnpaddedBase64(voucher.signature) ?? new Uint8Array();
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    const flipped = { ...voucher, signature: encodeUnpaddedBase64(bytes) };
    expect(await verifyVoucher(subtle, publicKey, flipped, statement)).toBe(false);
    expect(await verifyVoucher(subtle, "not a key", voucher, statement)).toBe(false);
    expect(await verifyVoucher(subtle, publicKey, { ...voucher, signature: "" }, statement)).toBe(
      false,
    );
  });
});

describe("encodeVoucher / decodeVoucher", () => {
  const { privateKey } = keyPair();
  const voucher = vouch(privateKey);

  it("should carry a voucher as one shell-safe word and back", () => {
    const word = encodeVoucher(voucher);
    expect(word).toMatch(/^hv1\.[A-Za-z0-9_-]+$/);
    expect(decodeVoucher(word)).toEqual(voucher);
  });

  it("should refuse anything that is not a well-formed voucher", () => {
    const json = (value: unknown) =>
      `hv1.${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
    const fields = {
      version: 1,
      helpline: voucher.helpline,
      user: voucher.user,
      master_key: voucher.masterKey,
      signature: voucher.signature,
    };
    expect(decodeVoucher(json(fields))).toEqual(voucher);
    for (const bad of [
      undefined,
      "",
      "hv1.",
      "hv2.abc",
      encodeVoucher(voucher).slice(0, -3),
      json({ ...fields, version: 2 }),
      json({ ...fields, extra: 1 }),
      json({ ...fields, user: "camille" }),
      json({ ...fields, master_key: "short" }),
      json({ ...fields, signature: fields.master_key }),
      json([fields]),
    ]) {
      expect(decodeVoucher(bad)).toBeNull();
    }
  });
});

describe("isEd25519PublicKey", () => {
  it("should want exactly 32 bytes in canonical unpadded base64", () => {
    const key = encodeUnpaddedBase64(new Uint8Array(32).fill(1));
    expect(isEd25519PublicKey(key)).toBe(true);
    expect(isEd25519PublicKey(`${key}=`)).toBe(false);
    expect(isEd25519PublicKey(key.slice(0, -1))).toBe(false);
    expect(isEd25519PublicKey(encodeUnpaddedBase64(new Uint8Array(33)))).toBe(false);
    expect(isEd25519PublicKey(`${key.slice(0, -1)}-`)).toBe(false);
  });
});

describe("readPageProvenance", () => {
  const publicKey = encodeUnpaddedBase64(new Uint8Array(32).fill(3));
  it("should read the web server's provenance.json", () => {
    expect(
      readPageProvenance({ helpline: "sos-viol", name: { fr: "SOS Viol", de: "x" }, publicKey }),
    ).toEqual({ helpline: "sos-viol", name: { fr: "SOS Viol" }, publicKey });
  });

  it("should give nothing for a file that is not one", () => {
    for (const bad of [
      null,
      "text",
      { helpline: "sos-viol", name: {}, publicKey: "short" },
      { helpline: "Bad Id", name: {}, publicKey },
      { helpline: "sos-viol", publicKey },
    ]) {
      expect(readPageProvenance(bad)).toBeNull();
    }
  });
});
