import { safetyFormAnswerType, safetyFormDeclinedType } from "@helpline/contract";
import {
  MatrixEventEvent,
  RoomEvent,
  RoomMemberEvent,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/index.js";
import { authenticityOf } from "../../shared/matrix/authenticity.ts";
import { DeviceChecks } from "../../shared/matrix/deviceChecks.ts";
import { sendCustomEvent } from "../../shared/matrix/customEvents.ts";
import { STATUS_EVENT_TYPE, parseYouthStatus } from "./status.ts";
import {
  isHerCounsellor,
  safetyFormEntryOf,
  type SafetyFormEntry,
  type SafetyFormRoom,
} from "./safetyForm.ts";

/** The power level the bot gives counsellors in a conversation (bot/src/conversations/room-spec.ts). */
const COUNSELLOR_POWER = 50;

/**
 * The youth's conversation as the safety form sees it, over the page's own Matrix client. The
 * answer leaves through the SDK's to-device queue, which lives in the client's in-memory store
 * and holds only Olm ciphertext.
 */
export function matrixSafetyFormRoom(
  client: MatrixClient,
  roomId: string,
  me: string,
  session: {
    /** Whom the page knows as her counsellor (TeamWatch), freshest first. */
    counsellors(): readonly string[];
    /** Tells her of anyone new before a room event leaves (MatrixChatSession's team check). */
    beforeSend(): Promise<void>;
  },
): SafetyFormRoom & { dispose(): void } {
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const checks = new DeviceChecks(() => client.getCrypto(), changed);
  const onRoomEvent = (event: MatrixEvent): void => {
    if (event.getRoomId() === roomId) changed();
  };
  const recheck = (): void => checks.recheck();
  client.on(RoomEvent.Timeline, onRoomEvent);
  client.on(RoomEvent.LocalEchoUpdated, onRoomEvent);
  client.on(MatrixEventEvent.Decrypted, onRoomEvent);
  client.on(RoomMemberEvent.Membership, onRoomEvent);
  client.on(CryptoEvent.DevicesUpdated, recheck);
  client.on(CryptoEvent.UserTrustStatusChanged, recheck);

  const room = () => client.getRoom(roomId);
  return {
    me,
    roomId,
    entries(): SafetyFormEntry[] {
      const r = room();
      if (r === null) return [];
      return [...r.getLiveTimeline().getEvents(), ...r.getPendingEvents()].flatMap((event) => {
        if (event.isRedacted() || event.isState() || event.isDecryptionFailure()) return [];
        const entry = safetyFormEntryOf(
          event.getType(),
          event.getContent(),
          event.getSender() ?? "",
          authenticityOf(event, checks.of(event)) === "authentic",
        );
        return entry === null ? [] : [entry];
      });
    },
    isJoinedCounsellor(userId: string): boolean {
      const r = room();
      if (r === null || userId === r.getCreator() || userId === me) return false;
      if (r.getMember(userId)?.membership !== "join") return false;
      const levels: unknown = r.currentState
        .getStateEvents("m.room.power_levels", "")
        ?.getContent()["users"];
      const level =
        typeof levels === "object" && levels !== null
          ? (levels as Record<string, unknown>)[userId]
          : undefined;
      return typeof level === "number" && level >= COUNSELLOR_POWER;
    },
    isHerCounsellor(userId: string): boolean {
      const r = room();
      if (r === null) return false;
      const status = parseYouthStatus(
        r.currentState.getStateEvents(STATUS_EVENT_TYPE, "")?.getContent() ?? null,
      );
      return isHerCounsellor(userId, status, session.counsellors());
    },
    async sendDeclined(content: Record<string, unknown>): Promise<void> {
      await session.beforeSend();
      const crypto = client.getCrypto();
      if (crypto === undefined || !(await crypto.isEncryptionEnabledInRoom(roomId))) {
        throw new Error("room is not end-to-end encrypted");
      }
      await sendCustomEvent(client, roomId, safetyFormDeclinedType, content);
    },
    async signedDevicesOf(userId: string): Promise<readonly string[]> {
      const crypto = client.getCrypto();
      if (crypto === undefined) return [];
      const devices = (await crypto.getUserDeviceInfo([userId], true)).get(userId);
      if (devices === undefined) return [];
      const signed = await Promise.all(
        [...devices.keys()].map(async (deviceId) => {
          const status = await crypto.getDeviceVerificationStatus(userId, deviceId);
          return status?.signedByOwner === true ? [deviceId] : [];
        }),
      );
      return signed.flat();
    },
    async encryptToDevice(devices, payload) {
      const crypto = client.getCrypto();
      if (crypto === undefined) throw new Error("no crypto");
      return crypto.encryptToDeviceMessages(safetyFormAnswerType, [...devices], payload);
    },
    queueToDevice: (batch) => client.queueToDevice(batch),
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose(): void {
      listeners.clear();
      checks.dispose();
      client.off(RoomEvent.Timeline, onRoomEvent);
      client.off(RoomEvent.LocalEchoUpdated, onRoomEvent);
      client.off(MatrixEventEvent.Decrypted, onRoomEvent);
      client.off(RoomMemberEvent.Membership, onRoomEvent);
      client.off(CryptoEvent.DevicesUpdated, recheck);
      client.off(CryptoEvent.UserTrustStatusChanged, recheck);
    },
  };
}
