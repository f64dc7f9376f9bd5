import type { QueuePlace, WritingAbout } from "@helpline/contract";
import type { Homeserver } from "../matrix/homeserver.ts";
import type { IssuedTokens } from "./issued-tokens.ts";
import { requestProof, type LateRooms } from "./late-rooms.ts";
import { placeKeyOf } from "./place-keys.ts";
import type { RoomPool } from "./room-pool.ts";
import { buildConversationRoom } from "./room-spec.ts";

export interface OpenIdToken {
  access_token: string;
  token_type: "Bearer";
  matrix_server_name: string;
  expires_in: number;
}

export type OpenConversationResult =
  | {
      ok: true;
      roomId: string;
      existing: boolean;
      youthName: string;
      /** Her status now (her place, or a counsellor joining): her page shows it at once. */
      first: FirstStatus | null;
    }
  | {
      ok: false;
      reason:
        | "closed"
        | "wrong_server"
        | "invalid_openid_token"
        | "user_not_allowed"
        | "unknown_registration_token"
        | "registration_token_not_used"
        | "registration_token_already_claimed"
        | "unavailable";
    }
  | {
      ok: false;
      /** Her room is still in the making: asked again, she gets it (late-rooms.ts). */
      reason: "room_not_ready";
      /** Her place, held meanwhile (engine/reservation.ts); null if none could be held. */
      place: QueuePlace | null;
    };

/**
 * Her status as the permanence has it when the answer leaves, in the answer's own words: her place
 * if she waits, or that a counsellor is joining if one was offered her conversation at once. Her
 * room's status says the same, seconds later on a busy night; anything else is the room's to say.
 */
export type FirstStatus = { readonly place: QueuePlace } | { readonly joining: true };

export interface ConversationDeps {
  homeserver: Homeserver;
  issuedTokens: IssuedTokens;
  serverName: string;
  botUserId: string;
  counsellorIds: readonly string[];
  encryptedRooms: boolean;
  /** Marks the rooms made on demand as this helpline's (room-spec.ts). Absent in unit tests. */
  helplineId?: string;
  now: () => number;
  admission: Admission;
  /**
   * Rooms made ahead of need (room-pool.ts): one is taken when there is one, the room is made on
   * demand otherwise. Absent: always made on demand.
   */
  roomPool?: Pick<RoomPool, "take">;
  /**
   * Her room, when Synapse has not made it within answerWithinMs: kept for her next request
   * (late-rooms.ts). Absent (unit tests): she waits for it, however long Synapse takes.
   */
  lateRooms?: LateRooms;
  /** How long she waits for her room before she is answered "try again" (15 s if absent). */
  answerWithinMs?: number;
}

/** As long as the bot waits for any other call to Synapse (synapse-homeserver.ts). */
const defaultAnswerWithinMs = 15_000;

/** The permanence, as seen from the door: is it admitting, and taking a youth into the queue. */
export interface Admission {
  admitting(): boolean;
  /** A short number for counsellors, unused among live conversations. */
  nextReference(): number;
  /** What counsellors see in their room list. */
  roomName(reference: number): string;
  /**
   * What counsellors call the youth ("Jeune 4821"): the youth's page takes it as her display name
   * when she gives no pseudonym, rather than showing her random account id.
   */
  youthName(reference: number): string;
  /**
   * Durable once resolved: the youth is in the queue. Rejects when it could not be stored (a full
   * disk): then the youth is not in the queue, unless conversationOf says otherwise.
   */
  arrive(
    conversationId: string,
    youthId: string,
    reference: number,
    writingAbout?: WritingAbout,
    /** The key of the place held for her (place-keys.ts): she takes it, if it still holds. */
    placeKey?: string,
  ): Promise<void>;
  /**
   * Holds a place for the youth whose registration token gives `placeKey`, before her room exists
   * (engine/reservation.ts), and resolves with it once durable: null if none is held (admissions
   * ended meanwhile). Rejects when it could not be stored.
   */
  reserve(placeKey: string): Promise<QueuePlace | null>;
  /** The place held under `placeKey` now, or null if none is (never held, taken, expired). */
  placeOf(placeKey: string): QueuePlace | null;
  /** The youth's live conversation, if the permanence has one. */
  conversationOf(youthId: string): { conversationId: string; reference: number } | undefined;
  /** Her status as the permanence has it now, if it is one the answer may say (FirstStatus). */
  firstStatusOf(conversationId: string): FirstStatus | null;
}

