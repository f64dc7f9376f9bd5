import {
  readSafetyFormDeclined,
  readSafetyFormRequest,
  safetyFormAnswerContent,
  safetyFormDeclinedContent,
  safetyFormDeclinedType,
  safetyFormRequestType,
  type SafetyFormAnswers,
} from "@helpline/contract";
import type { ToDeviceBatch } from "matrix-js-sdk/lib/models/ToDeviceMessage.js";
import type { PendingSafetyForm, SafetyFormPort } from "../safetyForm.ts";
import type { YouthStatus } from "../types.ts";

/** A request or a refusal read from the conversation's timeline. */
export type SafetyFormEntry =
  | {
      readonly kind: "request";
      readonly requestId: string;
      readonly sender: string;
      /** Encrypted, and from a device its owner's cross-signing vouches for (authenticity.ts). */
      readonly authentic: boolean;
    }
  | { readonly kind: "declined"; readonly requestId: string; readonly sender: string };

/** What the youth's safety form needs of her conversation; safetyFormRoom.ts is the real one. */
export interface SafetyFormRoom {
  readonly me: string;
  readonly roomId: string;
  /** Requests and refusals, oldest first. */
  entries(): readonly SafetyFormEntry[];
  /** Joined now, and given a counsellor's power in the room by the bot (never the bot itself). */
  isJoinedCounsellor(userId: string): boolean;
  /**
   * The member the page knows as her counsellor (teamWatch.ts), and not one the permanence's
   * status lists as observing or taking over: the bot gives every counsellor of the team the same
   * power in the room, observers included, so power alone would let an observer ask.
   */
  isHerCounsellor(userId: string): boolean;
  /**
   * An encrypted room event, sent only after the page told her of anyone new who would receive
   * it (the same check as her messages); rejects (sending nothing) if the room is not end-to-end
   * encrypted.
   */
  sendDeclined(content: Record<string, unknown>): Promise<void>;
  /** The user's devices that her own cross-signing identity signed. */
  signedDevicesOf(userId: string): Promise<readonly string[]>;
  /** Olm-encrypts one payload for each of these devices. */
  encryptToDevice(
    devices: readonly { userId: string; deviceId: string }[],
    payload: Record<string, unknown>,
  ): Promise<ToDeviceBatch>;
  /** Sends the encrypted batch (the SDK retries it by itself). */
  queueToDevice(batch: ToDeviceBatch): Promise<void>;
  onChange(listener: () => void): () => void;
}

/**
 * The youth's side of the safety form, over Matrix. A request counts only if it is authentic
 * (encrypted, from a cross-signed device) and its sender is her counsellor, joined in the
 * conversation, never an observer or the colleague taking over; the answers go to that counsellor's cross-signed devices alone, Olm-encrypted
 * to-device, never into the room where a supervisor or an observer would receive them. What she
 * answered or declined is remembered in memory only, for as long as the page lives.
 */
export class YouthSafetyForm implements SafetyFormPort {
  #room: SafetyFormRoom | null = null;
  #stopWatching: (() => void) | null = null;
  readonly #listeners = new Set<() => void>();
  /** Answered or declined on this page: not asked again. */
  readonly #done = new Set<string>();

  /** The conversation is joined (or, with null, over): requests are read from it from now on. */
  connect(room: SafetyFormRoom | null): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#room = room;
    if (room !== null) this.#stopWatching = room.onChange(() => this.#notify());
    this.#notify();
  }

  pending(): PendingSafetyForm | null {
    const found = this.#pendingRequest();
    return found === null ? null : { requestId: found.requestId };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async decline(requestId: string): Promise<void> {
    const room = this.#room;
    const request = this.#pendingRequest();
    if (room === null || request?.requestId !== requestId) throw new Error("no such request");
    await room.sendDeclined(safetyFormDeclinedContent({ requestId }));
    this.#done.add(requestId);
    this.#notify();
  }

  async answer(requestId: string, answers: SafetyFormAnswers): Promise<void> {
    const room = this.#room;
    const request = this.#pendingRequest();
    if (room === null || request?.requestId !== requestId) throw new Error("no such request");
    const counsellor = request.requester;
    const devices = await room.signedDevicesOf(counsellor);
    if (devices.length === 0) throw new Error("the counsellor has no cross-signed device");
    // She may have left while the devices were fetched: then nobody gets it.
    if (!room.isJoinedCounsellor(counsellor) || !room.isHerCounsellor(counsellor)) {
      throw new Error("the counsellor left");
    }
    const batch = await room.encryptToDevice(
      devices.map((deviceId) => ({ userId: counsellor, deviceId })),
      safetyFormAnswerContent({ requestId, roomId: room.roomId, ...answers }),
    );
    // Last check before anything leaves: only Olm ciphertext, only for the requester.
    if (
      batch.eventType !== "m.room.encrypted" ||
      batch.batch.length === 0 ||
      batch.batch.some((m) => m.userId !== counsellor || !isOlm(m.payload))
    ) {
      throw new Error("the answer was not encrypted for the counsellor alone");
    }
    await room.queueToDevice(batch);
    this.#done.add(requestId);
    this.#notify();
  }

  #pendingRequest(): { requestId: string; requester: string } | null {
    const room = this.#room;
    if (room === null) return null;
    const entries = room.entries();
    const request = entries.findLast(
      (e) =>
        e.kind === "request" &&
        e.authentic &&
        e.sender !== room.me &&
        room.isJoinedCounsellor(e.sender) &&
        room.isHerCounsellor(e.sender),
    );
    if (request === undefined || this.#done.has(request.requestId)) return null;
    const declined = entries.some(
      (e) => e.kind === "declined" && e.sender === room.me && e.requestId === request.requestId,
    );
    return declined ? null : { requestId: request.requestId, requester: request.sender };
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function isOlm(payload: Record<string, unknown>): boolean {
  const algorithm = payload["algorithm"];
  return typeof algorithm === "string" && algorithm.startsWith("m.olm.") && "ciphertext" in payload;
}

/**
 * Whether this member may ask for the form (helper of the real room): one the page counts as her
 * counsellor (TeamWatch), and not one the permanence's status lists as observing or taking over.
 */
export function isHerCounsellor(
  userId: string,
  status: YouthStatus | null,
  counsellors: readonly string[],
): boolean {
  if (status?.state === "counsellor_present") {
    if ((status.observers ?? []).includes(userId) || status.takingOver === userId) return false;
  }
  return counsellors.includes(userId);
}

/** Reads one timeline event as a safety-form entry, or null (helper of the real room). */
export function safetyFormEntryOf(
  type: string,
  content: unknown,
  sender: string,
  authentic: boolean,
): SafetyFormEntry | null {
  if (type === safetyFormRequestType) {
    const request = readSafetyFormRequest(content);
    return request === null
      ? null
      : { kind: "request", requestId: request.requestId, sender, authentic };
  }
  if (type === safetyFormDeclinedType) {
    const declined = readSafetyFormDeclined(content);
    return declined === null ? null : { kind: "declined", requestId: declined.requestId, sender };
  }
  return null;
}
