// The side channel's door (engine/side-channel.ts, actions/side-channel.ts), shared by the
// console's route and the staff room's `!aide 4821`: checks who asks, creates (or finds) the
// room, invites, then records it through the permanence's journal.
//
// Where the appservice registration reserves the side channels' aliases (`namespaces.aliases`,
// rendered from synapse/appservice.template.yaml), a bot killed at any moment neither loses a
// side channel nor creates two: the room is created with an alias derived from the conversation
// (SideChannelAliases), so a second creation fails with M_ROOM_IN_USE and the alias gives the room
// created before; the journal records it when she asks again, and the erasure looks the alias up
// for a conversation that never recorded one (matrix/executor.ts). A registration rendered before
// side channels reserves none (M_EXCLUSIVE): the room is then created without an alias, and a
// crash between its creation and the journal's record leaves a room the erasure cannot find; the
// bot warns each time (side_channel.alias_not_reserved). A journal entry before the creation would
// not help: after a crash, the bot would still not know whether the room was created.

import {
  buildSideChannelRoom,
  type SideChannelAliases,
} from "../conversations/side-channel-room.ts";
import type { Logger } from "../logging/logger.ts";
import { HomeserverError, type Homeserver } from "../matrix/homeserver.ts";
import * as actions from "./actions/index.ts";
import { conversationOverReason, sideChannelRoomName } from "./staff/index.ts";
import type { PermanenceEvent, PermanenceState, UserId } from "./types.ts";

export interface SideChannelsDeps {
  homeserver: Pick<Homeserver, "createRoom" | "resolveAlias" | "invite" | "memberships" | "kick">;
  aliases: SideChannelAliases;
  botUserId: string;
  encrypted: boolean;
  state(): PermanenceState;
  dispatch(event: PermanenceEvent): Promise<void>;
  isSupervisor(userId: UserId): boolean;
  logger: Pick<Logger, "warn">;
}

export type HelpOutcome =
  | actions.SideChannelRefused
  | {
      reference: number;
      roomId: string;
      /** The supervisors invited now; empty: none is on duty, nobody but her is in it. */
      supervisors: UserId[];
      /** False when it existed already (reused). */
      created: boolean;
    };

export interface SideChannels {
  ask(by: UserId, reference: number): Promise<HelpOutcome>;
}

export function createSideChannels(deps: SideChannelsDeps): SideChannels {
  /** Creates the room, or finds the one an earlier attempt created: `created` says which. */
  async function createOrFind(
    conversationId: string,
    reference: number,
    members: UserId[],
  ): Promise<{ roomId: string; created: boolean }> {
    const spec = buildSideChannelRoom({
      botUserId: deps.botUserId,
      members,
      name: sideChannelRoomName(reference),
      aliasLocalpart: deps.aliases.localpart(conversationId),
      encrypted: deps.encrypted,
    });
    try {
      return { roomId: await deps.homeserver.createRoom(spec), created: true };
    } catch (error) {
      if (!(error instanceof HomeserverError)) throw error;
      if (error.errcode === "M_EXCLUSIVE") {
        // The appservice registration predates side channels (it reserves no alias for them):
        // help is not refused for that, but the creation is no longer idempotent until the
        // registration is rendered again (synapse/appservice.template.yaml).
        deps.logger.warn("side_channel.alias_not_reserved", {
          consequence:
            "room created without alias: a crash before it is recorded leaves a room the erasure cannot find",
          fix: "reserve namespaces.aliases of synapse/appservice.template.yaml: re-render with `sudo npm run setup:production` (docs/deploy.md), then restart Synapse and the bot",
        });
        const { room_alias_name: _unreserved, ...withoutAlias } = spec;
        return { roomId: await deps.homeserver.createRoom(withoutAlias), created: true };
      }
      if (error.errcode !== "M_ROOM_IN_USE") throw error;
      const roomId = await deps.homeserver.resolveAlias(deps.aliases.alias(conversationId));
      if (roomId === null) throw error;
      return { roomId, created: false };
    }
  }

  /** As close_side_channel does (matrix/executor.ts): everyone but the bot. */
  async function removeEveryone(roomId: string, over: boolean): Promise<void> {
    const members = await deps.homeserver.memberships(roomId);
    for (const [userId, { membership }] of Object.entries(members)) {
      if (userId === deps.botUserId || !["join", "invite"].includes(membership)) continue;
      await deps.homeserver.kick(roomId, userId, over ? conversationOverReason : undefined);
    }
  }

  return {
    async ask(by, reference) {
      const request = actions.askForHelp(deps.state(), by, {
        reference,
        isSupervisor: (userId) => deps.isSupervisor(userId),
      });
      if ("refused" in request) return request;
      const members = [by, ...request.supervisors];
      let roomId = request.existingRoomId;
      let created = false;
      if (roomId === null) {
        ({ roomId, created } = await createOrFind(request.conversation.id, reference, members));
      }
      // Reused (or found again after a crash): whoever is not in it yet is invited now. Inviting
      // someone invited or joined already changes nothing.
      if (!created) {
        for (const userId of members) await deps.homeserver.invite(roomId, userId);
      }
      const conversationId = request.conversation.id;
      await deps.dispatch(actions.sideChannelOpened(request, by, roomId));
      // The conversation ended, or changed hands, while the room was created: the engine dropped
      // the event, and no erasure would ever close a room it does not know. Nobody stays in it.
      const recorded = deps.state().conversations[conversationId]?.sideChannel?.roomId;
      if (recorded !== roomId) {
        await removeEveryone(roomId, deps.state().conversations[conversationId] === undefined);
        return { refused: "not_found" };
      }
      const opened = request.existingRoomId === null;
      return { reference, roomId, supervisors: request.supervisors, created: opened };
    },
  };
}
