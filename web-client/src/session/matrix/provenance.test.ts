import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalStatement,
  encodeUnpaddedBase64,
  encodeVoucher,
  type PageProvenance,
} from "@helpline/contract/provenance";
import { ProvenanceChecks, provenanceUrlOf, type ProvenanceSources } from "./provenance.ts";

const camille = "@camille:hs";
const intruder = "@intruder:hs";
const keyOf = (fill: number) => encodeUnpaddedBase64(new Uint8Array(32).fill(fill));

function helplineKey(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x ?? "";
  return { publicKey: encodeUnpaddedBase64(Buffer.from(x, "base64url")), privateKey };
}

function voucher(privateKey: KeyObject, user: string, masterKey: string, helpline = "line") {
  const statement = { helpline, user, masterKey };
  const signature = sign(null, canonicalStatement(statement), privateKey);
  return encodeVoucher({ version: 1, ...statement, signature: encodeUnpaddedBase64(signature) });
}

/** A page, a bot and a crypto layer that answer from tables the test changes. */
function world(page: PageProvenance | null) {
  const masterKeys = new Map<string, string | null>();
  const vouchers = new Map<string, string[]>();
  /** Events (named by their ids here) whose device the sender's identity does not sign. */
  const unsignedDevices = new Set<string>();
  /** Called during a device check: lets a test change an identity at that very moment. */
  let duringDeviceCheck = () => {};
  let botFails = false;
  let botAsked = 0;
  const sources: ProvenanceSources<string> = {
    page: async () => page,
    vouchers: async (userId) => {
      botAsked += 1;
      if (botFails) throw new Error("bot down");
      return vouchers.get(userId) ?? [];
    },
    masterKey: async (userId) => masterKeys.get(userId) ?? null,
    deviceVouched: async (event) => {
      duringDeviceCheck();
      return !unsignedDevices.has(event);
    },
    subtle: crypto.subtle,
  };
  let changes = 0;
  const checks = new ProvenanceChecks(sources, () => (changes += 1));
  return {
    checks,
    masterKeys,
    unsignedDevices,
    onDeviceCheck: (during: () => void) => (duringDeviceCheck = during),
    vouchers,
    failBot: (fails: boolean) => (botFails = fails),
    botAsked: () => botAsked,
    changes: () => changes,
  };
}

// Node's WebCrypto verifies on its thread pool: on a loaded machine (CI runs the suites side by
// side) twenty bare ticks were not always enough for it to answer. Ten milliseconds each are.
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** As the page does on each change: asks about a message, and reads the answer once settled. */
async function answerFor(checks: ProvenanceChecks<string>, userId: string, event = userId) {
  await settle();
  checks.of(event, userId, event);
  await settle();
  return checks.of(event, userId, event);
}

describe("ProvenanceChecks", () => {
  const { publicKey, privateKey } = helplineKey();
  const page = { helpline: "line", name: { fr: "La ligne" }, publicKey };

  it("should say 'helpline' for the identity the helpline key vouched for, and 'not_helpline' for anyone else", async () => {
    const w = world(page);
    w.masterKeys.set(camille, keyOf(1));
    w.masterKeys.set(intruder, keyOf(2));
    w.vouchers.set(camille, [voucher(privateKey, camille, keyOf(1))]);
    // The bot relays, for the intruder, camille's voucher and one it signed with its own key.
    const botKey = helplineKey();
    w.vouchers.set(intruder, [
      voucher(privateKey, camille, keyOf(1)),
      voucher(botKey.privateKey, intruder, keyOf(2)),
    ]);
    expect(w.checks.of("m1", camille, "m1")).toBe("checking");
    w.checks.start();
    expect(await answerFor(w.checks, camille)).toBe("helpline");
    expect(await answerFor(w.checks, intruder)).toBe("not_helpline");
    expect(w.checks.markOf("helpline")).toEqual({ kind: "helpline", helplineName: page.name });
    expect(w.checks.markOf("checking")).toBeUndefined();
  });

  it("should refuse a voucher for her earlier identity once her master key changed", async () => {
    const w = world(page);
    w.masterKeys.set(camille, keyOf(1));
    w.vouchers.set(camille, [voucher(privateKey, camille, keyOf(1))]);
    w.checks.start();
    expect(await answerFor(w.checks, camille)).toBe("helpline");
    // Someone with her password (or Synapse) replaced her identity: the voucher is for the old one.
    w.masterKeys.set(camille, keyOf(9));
    w.checks.recheck();
    expect(await answerFor(w.checks, camille)).toBe("not_helpline");
    // Rechecks come with every change of device lists: the bot was asked once all along.
    expect(w.botAsked()).toBe(1);
  });

  it("should refuse a voucher of another helpline of the same deployment", async () => {
    const w = world(page);
    w.masterKeys.set(camille, keyOf(1));
    w.vouchers.set(camille, [voucher(privateKey, camille, keyOf(1), "other-line")]);
    w.checks.start();
    expect(await answerFor(w.checks, camille)).toBe("not_helpline");
  });

  it("should mark nothing when the page has no key, or while the bot does not answer", async () => {
    const none = world(null);
    none.checks.start();
    expect(await answerFor(none.checks, camille)).toBe("unknown");
    expect(none.checks.markOf("unknown")).toBeUndefined();

    const w = world(page);
    w.masterKeys.set(camille, keyOf(1));
    w.vouchers.set(camille, [voucher(privateKey, camille, keyOf(1))]);
    w.failBot(true);
    w.checks.start();
    expect(await answerFor(w.checks, camille)).toBe("unknown");
    w.failBot(false);
    w.checks.recheck();
    expect(await answerFor(w.checks, camille)).toBe("helpline");
  });
});

describe("ProvenanceChecks, one moment's view", () => {
  const { publicKey, privateKey } = helplineKey();
  const page = { helpline: "line", name: { fr: "La ligne" }, publicKey };

  it("should refuse a message from a device her vouched identity does not sign", async () => {
    const w = world(page);
    w.masterKeys.set(camille, keyOf(1));
    w.vouchers.set(camille, [voucher(privateKey, camille, keyOf(1))]);
    w.unsignedDevices.add("from an intruder's device");
    w.checks.start();
    expect(await answerFor(w.checks, camille, "hers")).toBe("helpline");
    expect(await answerFor(w.checks, camille, "from an intruder's device")).toBe("not_helpline");
  });

  it("should not mark a message while her identity changes under the check", async () => {
    const w = world(page);
    w.masterKeys.set(camille, keyOf(2));
    w.vouchers.set(camille, [voucher(privateKey, camille, keyOf(1))]);
    // The homeserver served an intruder's identity (2), whose device signed the message, and
    // swaps the vouched one (1) back while the device is being checked.
    w.onDeviceCheck(() => w.masterKeys.set(camille, keyOf(1)));
    w.checks.start();
    expect(await answerFor(w.checks, camille, "sent as the intruder")).toBe("checking");
  });
});

describe("provenanceUrlOf", () => {
  it("should ask the web server beside the page, as its API base says which helpline", () => {
    expect(provenanceUrlOf("/api")).toBe("/provenance.json");
    expect(provenanceUrlOf("/api/h/sos-viol")).toBe("/sos-viol/provenance.json");
  });
});