/**
 * Issues a single-use registration token for a youth's throwaway account, or nothing at all when
 * the helpline does not admit anyone now: outside hours no token, account or room is created.
 */
export async function issueRegistrationToken(
  deps: Pick<ConversationDeps, "homeserver" | "issuedTokens" | "now" | "admission">,
  lifetimeSeconds: number,
): Promise<{ token: string; expiresAt: number } | "closed"> {
  if (!deps.admission.admitting()) return "closed";
  const expiresAt = deps.now() + lifetimeSeconds * 1000;
  const created = await deps.homeserver.createRegistrationToken({
    usesAllowed: 1,
    expiryTime: expiresAt,
  });
  const effectiveExpiry = created.expiryTime ?? expiresAt;
  deps.issuedTokens.issue(created.token, effectiveExpiry);
  return { token: created.token, expiresAt: effectiveExpiry };
}

/**
 * Opens the conversation room of a youth who just registered with a token from this bot.
 * The youth proves who it is with an OpenID token; the bot never sees its access token, and the
 * account has no password.
 */
export async function openConversation(
  deps: ConversationDeps,
  request: { registrationToken: string; openIdToken: OpenIdToken; writingAbout?: WritingAbout },
): Promise<OpenConversationResult> {
  if (request.openIdToken.matrix_server_name !== deps.serverName) {
    return { ok: false, reason: "wrong_server" };
  }
  // Her page asking again, with the same tokens, for a room still kept for her: Synapse confirmed
  // both when the room was kept (late-rooms.ts, provedBy), and is not asked again.
  const proof =
    deps.lateRooms === undefined
      ? undefined
      : requestProof(request.openIdToken.access_token, request.registrationToken);
  const provedBefore = proof === undefined ? undefined : deps.lateRooms?.provedBy(proof);
  // Asked beside her OpenID check, not after it: each is a round trip to a Synapse that may be
  // busy (on a campaign night, seconds each), and neither needs the other's answer. A read that
  // changes nothing, so asking it for a request refused below costs nothing but the read.
  const tokenUsed =
    provedBefore === undefined
      ? deps.homeserver
          .getRegistrationToken(request.registrationToken)
          .then((info) => info !== null && info.completed >= 1)
      : Promise.resolve(true);
  tokenUsed.catch(() => undefined); // awaited below, or not needed
  const youthId =
    provedBefore ?? (await deps.homeserver.openIdUserId(request.openIdToken.access_token));
  if (youthId === null) return { ok: false, reason: "invalid_openid_token" };
  if (youthId === deps.botUserId || deps.counsellorIds.includes(youthId)) {
    return { ok: false, reason: "user_not_allowed" };
  }
  // Asking again is how a youth recovers when the answer was lost (the bot was restarted after
  // taking them into the queue): they get the same conversation, never a second one.
  const existing = deps.admission.conversationOf(youthId);
  if (existing !== undefined) {
    return {
      ok: true,
      roomId: existing.conversationId,
      existing: true,
      youthName: deps.admission.youthName(existing.reference),
      first: deps.admission.firstStatusOf(existing.conversationId),
    };
  }

  const placeKey = placeKeyOf(request.registrationToken);
  const claim = deps.issuedTokens.claim(request.registrationToken, deps.now());
  if (claim === "unknown") return { ok: false, reason: "unknown_registration_token" };
  if (claim === "already_claimed")
    return { ok: false, reason: "registration_token_already_claimed" };

  let created = false;
  try {
    if (!(await tokenUsed)) return { ok: false, reason: "registration_token_not_used" };
    // Checked again here: the last admission may have passed since the token was issued. A youth
    // whose place is held asked in time: her room is made, and her arrival admitted, while open.
    if (!deps.admission.admitting() && deps.admission.placeOf(placeKey) === null) {
      return { ok: false, reason: "closed" };
    }
    // Her room from an earlier request that Synapse made too late for its answer, if any: hers,
    // rather than one more room asked of a Synapse already too busy to make the first in time.
    const late = deps.lateRooms?.claim(youthId);
    const reference = late?.reference ?? freshReference(deps);
    const making = late?.room ?? makeRoom(deps, youthId, reference);
    const roomId =
      deps.lateRooms === undefined
        ? await making
        : await madeWithin(making, deps.answerWithinMs ?? defaultAnswerWithinMs);
    if (roomId === null) {
      // Not made yet. Synapse will finish it: kept for her page's next request (it retries a
      // 503 at once), deleted if she does not come back for it. Keeping it handles its failure.
      deps.lateRooms?.keep(youthId, { reference, room: making }, proof);
      return { ok: false, reason: "room_not_ready", place: await heldPlace(deps, placeKey) };
    }
    try {
      await deps.admission.arrive(roomId, youthId, reference, request.writingAbout, placeKey);
    } catch {
      // The arrival may have been stored and something after it failed: then the youth is in
      // the queue, and that is what counts.
      if (deps.admission.conversationOf(youthId)?.conversationId !== roomId) {
        // Not stored, so never acknowledged: nobody would answer in this room nor erase it. It
        // is taken back, and the token released: the youth may ask again with this account.
        await deps.homeserver.deleteRoom(roomId).catch(() => {});
        return { ok: false, reason: "unavailable" };
      }
    }
    created = true;
    return {
      ok: true,
      roomId,
      existing: false,
      youthName: deps.admission.youthName(reference),
      first: deps.admission.firstStatusOf(roomId),
    };
  } finally {
    if (created) deps.issuedTokens.confirm(request.registrationToken);
    else deps.issuedTokens.release(request.registrationToken);
  }
}

