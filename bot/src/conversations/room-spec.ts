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
}): CreateRoomRequest {
  // "shared", not "invited"/"joined": a counsellor who joins later (hand-over) can then receive
  // the earlier history through MSC4268 key bundles.
  const initialState = privateRoomState(input.encrypted, "shared");
  return {
    preset: "private_chat",
    visibility: "private",
    name: input.name,
    // The conversation never leaves this server, even if federation were switched on by mistake.
    creation_content: { "m.federate": false },
    initial_state: initialState,
    invite: [input.youthId],
    power_level_content_override: {
      users: {
        ...Object.fromEntries(
          input.counsellorIds.map((id) => [id, conversationPowerLevels.counsellor]),
        ),
        [input.botUserId]: conversationPowerLevels.bot,
        [input.youthId]: conversationPowerLevels.youth,
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
