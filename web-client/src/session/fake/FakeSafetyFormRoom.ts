import type { ToDeviceBatch } from "matrix-js-sdk/lib/models/ToDeviceMessage.js";
import type { SafetyFormEntry, SafetyFormRoom } from "../matrix/safetyForm.ts";

/**
 * A youth's conversation as the safety form sees it, for unit tests: entries, members and
 * devices are set by the test; whatever leaves is recorded in `sent`.
 */
export class FakeSafetyFormRoom implements SafetyFormRoom {
  readonly me = "@youth:localhost";
  readonly roomId = "!conv:localhost";
  list: SafetyFormEntry[] = [];
  counsellors = new Set<string>(["@alice:localhost", "@bob:localhost"]);
  /** Members the status lists as observing or taking over, or not known as her counsellor. */
  notHers = new Set<string>();
  devices = new Map<string, string[]>([
    ["@alice:localhost", ["ALICE1", "ALICE2"]],
    ["@bob:localhost", ["BOB1"]],
  ]);
  /** What left: declines (room events) and to-device batches. */
  readonly sent: ({ declined: Record<string, unknown> } | { toDevice: ToDeviceBatch })[] = [];
  /** What was encrypted, in clear, and for whom (the test's view of the ciphertext). */
  readonly encrypted: { devices: { userId: string; deviceId: string }[]; payload: unknown }[] = [];
  readonly #listeners = new Set<() => void>();

  entries(): readonly SafetyFormEntry[] {
    return this.list;
  }

  isJoinedCounsellor(userId: string): boolean {
    return this.counsellors.has(userId);
  }

  isHerCounsellor(userId: string): boolean {
    return this.counsellors.has(userId) && !this.notHers.has(userId);
  }

  sendDeclined(content: Record<string, unknown>): Promise<void> {
    this.sent.push({ declined: content });
    this.list = [
      ...this.list,
      { kind: "declined", requestId: String(content["request_id"]), sender: this.me },
    ];
    return Promise.resolve();
  }

  signedDevicesOf(userId: string): Promise<readonly string[]> {
    return Promise.resolve(this.devices.get(userId) ?? []);
  }

  encryptToDevice(
    devices: readonly { userId: string; deviceId: string }[],
    payload: Record<string, unknown>,
  ): Promise<ToDeviceBatch> {
    this.encrypted.push({ devices: [...devices], payload });
    return Promise.resolve({
      eventType: "m.room.encrypted",
      batch: devices.map(({ userId, deviceId }) => ({
        userId,
        deviceId,
        payload: { algorithm: "m.olm.v1.curve25519-aes-sha2", ciphertext: {} },
      })),
    });
  }

  queueToDevice(batch: ToDeviceBatch): Promise<void> {
    this.sent.push({ toDevice: batch });
    return Promise.resolve();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** A request arrives in the timeline. */
  requestFrom(sender: string, requestId: string, authentic = true): void {
    this.list = [...this.list, { kind: "request", requestId, sender, authentic }];
    this.changed();
  }

  changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
