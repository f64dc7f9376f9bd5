import {
  readSafetyFormAnswer,
  readSafetyFormDeclined,
  readSafetyFormRequest,
  safetyFormAnswerType,
  safetyFormDeclinedType,
  safetyFormRequestContent,
  safetyFormRequestType,
  type SafetyFormAnswer,
  type SafetyFormAnswers,
} from "@helpline/contract";
import {
  ClientEvent,
  EventStatus,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import type { OlmEncryptionInfo } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { ReceivedToDeviceMessage } from "matrix-js-sdk/lib/sync-accumulator.js";
import type { Authenticity } from "../../shared/matrix/authenticity.ts";
import { sendCustomEvent } from "../../shared/matrix/customEvents.ts";
import { noSafetyForm, type SafetyFormState, type SafetyForms } from "../safetyForms.ts";

/** The power level the bot gives the youth in her conversation (bot/src/conversations/room-spec.ts). */
const YOUTH_POWER = 0;

/**
 * Whether a to-device message is a safety-form answer this console may show, and which. Pure:
 * `youthOf` and `pendingRequestOf` read the conversation as it is now.
 *
 * It must have been Olm-encrypted (decrypted here, `encryption` set) by the user it claims to
 * come from; be well formed (the contract's limits); name one of her live conversations; come
 * from that conversation's youth; and answer her request there that still waits for an answer.
 * Anything else is dropped without a word.
 */
export function acceptSafetyAnswer(input: {
  readonly type: string;
  readonly content: unknown;
  readonly sender: string;
  readonly encryption: OlmEncryptionInfo | null;
  readonly live: ReadonlySet<string>;
  readonly youthOf: (roomId: string) => string | null;
  readonly pendingRequestOf: (roomId: string) => string | null;
}): SafetyFormAnswer | null {
  if (input.type !== safetyFormAnswerType || input.encryption === null) return null;
  if (input.encryption.sender !== input.sender) return null;
  const answer = readSafetyFormAnswer(input.content);
  if (answer === null || !input.live.has(answer.roomId)) return null;
  if (input.youthOf(answer.roomId) !== input.sender) return null;
  if (input.pendingRequestOf(answer.roomId) !== answer.requestId) return null;
  return answer;
}

/**
 * The youth of a conversation: the joined member the bot gave the youth's power level, never the
 * bot (its creator) nor this counsellor. Only the bot can change power levels there.
 */
export function youthOfRoom(room: Room, me: string): string | null {
  const users: unknown = room.currentState.getStateEvents("m.room.power_levels", "")?.getContent()[
    "users"
  ];
  if (typeof users !== "object" || users === null) return null;
  const creator = room.getCreator();
  const youths = Object.entries(users as Record<string, unknown>)
    .filter(([id, level]) => level === YOUTH_POWER && id !== creator && id !== me)
    .map(([id]) => id)
    .filter((id) => room.getMember(id)?.membership === "join");
  return youths.length === 1 ? (youths[0] ?? null) : null;
}

/**
 * The console's safety forms over the counsellor's own Matrix client. Requests and refusals are
 * encrypted room events read from the timeline (so they survive a new login); the answers come
 * Olm-encrypted to this device and are kept in this object only, never in any store.
 */
export class MatrixSafetyForms implements SafetyForms {
  readonly #client: MatrixClient;
  readonly #authenticity: (event: MatrixEvent) => Authenticity;
  readonly #listeners = new Set<() => void>();
  /** Answers by conversation, for the request they answer. Memory only. */
  readonly #answers = new Map<string, { requestId: string; answers: SafetyFormAnswers }>();
  #live: ReadonlySet<string> = new Set();
  readonly #onToDevice = (received: ReceivedToDeviceMessage): void => this.#received(received);

  constructor(client: MatrixClient, authenticity: (event: MatrixEvent) => Authenticity) {
    this.#client = client;
    this.#authenticity = authenticity;
    client.on(ClientEvent.ReceivedToDeviceMessage, this.#onToDevice);
  }

  state(roomId: string): SafetyFormState {
    const room = this.#client.getRoom(roomId);
    if (room === null) return noSafetyForm;
    const me = this.#client.getSafeUserId();
    const events = [...room.getLiveTimeline().getEvents(), ...room.getPendingEvents()];
    const requestEvent = events.findLast(
      (e) =>
        e.getType() === safetyFormRequestType &&
        e.getSender() === me &&
        this.#authenticity(e) === "authentic" &&
        readSafetyFormRequest(e.getContent()) !== null,
    );
    const request =
      requestEvent === undefined ? null : readSafetyFormRequest(requestEvent.getContent());
    if (requestEvent === undefined || request === null) return noSafetyForm;
    const youth = youthOfRoom(room, me);
    const declined = events.some(
      (e) =>
        e.getType() === safetyFormDeclinedType &&
        youth !== null &&
        e.getSender() === youth &&
        this.#authenticity(e) === "authentic" &&
        readSafetyFormDeclined(e.getContent())?.requestId === request.requestId,
    );
    const kept = this.#answers.get(roomId);
    const status = requestEvent.status;
    return {
      request: {
        requestId: request.requestId,
        sending: status !== null && status !== EventStatus.SENT && status !== EventStatus.NOT_SENT,
        failed: status === EventStatus.NOT_SENT || status === EventStatus.CANCELLED,
      },
      declined,
      answer: kept?.requestId === request.requestId ? kept.answers : null,
    };
  }

  async propose(roomId: string): Promise<void> {
    const room = this.#client.getRoom(roomId);
    const crypto = this.#client.getCrypto();
    if (!this.#live.has(roomId) || room?.getMyMembership() !== "join") {
      throw new Error("not one of her live conversations");
    }
    // Never in clear: the request would tell the server what it is.
    if (crypto === undefined || !(await crypto.isEncryptionEnabledInRoom(roomId))) {
      throw new Error("room is not end-to-end encrypted");
    }
    const requestId = newRequestId();
    await sendCustomEvent(
      this.#client,
      roomId,
      safetyFormRequestType,
      safetyFormRequestContent({ requestId }),
    );
  }

  keepOnly(roomIds: ReadonlySet<string>): void {
    this.#live = new Set(roomIds);
    let dropped = false;
    for (const roomId of [...this.#answers.keys()]) {
      if (!roomIds.has(roomId)) dropped = this.#answers.delete(roomId) || dropped;
    }
    if (dropped) this.#changed();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  clear(): void {
    this.#answers.clear();
    this.#live = new Set();
    this.#client.off(ClientEvent.ReceivedToDeviceMessage, this.#onToDevice);
    this.#changed();
    this.#listeners.clear();
  }

  #received({ message, encryptionInfo }: ReceivedToDeviceMessage): void {
    const me = this.#client.getSafeUserId();
    const answer = acceptSafetyAnswer({
      type: message.type,
      content: message.content,
      sender: message.sender,
      encryption: encryptionInfo,
      live: this.#live,
      youthOf: (roomId) => {
        const room = this.#client.getRoom(roomId);
        return room === null || room.getMyMembership() !== "join" ? null : youthOfRoom(room, me);
      },
      pendingRequestOf: (roomId) => {
        const state = this.state(roomId);
        return state.request === null || state.declined || state.answer !== null
          ? null
          : state.request.requestId;
      },
    });
    const deviceId = encryptionInfo?.senderDevice;
    if (answer === null || deviceId === undefined) return;
    // The sending device must be one its owner's cross-signing signed, like every message shown.
    const crypto = this.#client.getCrypto();
    void crypto
      ?.getDeviceVerificationStatus(message.sender, deviceId)
      .then((status) => {
        if (status?.signedByOwner !== true || !this.#live.has(answer.roomId)) return;
        if (this.#answers.get(answer.roomId)?.requestId === answer.requestId) return;
        this.#answers.set(answer.roomId, {
          requestId: answer.requestId,
          answers: { place: answer.place, phone: answer.phone },
        });
        this.#changed();
      })
      .catch(() => undefined);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** 128 random bits, URL-safe: unguessable, so a request cannot be answered before it exists. */
function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
}
