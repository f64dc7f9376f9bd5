import { beforeAll, describe, expect, it } from "vitest";
import { type ScriptedCounsellor, withStackAndTeam } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthLeaves,
  youthSees,
  youthStartsConversation,
} from "../support/permanence.ts";
import { findInSynapseDatabase, tablesMentioning } from "../support/plaintext.ts";
import type { TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// Nothing kept: once a conversation is over and its grace period has passed, the youth's account
// is erased and the room purged, as Synapse's admin API and database show.

const graceMs = 5 * 60_000; // config/helplines/maintenant-jen-parle.yaml

describe("erasure after a conversation", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;
  const admin = (path: string) =>
    fetch(`${stack.synapseUrl}${path}`, {
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    });

  const parties = withStackAndTeam();
  beforeAll(async () => {
    ({ stack } = parties);
    [camille] = parties.team as [ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
  });

  it("should erase the account and purge the room after the grace period, and resume after a restart", async () => {
    const youth = await registerYouth(stack);
    const invited = camille.acceptNextInvite();
    const roomId = await youthStartsConversation(stack, youth);
    expect(await invited).toBe(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
    const sentence = `erase me ${roomId.slice(1, 9)} please`;
    await camille.send(roomId, sentence);
    await youthLeaves(stack, youth, roomId);
    // The grace period runs from the end as the bot saw it: wait for that before moving time.
    await eventually(
      () => counsellorDesk(stack, camille),
      (desk) => desk.load === 0,
      "the bot to end the conversation",
    );

    // Still within the grace period: nothing erased yet.
    stack.clock.advance(graceMs - 1000);
    await stack.bot.tick();
    expect((await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}`)).status).toBe(
      200,
    );

    // The bot restarts just before the grace period ends: the erasure is not forgotten.
    await stack.restartBot();
    stack.clock.advance(2000);
    await stack.bot.tick();
    await stack.bot.settled();

    await eventually(
      async () => (await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}`)).status,
      (status) => status === 404,
      "the room to be purged",
    );
    const account = (await (
      await admin(`/_synapse/admin/v2/users/${encodeURIComponent(youth.userId)}`)
    ).json()) as { deactivated: boolean; erased: boolean; displayname: string | null };
    expect(account).toMatchObject({ deactivated: true, erased: true });
    // The youth's token is dead.
    const whoami = await fetch(`${stack.synapseUrl}/_matrix/client/v3/account/whoami`, {
      headers: { Authorization: `Bearer ${youth.accessToken}` },
    });
    expect(whoami.status).toBe(401);
    // And the conversation is gone from the database, not only hidden. What Synapse keeps is
    // internal bookkeeping it offers no way to delete: stream positions, the block on the room id,
    // the finished purge task, and the deactivated account's row (with the proxy's address, never
    // the youth's: the web server does not forward it). No event, state or membership remains.
    // cache_invalidation_stream_by_instance exists on PostgreSQL only; background_updates holds
    // Synapse's own running jobs, whose progress names the last account they went through.
    const bookkeeping = [
      "current_state_delta_stream",
      "cache_invalidation_stream_by_instance",
      "background_updates",
    ];
    const allowedForRoom = [...bookkeeping, "blocked_rooms", "scheduled_tasks"];
    const allowedForYouth = [
      ...bookkeeping,
      "users",
      "erased_users",
      "user_ips",
      "user_stats_current",
      "open_id_tokens",
      "device_lists_stream",
      "current_state_delta_stream",
      "ui_auth_sessions",
      "_temp_populate_user_directory_users",
    ];
    const roomLeftovers = await eventually(
      () => tablesMentioning(stack, roomId),
      (tables) => Object.keys(tables).every((table) => allowedForRoom.includes(table)),
      "the room's events and state to be purged",
    );
    expect(Object.keys(roomLeftovers).filter((t) => !allowedForRoom.includes(t))).toEqual([]);
    const youthLeftovers = await tablesMentioning(stack, youth.userId);
    expect(Object.keys(youthLeftovers).filter((t) => !allowedForYouth.includes(t))).toEqual([]);
    expect(await findInSynapseDatabase(stack, [sentence])).toEqual([]);
  });
});
