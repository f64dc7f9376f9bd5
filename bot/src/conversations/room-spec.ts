import { createHash } from "node:crypto";
import type { CreateRoomRequest } from "../matrix/homeserver.ts";

export const conversationPowerLevels = { bot: 100, counsellor: 50, youth: 0 } as const;

/**
 * The createRoom body of a youth's conversation, with the bot as the room's administrator. Only
 * the youth is invited: a counsellor is invited when the permanence offers her the conversation,
 * and every counsellor who might be gets her power level now, so no state change is needed then.
 * Pure, so the privacy-relevant settings are checked by unit tests.
 */
export function buildConversationRoom(input: {
  botUserId: string;
  youthId: string;
  counsellorIds: readonly string[];
  /** What counsellors see in their room list, e.g. "Jeune 4821 · 18:42"; the youth never sees it. */
  name: string;
  /** False only in the test that proves the "no plaintext in the database" check can fail. */
  encrypted: boolean;
  /**
   * Marks the room as this helpline's (onDemandMarker), so that a room the bot gave up waiting
   * for is found and deleted at its next start. Absent only in unit tests.
   */
  helplineId?: string;
}): CreateRoomRequest {
  const room = conversationRoomWithoutYouth(input);
  const marked =
    input.helplineId === undefined
      ? room
      : withMarker(room, { helpline: input.helplineId, fingerprint: onDemandFingerprint });
  return {
    ...marked,
    name: input.name,
    invite: [input.youthId],
    power_level_content_override: {
      ...room.power_level_content_override,
      users: {
        ...room.power_level_content_override.users,
        [input.youthId]: conversationPowerLevels.youth,
      },
    },
  };
}

/** What every conversation room is before a youth is in it: the pool's rooms stay so until taken. */
function conversationRoomWithoutYouth(input: {
  botUserId: string;
  counsellorIds: readonly string[];
  encrypted: boolean;
}): CreateRoomRequest & { power_level_content_override: { users: Record<string, number> } } {
  return {
    preset: "private_chat",
    visibility: "private",
    // The conversation never leaves this server, even if federation were switched on by mistake.
    creation_content: { "m.federate": false },
    // "shared", not "invited"/"joined": a counsellor who joins later (hand-over) can then receive
    // the earlier history through MSC4268 key bundles.
    initial_state: privateRoomState(input.encrypted, "shared"),
    invite: [],
    power_level_content_override: {
      users: {
        ...Object.fromEntries(
          input.counsellorIds.map((id) => [id, conversationPowerLevels.counsellor]),
        ),
        [input.botUserId]: conversationPowerLevels.bot,
      },
      users_default: 0,
      events_default: 0,
      state_default: 100,
      // The counsellor in charge invites the colleague she hands over to herself, since only her
      // client can share the room's history (MSC4268); the bot revokes every other invite
      // (permanence/engine/handover.ts). The youth can invite nobody.
      invite: conversationPowerLevels.counsellor,
      kick: 100,
      ban: 100,
      redact: 50,
    },
  };
}

/**
 * The state event that marks a room the bot made ahead of need (conversations/room-pool.ts), so
 * that a restarted bot finds its unused pool rooms again among the rooms it is in, whether or not
 * it had learnt their ids before it stopped. Its content says nothing about anyone: the helpline's
 * id (the youth knows which service she writes to) and a digest of the room's createRoom body,
 * whose every input (the team's ids included) is in the room's state already.
 */
export const poolMarkerType = "org.helplinechat.room_pool";

interface PoolMarker {
  helpline: string;
  /**
   * Digest of the pool room's createRoom body without this marker (see poolRoomFingerprint), or
   * onDemandFingerprint for a room made on demand.
   */
  fingerprint: string;
}

/**
 * The marker's digest in a room made on demand, which is never a pool room: the bot waits 15 s
 * for createRoom, and on a busy Synapse the room may be made after it gave up and answered the
 * youth 503. Nothing in the journal names such a room; its marker is how the next start finds
 * it (room-pool-recovery.ts), named and with her invite, so "taken", and deletes it, as it does
 * a pool room taken when the bot stopped. A live conversation is in the journal and never judged.
 */
export const onDemandFingerprint = "on_demand";

/**
 * A conversation room made before any youth asked for one (conversations/room-pool.ts): exactly
 * the room buildConversationRoom makes, made private from its first event in the same way, only
 * without the youth (invited when one takes it), without a name (set then) and with the pool's
 * marker. The youth is not named in the power levels: users_default is 0, which is the power
 * level buildConversationRoom gives her by name, so she has the same rights in either room.
 */
export function buildPooledConversationRoom(input: {
  botUserId: string;
  counsellorIds: readonly string[];
  helplineId: string;
  encrypted: boolean;
}): { request: CreateRoomRequest; fingerprint: string } {
  const request = conversationRoomWithoutYouth(input);
  const fingerprint = poolRoomFingerprint(request);
  return { request: withMarker(request, { helpline: input.helplineId, fingerprint }), fingerprint };
}

/** The request with the marker as the last of its initial state. */
function withMarker<R extends CreateRoomRequest>(request: R, marker: PoolMarker): R {
  return {
    ...request,
    initial_state: [
      ...request.initial_state,
      { type: poolMarkerType, state_key: "", content: { ...marker } },
    ],
  };
}

/**
 * A digest of everything a pool room is made with: the team's power levels, the bot, encryption
 * and every other setting. A pooled room is used only while it equals the room the bot would
 * make now; any change (the team, or this code) retires the rooms made before it.
 */
function poolRoomFingerprint(request: CreateRoomRequest): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex").slice(0, 32);
}

/** JSON with object keys sorted, so that the digest does not depend on the order of the keys. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The initial state every room of a conversation shares (the conversation, its side channel):
 * end-to-end encrypted from its first event, invite only, no guests. `encrypted` is false only in
 * the test that proves the "no plaintext in the database" check can fail.
 */
export function privateRoomState(
  encrypted: boolean,
  historyVisibility: "shared" | "invited",
): CreateRoomRequest["initial_state"] {
  return [
    ...(encrypted
      ? [
          {
            type: "m.room.encryption",
            state_key: "",
            content: { algorithm: "m.megolm.v1.aes-sha2" },
          },
        ]
      : []),
    {
      type: "m.room.history_visibility",
      state_key: "",
      content: { history_visibility: historyVisibility },
    },
    { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
    { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
  ];
}
