import {
  EventShieldColour,
  EventShieldReason,
  type EventEncryptionInfo,
} from "matrix-js-sdk/lib/crypto-api/index.js";
import { describe, expect, it, vi } from "vitest";
import { authenticityOf, deviceCheckOf } from "./authenticity.ts";
import { DeviceChecks } from "./deviceChecks.ts";
import { decrypted, inClear } from "./fake/events.ts";

const ME = "@yabc:hs";

const info = (shieldReason: EventShieldReason | null): EventEncryptionInfo => ({
  shieldColour: shieldReason === null ? EventShieldColour.NONE : EventShieldColour.RED,
  shieldReason,
});

describe("deviceCheckOf", () => {
  it("should vouch for a device signed by its owner's cross-signing, verified by us or not", () => {
    expect(deviceCheckOf(info(null))).toBe("vouched");
    expect(deviceCheckOf(info(EventShieldReason.UNVERIFIED_IDENTITY))).toBe("vouched");
  });

  it("should vouch for a key from our own backup or the inviter's history bundle", () => {
    expect(deviceCheckOf(info(EventShieldReason.AUTHENTICITY_NOT_GUARANTEED))).toBe("vouched");
  });

  it("should not vouch for an unsigned, unknown or mismatched device, nor for what it cannot name", () => {
    for (const reason of [
      EventShieldReason.UNSIGNED_DEVICE,
      EventShieldReason.UNKNOWN_DEVICE,
      EventShieldReason.MISMATCHED_SENDER,
      EventShieldReason.VERIFICATION_VIOLATION,
      EventShieldReason.UNKNOWN,
    ]) {
      expect([reason, deviceCheckOf(info(reason))]).toEqual([reason, "not_vouched"]);
    }
    expect(deviceCheckOf(null)).toBe("not_vouched");
  });
});

describe("authenticityOf", () => {
  it("should call a message sent in clear unprotected, whoever claims to have sent it", () => {
    const forged = inClear("m.room.message", { msgtype: "m.text", body: "Viens seul" });
    expect(authenticityOf(forged, "vouched")).toBe("unprotected");
    expect(authenticityOf(inClear("m.room.message", { body: "x" }, ME), undefined)).toBe(
      "unprotected",
    );
  });

  it("should trust this client's own local echo, before and after it is encrypted", () => {
    const mine = inClear("m.room.message", { msgtype: "m.text", body: "Salut" }, ME);
    mine.setTxnId("t1");
    expect(authenticityOf(mine, undefined)).toBe("authentic");
  });

  it("should follow the device check for a decrypted message", async () => {
    const event = await decrypted({ msgtype: "m.text", body: "Bonsoir" });
    expect(authenticityOf(event, undefined)).toBe("checking");
    expect(authenticityOf(event, "vouched")).toBe("authentic");
    expect(authenticityOf(event, "not_vouched")).toBe("unverified_device");
  });
});

describe("DeviceChecks", () => {
  it("should ask once per decrypted event, tell when the answer comes, and ask again on recheck", async () => {
    const event = await decrypted({ msgtype: "m.text", body: "Bonsoir" });
    let reason: EventShieldReason | null = EventShieldReason.UNKNOWN_DEVICE;
    const source = { getEncryptionInfoForEvent: vi.fn(async () => info(reason)) };
    const changed = vi.fn();
    const checks = new DeviceChecks(() => source, changed);

    expect(checks.of(event)).toBeUndefined();
    expect(checks.of(event)).toBeUndefined();
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1));
    expect(checks.of(event)).toBe("not_vouched");
    expect(source.getEncryptionInfoForEvent).toHaveBeenCalledTimes(1);

    // The device list arrives: the counsellor's device is known and signed after all.
    reason = null;
    checks.recheck();
    expect(checks.of(event)).toBe("not_vouched"); // the old answer stands until the new one
    await vi.waitFor(() => expect(checks.of(event)).toBe("vouched"));
    expect(source.getEncryptionInfoForEvent).toHaveBeenCalledTimes(2);
  });

  it("should not ask about an event that is not decrypted yet", () => {
    const source = { getEncryptionInfoForEvent: vi.fn(async () => info(null)) };
    const checks = new DeviceChecks(
      () => source,
      () => undefined,
    );
    const waiting = inClear("m.room.encrypted", { algorithm: "m.megolm.v1.aes-sha2" });
    expect(checks.of(waiting)).toBeUndefined();
    expect(source.getEncryptionInfoForEvent).not.toHaveBeenCalled();
  });
});
