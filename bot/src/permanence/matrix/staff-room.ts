import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Homeserver } from "../../matrix/homeserver.ts";

export interface StaffRoomDeps {
  homeserver: Homeserver;
  /** Where the room id is remembered between starts (in the bot's state folder). */
  file: string;
  botUserId: string;
  counsellors: readonly string[];
  name: string;
  topic: string;
}

/**
 * The counsellors' staff room: where they go on and off duty and see the bot's notices. It is
 * deliberately NOT end-to-end encrypted, because the bot holds no keys and must read the
 * commands; so it carries metadata only, and its topic says so. Created once, then reused; every
 * configured counsellor is (re-)invited at each start, which is idempotent.
 */
export async function ensureStaffRoom(deps: StaffRoomDeps): Promise<string> {
  let roomId = existsSync(deps.file)
    ? (JSON.parse(readFileSync(deps.file, "utf8")) as { roomId: string }).roomId
    : undefined;
  if (roomId === undefined) {
    roomId = await deps.homeserver.createRoom({
      // public_chat is the preset Synapse does not encrypt by default; the join rule below makes
      // the room invite-only all the same.
      preset: "public_chat",
      visibility: "private",
      name: deps.name,
      topic: deps.topic,
      creation_content: { "m.federate": false },
      initial_state: [
        { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
        {
          type: "m.room.history_visibility",
          state_key: "",
          content: { history_visibility: "shared" },
        },
        { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
      ],
      invite: [...deps.counsellors],
      power_level_content_override: {
        users: { [deps.botUserId]: 100 },
        users_default: 0,
        events_default: 0,
        state_default: 100,
        invite: 100,
        kick: 100,
        ban: 100,
        redact: 100,
      },
    });
    const temporary = `${deps.file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ roomId }) + "\n", { mode: 0o600 });
    renameSync(temporary, deps.file);
  } else {
    // A room created before it was named after its helpline (one bot, several helplines) takes the
    // name now, so that a counsellor in two teams tells the rooms apart. Synapse keeps no
    // duplicate of an unchanged name.
    await deps.homeserver.setRoomState(roomId, "m.room.name", "", { name: deps.name });
  }
  for (const counsellor of deps.counsellors) await deps.homeserver.invite(roomId, counsellor);
  return roomId;
}
