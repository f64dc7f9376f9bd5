import { createPrivateKey } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeVoucher,
  encodeUnpaddedBase64,
  encodeVoucher,
  verifyVoucher,
} from "@helpline/contract/provenance";
import { parseHelplineConfig } from "@helpline/bot/helpline/load";
import type { ConfiguredHelpline } from "@helpline/bot/helplines/definitions";
import { vouchersFileOf } from "@helpline/bot/provenance/voucher-store";
import YAML from "yaml";
import { repoRoot } from "../paths.ts";
import { AdminError } from "./errors.ts";
import { identity, install, list, remove } from "./provenance.ts";
import type { SynapseAdmin } from "./synapse-admin.ts";
import { runAdmin } from "./run.ts";

const masterKey = encodeUnpaddedBase64(new Uint8Array(32).fill(5));
const user = "@camille:example.org";

async function admin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // No --config: create-key and vouch must not need one (they run on an offline machine).
  const code = await runAdmin(args, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { HELPLINE_BOT_CONFIG: "/nonexistent/bot.yaml" },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "provenance-cli-"));
}

async function newKey(dir: string, name = "helpline.key") {
  const file = path.join(dir, name);
  const created = await admin("provenance", "create-key", "--out", file);
  expect(created.code).toBe(0);
  return { file, publicKey: created.out.split("\n").at(-1) ?? "" };
}

async function voucherFor(keyFile: string, helpline = "test-line", key = masterKey) {
  const { code, out, err } = await admin(
    "provenance",
    "vouch",
    ...["--key", keyFile, "--helpline", helpline, "--user", user, "--master-key", key],
  );
  expect(err).toBe("");
  expect(code).toBe(0);
  return out.split("\n")[1] ?? "";
}

/** A committed definition, under the id "test-line", with this provenance key or none. */
function helplineWith(publicKey: string | undefined): ConfiguredHelpline {
  const file = path.join(repoRoot, "config", "helplines", "maintenant-jen-parle.yaml");
  const raw = {
    ...(YAML.parse(readFileSync(file, "utf8")) as object),
    id: "test-line",
    ...(publicKey ? { provenance: { publicKey } } : {}),
  };
  return {
    id: "test-line",
    config: { definition: "/helplines/test-line.yaml", counsellors: [] },
    definition: parseHelplineConfig(raw, "test-line.yaml"),
  };
}