/**
 * Her place while her room is being made: the one her page asked for at her press (POST
 * /api/places), or one held from now if it asked none (an older page, or a lost request), so that
 * she keeps her place in the order youths asked while Synapse finishes her room. Null if none can
 * be held (admissions ended, or the journal could not store it): she is still answered.
 */
async function heldPlace(deps: ConversationDeps, placeKey: string): Promise<QueuePlace | null> {
  const held = deps.admission.placeOf(placeKey);
  if (held !== null || !deps.admission.admitting()) return held;
  return deps.admission.reserve(placeKey).catch(() => null);
}

/**
 * A ready room, named and with the youth invited, or one made now, exactly as private: the youth
 * is invited before her arrival is journalled either way.
 */
async function makeRoom(
  deps: ConversationDeps,
  youthId: string,
  reference: number,
): Promise<string> {
  const name = deps.admission.roomName(reference);
  return (
    (await deps.roomPool?.take({ youthId, name })) ??
    (await deps.homeserver.createRoom(
      buildConversationRoom({
        botUserId: deps.botUserId,
        youthId,
        counsellorIds: deps.counsellorIds,
        name,
        encrypted: deps.encryptedRooms,
        ...(deps.helplineId === undefined ? {} : { helplineId: deps.helplineId }),
      }),
    ))
  );
}

/** A reference no live conversation has, nor a room kept for a youth's next request. */
function freshReference(deps: ConversationDeps): number {
  let reference = deps.admission.nextReference();
  // Bounded: with thousands of free references, a few draws find one.
  for (let draw = 1; draw < 20 && deps.lateRooms?.holds(reference) === true; draw += 1) {
    reference = deps.admission.nextReference();
  }
  return reference;
}

/** The room once made, or null if it is not made within `ms`. */
function madeWithin(making: Promise<string>, ms: number): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([making, late]).finally(() => clearTimeout(timer));
}
