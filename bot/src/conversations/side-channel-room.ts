import { createHmac } from "node:crypto";
import type { CreateRoomRequest } from "../matrix/homeserver.ts";
import { conversationPowerLevels, privateRoomState } from "./room-spec.ts";

/**
 * The createRoom body of a conversation's side channel (permanence/side-channels.ts): the
 * counsellor in charge and the supervisors on duty, never the youth. Private, invite only, not
 * federated, end-to-end encrypted from its first event, like a conversation room
 * (./room-spec.ts). The bot creates it and administers it but has no E2EE device: nobody's client
 * shares a room key with it, so it cannot read a word, exactly as in the conversations.
 * Pure, so the privacy-relevant settings are checked by unit tests.
 */
export function buildSideChannelRoom(input: {
  botUserId: string;
  /** The counsellor who asks, then the supervisors invited. */
  members: readonly string[];
  /** "Soutien · Jeune 4821": what they see in their room list. */
  name: string;
  /** Makes the creation idempotent: a second createRoom with it fails (SideChannelAliases). */
  aliasLocalpart: string;
  /** False only in the test that proves the "no plaintext in the database" check can fail. */
  encrypted: boolean;
}): CreateRoomRequest {
  // "invited": a supervisor invited later (she came on duty since) reads from her invite on. The
  // bot invites her, and the bot has no keys to share the earlier history with anyway.
  const initialState = privateRoomState(input.encrypted, "invited");
  return {
    preset: "private_chat",
    visibility: "private",
    name: input.name,
    room_alias_name: input.aliasLocalpart,
    creation_content: { "m.federate": false },
    initial_state: initialState,
    invite: [...input.members],
    power_level_content_override: {
      users: {
        ...Object.fromEntries(input.members.map((id) => [id, conversationPowerLevels.counsellor])),
        [input.botUserId]: conversationPowerLevels.bot,
      },
      users_default: 0,
      events_default: 0,
      state_default: 100,
      // Only the bot invites: nobody can bring anyone else (the youth above all) into it.
      invite: 100,
      kick: 100,
      ban: 100,
      redact: 50,
    },
  };
}

/**
 * The local alias of a conversation's side channel, derived from the conversation's room id and
 * the installation's secret: the same for every bot (restarted, standby), so creating the room is
 * idempotent and a room created just before a crash is found again; unguessable, so that nobody
 * (the youth knows her room's id) can learn by resolving it that a side channel exists.
 */
export class SideChannelAliases {
  readonly #key: Buffer;
  readonly #serverName: string;

  constructor(installationSecret: string, serverName: string) {
    // A key of its own, so an alias can never stand for anything else the secret signs.
    this.#key = createHmac("sha256", installationSecret)
      .update("helpline-chat side channel aliases v1")
      .digest();
    this.#serverName = serverName;
  }

  localpart(conversationId: string): string {
    const digest = createHmac("sha256", this.#key).update(conversationId).digest("hex");
    return `helpline-side-${digest.slice(0, 40)}`;
  }

  alias(conversationId: string): string {
    return `#${this.localpart(conversationId)}:${this.#serverName}`;
  }
}
