import { readFileSync } from "node:fs";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthSees,
  youthStartsConversation,
} from "../support/permanence.ts";
import { absoluteFormTargets, hostileTargets, rawRequest } from "@helpline/scripts/web/probes";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import {
  registerWithToken,
  registerYouth,
  requestOpenIdToken,
  type ApiYouth,
} from "../support/youth.ts";

// Issue 5, "Authorization": each item is a request made with real credentials (a youth who got a
// real conversation from the bot, counsellors who logged in) against the real Synapse and bot.
// Each test names, in a comment, the setting or module callback it proves; removing that
// protection turns it red.

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Synapse answers JSON; the web server's 404 and the appservice may not. */
function parseBody(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { text };
  }
}

/** Plain Matrix requests with one account's access token. */
function as(token: string | undefined, baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: parseBody(text) };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown = {}) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    /** Uploads raw bytes, as a client uploading a picture would. */
    async upload(path: string, bytes: Uint8Array<ArrayBuffer>, method = "POST"): Promise<Answer> {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          "Content-Type": "image/png",
        },
        body: bytes,
      });
      return { status: response.status, body: parseBody(await response.text()) };
    },
  };
}

const r = encodeURIComponent;
const pixel = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe("what each account may do on the homeserver", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;
  let dominique: ScriptedCounsellor;
  let youthA: ApiYouth;
  let roomA: string;
  let youthB: ApiYouth;
  let roomB: string;
  /** Youth A's token on Synapse directly: the module and settings must hold without the proxy. */
  let a: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startTestStack({
      counsellors: [
        { localpart: "camille", displayName: "Camille", maxConversations: 3 },
        { localpart: "dominique", displayName: "Dominique", maxConversations: 3 },
      ],
    });
    [camille, dominique] = (await teamLogsIn(stack)) as [ScriptedCounsellor, ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    youthA = await registerYouth(stack);
    roomA = await youthStartsConversation(stack, youthA);
    expect(await camille.acceptNextInvite()).toBe(roomA);
    youthB = await registerYouth(stack);
    roomB = await youthStartsConversation(stack, youthB);
    expect(await camille.acceptNextInvite()).toBe(roomB);
    await youthSees(stack, youthA, roomA, "counsellor_present");
    a = as(youthA.accessToken, stack.synapseUrl);
  }, 120_000);

  afterAll(async () => {
    await camille?.stop();
    await dominique?.stop();
    await stack?.stop();
  });

  describe("a youth's credentials", () => {
    it("should not create a room", async () => {
      // Proves helpline_guard's user_may_create_room (a youth-type account, not admin).
      const created = await a.post("/_matrix/client/v3/createRoom", { preset: "private_chat" });
      expect(created.status).toBe(403);
      expect(created.body.errcode).toBe("M_FORBIDDEN");
    });

    it("should not join or peek into another youth's room or the staff room", async () => {
      // Proves the invite-only join rule and "shared"/"invited" history visibility of the bot's
      // rooms (bot/src/conversations/room-spec.ts): not a member, nothing to read.
      for (const room of [roomB, stack.bot.staffRoomId]) {
        expect((await a.post(`/_matrix/client/v3/rooms/${r(room)}/join`)).status).toBe(403);
        expect((await a.post(`/_matrix/client/v3/join/${r(room)}`)).status).toBe(403);
        expect((await a.get(`/_matrix/client/v3/rooms/${r(room)}/messages?dir=b`)).status).toBe(
          403,
        );
        expect((await a.get(`/_matrix/client/v3/rooms/${r(room)}/state`)).status).toBe(403);
        expect((await a.get(`/_matrix/client/v3/rooms/${r(room)}/members`)).status).toBe(403);
      }
      // Sanity: her own room is readable, so the 403s above are about the room, not the token.
      expect((await a.get(`/_matrix/client/v3/rooms/${r(roomA)}/state`)).status).toBe(200);
    });

    it("should not join a room she was not invited to, even a public one", async () => {
      // Proves helpline_guard's user_may_join_room: join rules alone would let her in here.
      const d = as(dominique.client.getAccessToken() ?? "", stack.synapseUrl);
      const created = await d.post("/_matrix/client/v3/createRoom", { preset: "public_chat" });
      expect(created.status).toBe(200);
      const room = created.body.room_id as string;
      expect((await a.post(`/_matrix/client/v3/rooms/${r(room)}/join`)).status).toBe(403);
      // But a youth already in her room may "join" it again: that is how Synapse carries a new
      // display name (the pseudonym she may give) into her membership, and a resumed page joins.
      const renamed = await a.put(`/_matrix/client/v3/profile/${r(youthA.userId)}/displayname`, {
        displayname: "Lou",
      });
      expect(renamed.status).toBe(200);
      await eventually(
        () => a.get(`/_matrix/client/v3/rooms/${r(roomA)}/state/m.room.member/${r(youthA.userId)}`),
        (member) => member.body.displayname === "Lou",
        "the new name in her membership",
        10_000,
      );
      expect((await a.post(`/_matrix/client/v3/rooms/${r(roomA)}/join`)).status).toBe(200);
      // Sanity: another counsellor may join it, so the room is joinable indeed.
      const c = as(camille.client.getAccessToken() ?? "", stack.synapseUrl);
      expect((await c.post(`/_matrix/client/v3/rooms/${r(room)}/join`)).status).toBe(200);
    });

    it("should not invite anyone, even into her own room", async () => {
      // Proves two locks: the conversation's power levels (invite: 50, room-spec.ts) and
      // helpline_guard's user_may_invite. Either one alone keeps this test green.
      const invited = await a.post(`/_matrix/client/v3/rooms/${r(roomA)}/invite`, {
        user_id: dominique.userId,
      });
      expect(invited.status).toBe(403);
      const members = await a.get(`/_matrix/client/v3/rooms/${r(roomA)}/members`);
      const chunk = members.body.chunk as { state_key: string }[];
      expect(chunk.map((event) => event.state_key)).not.toContain(dominique.userId);
    });

    it("should not change her room's state or power levels", async () => {
      // Proves state_default: 100 and the youth's power level 0 in the bot's room spec.
      const changes: [string, Record<string, unknown>][] = [
        ["m.room.name", { name: "renamed" }],
        ["m.room.topic", { topic: "a topic" }],
        ["m.room.power_levels", { users: { [youthA.userId]: 100 } }],
        ["m.room.join_rules", { join_rule: "public" }],
        ["m.room.history_visibility", { history_visibility: "world_readable" }],
        ["m.room.encryption", { algorithm: "m.megolm.v1.aes-sha2", rotation_period_ms: 1 }],
      ];
      for (const [type, content] of changes) {
        const sent = await a.put(`/_matrix/client/v3/rooms/${r(roomA)}/state/${type}/`, content);
        expect({ type, status: sent.status }).toEqual({ type, status: 403 });
      }
    });

    it("should find no room in the directory, and publish none", async () => {
      // Publishing: room_list_publication_rules [deny] and helpline_guard's user_may_publish_room.
      const published = await a.put(`/_matrix/client/v3/directory/list/room/${r(roomA)}`, {
        visibility: "public",
      });
      expect(published.status).toBe(403);
      // Nobody can, not even a counsellor in the room: the rule is for every account.
      const counsellor = as(camille.client.getAccessToken() ?? "", stack.synapseUrl);
      const byCounsellor = await counsellor.put(
        `/_matrix/client/v3/directory/list/room/${r(roomA)}`,
        { visibility: "public" },
      );
      expect(byCounsellor.status).toBe(403);
      // Aliases: alias_creation_rules [deny] and helpline_guard's user_may_create_room_alias.
      const alias = await a.put(`/_matrix/client/v3/directory/room/${r("#my-room:localhost")}`, {
        room_id: roomA,
      });
      expect(alias.status).toBe(403);
      // So the directory stays empty, logged in or not (allow_public_rooms_without_auth: false).
      for (const listing of [
        await a.get("/_matrix/client/v3/publicRooms"),
        await a.post("/_matrix/client/v3/publicRooms", {}),
      ]) {
        expect(listing.status).toBe(200);
        expect(listing.body.chunk).toEqual([]);
      }
      const anonymous = await as(undefined, stack.synapseUrl).get("/_matrix/client/v3/publicRooms");
      expect(anonymous.status).toBe(401);
    });

    it("should find nobody by searching users, not even her own counsellor", async () => {
      // Proves user_directory.enabled: false. With the directory on, Synapse returns users who
      // share a room with the searcher: Camille would be found.
      const search = await a.post("/_matrix/client/v3/user_directory/search", {
        search_term: "camille",
      });
      expect(search.status).toBe(200);
      expect(search.body.results).toEqual([]);
    });

    it("should read only the profiles of the people in her conversation", async () => {
      // Proves limit_profile_requests_to_users_who_share_rooms (and require_auth_for_profile_requests).
      for (const stranger of [youthB.userId, dominique.userId]) {
        expect((await a.get(`/_matrix/client/v3/profile/${r(stranger)}`)).status).toBe(403);
        expect((await a.get(`/_matrix/client/v3/profile/${r(stranger)}/displayname`)).status).toBe(
          403,
        );
      }
      const anonymous = as(undefined, stack.synapseUrl);
      expect((await anonymous.get(`/_matrix/client/v3/profile/${r(camille.userId)}`)).status).toBe(
        401,
      );
      // Sanity: her counsellor's profile is readable, so the 403s are about who is asked.
      expect((await a.get(`/_matrix/client/v3/profile/${r(camille.userId)}`)).status).toBe(200);
    });

    it("should not upload any file, however small", async () => {
      // Proves helpline_guard's is_user_allowed_to_upload_media_of_size (Synapse answers 413).
      const direct = await a.upload("/_matrix/media/v3/upload?filename=a.png", pixel);
      expect(direct.status).toBe(413);
      expect(direct.body.content_uri).toBeUndefined();
      // The two-step (asynchronous) upload: an id may be reserved, but its content is refused.
      const reserved = await a.post("/_matrix/media/v1/create", {});
      if (reserved.status === 200) {
        const [, serverName, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(
          reserved.body.content_uri as string,
        ) ?? ["", "", ""];
        const put = await a.upload(
          `/_matrix/media/v3/upload/${r(serverName)}/${r(mediaId)}`,
          pixel,
          "PUT",
        );
        expect(put.status).toBe(413);
      }
      // Reserving ids in bulk stops soon (max_pending_media_uploads: 2), so a youth cannot fill
      // the database with empty reservations either.
      const reservations = [await a.post("/_matrix/media/v1/create", {})];
      reservations.push(await a.post("/_matrix/media/v1/create", {}));
      reservations.push(await a.post("/_matrix/media/v1/create", {}));
      expect(reservations.map((answer) => answer.status)).toContain(429);
      // There is no client-API upload endpoint in Synapse 1.160; make sure nothing answers there.
      expect((await a.upload("/_matrix/client/v1/media/upload", pixel)).status).not.toBe(200);
      // Through the page's origin, which forwards this one upload route for the counsellors'
      // handover bundles (MSC4268), Synapse refuses the youth just the same.
      const web = as(youthA.accessToken, stack.webUrl);
      expect((await web.upload("/_matrix/media/v3/upload", pixel)).status).toBe(413);
      expect((await web.upload("/_matrix/client/v1/media/upload", pixel)).status).not.toBe(200);
      // Sanity: a counsellor can upload a small file, so the refusal is about the youth's account
      // type; a large one is refused for everyone by max_upload_size (1M).
      const counsellor = as(camille.client.getAccessToken() ?? "", stack.synapseUrl);
      expect((await counsellor.upload("/_matrix/media/v3/upload", pixel)).status).toBe(200);
      const big = await counsellor.upload(
        "/_matrix/media/v3/upload",
        new Uint8Array(2 * 1024 * 1024),
      );
      expect(big.status).toBe(413);
    });

    it("should not register again with the token she used", async () => {
      // Proves the bot's single-use registration tokens (uses_allowed: 1).
      const again = await registerWithToken(stack, youthA.registrationToken);
      expect(again.status).toBe(403);
      expect(again.body.access_token).toBeUndefined();
    });

    it("should not reach Synapse's admin API, even directly", async () => {
      // Proves that Synapse's admin API checks is_admin: a youth's token is refused.
      for (const path of [
        "/_synapse/admin/v2/users",
        "/_synapse/admin/v1/registration_tokens",
        `/_synapse/admin/v2/users/${r(youthB.userId)}`,
        "/_synapse/admin/v1/rooms",
      ]) {
        const answer = await a.get(path);
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      }
      const erase = await a.post(`/_synapse/admin/v1/deactivate/${r(youthB.userId)}`, {
        erase: true,
      });
      expect(erase.status).toBe(403);
    });

    it("should be throttled when flooding her room with messages", async () => {
      // Proves rc_message (burst 10, then 0.3/s) for youth accounts. Content need not be real
      // ciphertext: the limit applies before anybody could read it. A youth of her own, so the
      // other tests' requests are not limited by this one.
      const flooder = await registerYouth(stack);
      const room = await youthStartsConversation(stack, flooder);
      const f = as(flooder.accessToken, stack.synapseUrl);
      const statuses: number[] = [];
      let limited: Answer | undefined;
      for (let i = 0; i < 20 && !limited; i++) {
        const sent = await f.put(
          `/_matrix/client/v3/rooms/${r(room)}/send/m.room.encrypted/flood-${i}`,
          {
            algorithm: "m.megolm.v1.aes-sha2",
            ciphertext: "not really ciphertext",
            device_id: "FLOOD",
            sender_key: "junk",
            session_id: "junk",
          },
        );
        statuses.push(sent.status);
        if (sent.status === 429) limited = sent;
      }
      expect(limited?.body.errcode).toBe("M_LIMIT_EXCEEDED");
      // A person's burst of short lines goes through before the limit (her join took one).
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(8);
      expect(statuses.length).toBeLessThanOrEqual(12);
    });
  });

  describe("the bot", () => {
    it("should not be throttled itself", async () => {
      // The bot writes for every youth at once on a busy night: its own limit is lifted
      // (override_ratelimit). Read with its own token, which is an admin's.
      const bot = as(stack.secrets.appserviceToken, stack.synapseUrl);
      const override = await bot.get(
        `/_synapse/admin/v1/users/${r(stack.bot.userId)}/override_ratelimit`,
      );
      expect(override.status).toBe(200);
      expect(override.body).toEqual({ messages_per_second: 0, burst_count: 0 });
    });
  });

  describe("a counsellor's credentials", () => {
    it("should not read a conversation she was never part of", async () => {
      // Proves the invite-only join rule and history visibility of conversation rooms: Dominique
      // was never invited to youth A's conversation.
      const d = as(dominique.client.getAccessToken() ?? "", stack.synapseUrl);
      const latest = await a.get(`/_matrix/client/v3/rooms/${r(roomA)}/messages?dir=b&limit=1`);
      const eventId = (latest.body.chunk as { event_id: string }[])[0]?.event_id ?? "";
      expect(eventId).not.toBe("");
      expect((await d.get(`/_matrix/client/v3/rooms/${r(roomA)}/messages?dir=b`)).status).toBe(403);
      expect(
        (await d.get(`/_matrix/client/v3/rooms/${r(roomA)}/context/${r(eventId)}`)).status,
      ).toBe(403);
      expect([403, 404]).toContain(
        (await d.get(`/_matrix/client/v3/rooms/${r(roomA)}/event/${r(eventId)}`)).status,
      );
      expect((await d.get(`/_matrix/client/v3/rooms/${r(roomA)}/state`)).status).toBe(403);
      expect((await d.get(`/_matrix/client/v3/rooms/${r(roomA)}/members`)).status).toBe(403);
      expect((await d.post(`/_matrix/client/v3/rooms/${r(roomA)}/join`)).status).toBe(403);
    });

    it("should still create a room: only youths are restricted", async () => {
      // The other side of helpline_guard: accounts made by the operator's command carry the
      // counsellor type (signed in the shared-secret MAC), a youth's the default youth type.
      const bot = as(stack.secrets.appserviceToken, stack.synapseUrl);
      const typeOf = async (userId: string) =>
        (await bot.get(`/_synapse/admin/v2/users/${r(userId)}`)).body.user_type;
      expect(await typeOf(dominique.userId)).toBe("org.helplinechat.counsellor");
      expect(await typeOf(youthA.userId)).toBe("org.helplinechat.youth");
      const d = as(dominique.client.getAccessToken() ?? "", stack.synapseUrl);
      const created = await d.post("/_matrix/client/v3/createRoom", { preset: "private_chat" });
      expect(created.status).toBe(200);
    });

    it("should not be invited by the bot once off duty", async () => {
      // Proves the permanence only offers youths to counsellors on duty (bot's engine), with a
      // real "!fin": Dominique went on duty, then off; Camille pauses.
      await camille.sayInStaffRoom("!pause");
      await eventually(
        () => counsellorDesk(stack, camille),
        (desk) => desk.availability === "paused",
        "Camille paused",
      );
      await counsellorGoesOnDuty(stack, dominique);
      await dominique.sayInStaffRoom("!fin");
      await eventually(
        () => counsellorDesk(stack, dominique),
        (desk) => desk.availability === "off_duty",
        "Dominique off duty",
      );

      const youthC = await registerYouth(stack);
      const roomC = await youthStartsConversation(stack, youthC);
      await youthSees(stack, youthC, roomC, "waiting");
      await stack.bot.settled();
      const membersOfRoomC = async () => {
        const members = await as(youthC.accessToken, stack.synapseUrl).get(
          `/_matrix/client/v3/rooms/${r(roomC)}/members`,
        );
        return Object.fromEntries(
          (members.body.chunk as { state_key: string; content: { membership: string } }[]).map(
            (event) => [event.state_key, event.content.membership],
          ),
        );
      };
      const whileOffDuty = await membersOfRoomC();
      expect(whileOffDuty[dominique.userId]).toBeUndefined();
      expect(whileOffDuty[camille.userId]).toBeUndefined();

      // Sanity: back on duty (capacity 3), she is invited to this waiting youth's room at once,
      // so the quiet above was not luck.
      await counsellorGoesOnDuty(stack, dominique);
      await eventually(
        membersOfRoomC,
        (members) => members[dominique.userId] === "invite",
        "Dominique invited once on duty",
      );
    });
  });

  describe("the bot's counsellor-only endpoints", () => {
    it("should refuse a youth's real OpenID token and anonymous callers, changing nothing", async () => {
      // Proves bot/src/api/app.ts checks, for each counsellor endpoint, that the OpenID token names
      // a counsellor of this helpline, not merely a valid account of this server.
      const before = await counsellorDesk(stack, camille);
      const reference = before.conversations[0]?.reference ?? 1;
      const youthToken = (await requestOpenIdToken(stack, youthA)).access_token as string;
      const calls = [
        ["GET", "/api/counsellor/me", undefined],
        ["PUT", "/api/counsellor/availability", { availability: "off_duty" }],
        ["POST", "/api/counsellor/bars", { reference }],
      ] as const;
      for (const [method, path, body] of calls) {
        for (const token of [youthToken, undefined]) {
          const answer = await fetch(`${stack.webUrl}${path}`, {
            method,
            headers: {
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
              ...(body ? { "Content-Type": "application/json" } : {}),
            },
            ...(body ? { body: JSON.stringify(body) } : {}),
          });
          const who = token ? "youth" : "anonymous";
          expect({ path, who, status: answer.status }).toEqual({
            path,
            who,
            status: token ? 403 : 401,
          });
        }
      }
      const after = await counsellorDesk(stack, camille);
      expect(after).toEqual(before);
    });
  });

  describe("the youth's web origin", () => {
    it("should reach neither Synapse's admin API nor the bot's appservice endpoint", async () => {
      // Proves scripts/src/web/server.ts passes on /_matrix/client/ and /api/ only.
      const web = as(youthA.accessToken, stack.webUrl);
      for (const path of [
        "/_synapse/admin/v1/server_version",
        "/_synapse/admin/v2/users",
        "/_synapse/admin/v1/register",
        "/_matrix/app/v1/transactions/1",
        "/_matrix/app/v1/users/%40someone%3Alocalhost",
        "/_matrix/federation/v1/openid/userinfo?access_token=x",
        "/_matrix/media/v3/config",
      ]) {
        const answer = await web.get(path);
        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      }
      expect((await web.put("/_matrix/app/v1/transactions/1", { events: [] })).status).toBe(404);

      // The appservice endpoint itself, reached directly (only possible from the server), wants
      // Synapse's hs_token: a youth's token is refused.
      const appservice = YAML.parse(readFileSync(stack.rendered.appserviceFile, "utf8")) as {
        url: string;
      };
      const direct = await as(youthA.accessToken, appservice.url).put(
        "/_matrix/app/v1/transactions/1",
        { events: [] },
      );
      expect([401, 403]).toContain(direct.status);
    });

    it("should keep raw hostile paths away from Synapse, even with an admin's token, and keep running", async () => {
      // `fetch` cleans `..` and `%2e%2e` out of a URL; a script writes them on a socket as they
      // are (scripts/src/web/probes.ts). The bot's token is an admin's: had one of these reached
      // the admin API, Synapse would have answered it.
      const admin = { Authorization: `Bearer ${stack.secrets.appserviceToken}` };
      const host = new URL(stack.webUrl).host;
      for (const target of [...hostileTargets, ...absoluteFormTargets(host)]) {
        const answer = await rawRequest(stack.webUrl, "GET", target, admin);
        expect({ target, refused: [400, 404].includes(answer.status) }).toEqual({
          target,
          refused: true,
        });
        expect(answer.text, target).not.toContain('"errcode"');
      }
      const versions = await rawRequest(stack.webUrl, "GET", "/_matrix/client/versions");
      expect(versions.status).toBe(200);
    });
  });
});