describe("provenance create-key", () => {
  it("should write an owner-only private key and print its public key", async () => {
    const { file, publicKey } = await newKey(tempDir());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The file written at test time, in a temp folder, holds an Ed25519 key node can read back.
    expect(createPrivateKey(readFileSync(file)).asymmetricKeyType).toBe("ed25519");
    expect(publicKey).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it("should never overwrite a file, nor write without --out", async () => {
    const dir = tempDir();
    const file = path.join(dir, "helpline.key");
    writeFileSync(file, "an earlier key");
    const again = await admin("provenance", "create-key", "--out", file);
    expect(again.code).toBe(1);
    expect(again.err).toContain("exists already");
    expect(readFileSync(file, "utf8")).toBe("an earlier key");
    expect((await admin("provenance", "create-key")).code).toBe(2);
  });
});

describe("provenance vouch", () => {
  it("should sign the statement with the key, so the key's public half verifies it", async () => {
    const { file, publicKey } = await newKey(tempDir());
    const voucher = decodeVoucher(await voucherFor(file));
    expect(voucher).toMatchObject({ version: 1, helpline: "test-line", user, masterKey });
    if (voucher === null) throw new Error("no voucher");
    const expected = { helpline: "test-line", user, masterKey };
    expect(await verifyVoucher(crypto.subtle, publicKey, voucher, expected)).toBe(true);
  });

  it("should refuse a malformed statement or a missing key, writing nothing", async () => {
    const dir = tempDir();
    const { file } = await newKey(dir);
    const vouchArgs = (overrides: Record<string, string>) =>
      Object.entries({
        "--key": file,
        "--helpline": "test-line",
        "--user": user,
        "--master-key": masterKey,
        ...overrides,
      }).flat();
    for (const [overrides, code, says] of [
      [{ "--user": "camille" }, 2, "not a Matrix user id"],
      [{ "--master-key": "abc" }, 2, "master key is not 32 bytes"],
      [{ "--helpline": "Not An Id" }, 2, "not a helpline id"],
      [{ "--key": path.join(dir, "missing.key") }, 1, "does not exist"],
    ] as const) {
      const result = await admin("provenance", "vouch", ...vouchArgs(overrides));
      expect(result.code).toBe(code);
      expect(result.err).toContain(says);
      expect(result.out).toBe("");
    }
    writeFileSync(path.join(dir, "not-a-key"), "hello");
    const notAKey = await admin(
      "provenance",
      "vouch",
      ...vouchArgs({ "--key": path.join(dir, "not-a-key") }),
    );
    expect(notAKey.err).toContain("is not a private key");
  });
});

describe("provenance install and list", () => {
  it("should install a voucher the configured key signed, and list it as valid", async () => {
    const dir = tempDir();
    const { file, publicKey } = await newKey(dir);
    const helpline = helplineWith(publicKey);
    const word = await voucherFor(file);
    expect((await install(dir, helpline, word)).added).toBe(true);
    expect((await install(dir, helpline, word)).added).toBe(false);
    const stored = JSON.parse(readFileSync(vouchersFileOf(dir, "test-line"), "utf8")) as unknown;
    expect(stored).toEqual({ vouchers: [word] });
    expect(await list(dir, helpline)).toContain(`${user}  master key ${masterKey}  valid`);
    // The key changed in the config since: the list says so.
    const rotated = helplineWith((await newKey(dir, "other.key")).publicKey);
    expect(await list(dir, rotated)).toContain("NOT valid for the configured key");
    // Removed: no longer served; removing what is not there is refused.
    expect(remove(dir, helpline, user, undefined)).toBe(1);
    expect(await list(dir, helpline)).toContain("No voucher installed");
    expect(() => remove(dir, helpline, user, undefined)).toThrow("has no voucher");
  });

  it("should refuse a voucher of another key, another helpline, or none, changing nothing", async () => {
    const dir = tempDir();
    const { file, publicKey } = await newKey(dir);
    const other = await newKey(dir, "other.key");
    const helpline = helplineWith(publicKey);
    const forged = await voucherFor(other.file);
    const otherHelpline = await voucherFor(file, "sos-viol");
    const forgedVoucher = decodeVoucher(forged);
    if (forgedVoucher === null) throw new Error("no voucher");
    const zeroKey = encodeUnpaddedBase64(new Uint8Array(32));
    const tampered = encodeVoucher({ ...forgedVoucher, masterKey: zeroKey });
    for (const [word, says] of [
      [forged, "is not signed by the helpline"],
      [tampered, "is not signed by the helpline"],
      [otherHelpline, 'for the helpline "sos-viol", not "test-line"'],
      ["hv1.garbage", "this is not a voucher"],
    ] as const) {
      await expect(install(dir, helpline, word)).rejects.toThrow(says);
    }
    await expect(install(dir, helplineWith(undefined), await voucherFor(file))).rejects.toThrow(
      AdminError,
    );
    expect(existsSync(vouchersFileOf(dir, "test-line"))).toBe(false);
    expect(await list(dir, helpline)).toContain("No voucher installed");
  });
});

describe("provenance identity", () => {
  /** Synapse as the CLI sees it: who has an account, and who has a master key. */
  function synapse(accounts: Record<string, string | null>): SynapseAdmin {
    return {
      user: async (userId) => (userId in accounts ? { locked: false, deactivated: false } : null),
      masterKey: async (userId) => accounts[userId] ?? null,
      setLocked: async () => undefined,
      resetPassword: async () => undefined,
    };
  }

  it("should give her current master key", async () => {
    expect(await identity(synapse({ [user]: masterKey }), user)).toBe(masterKey);
  });

  it("should refuse clearly when she has no identity yet, or no account", async () => {
    await expect(identity(synapse({ [user]: null }), user)).rejects.toThrow(
      "she must log in to the console once",
    );
    await expect(identity(synapse({}), user)).rejects.toThrow("has no account");
  });
});
