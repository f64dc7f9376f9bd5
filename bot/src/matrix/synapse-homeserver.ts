import {
  HomeserverError,
  type CreateRoomRequest,
  type Homeserver,
  type RegisteredUser,
  type RegistrationTokenInfo,
  type StateEvent,
} from "./homeserver.ts";
import { sharedSecretRegistrationMac } from "./shared-secret.ts";

// Synapse over plain fetch, authenticated with the appservice's as_token (which acts as the bot's
// user). URLs may carry tokens (the OpenID check does), so errors only ever report the operation
// name, the status and the errcode.

const requestTimeoutMs = 15_000;

/**
 * Synapse finishes a createRoom it has begun whether or not anyone still waits for its answer: on
 * a busy night it may take longer than other calls' limit. Waiting for it is how the bot learns
 * the id of a room it made, so that the room is used or deleted (conversations/late-rooms.ts)
 * rather than left with a youth's invite until the bot's next start. A youth is not kept waiting
 * that long: openConversation answers her within its own limit.
 */
const roomCreationTimeoutMs = 120_000;

interface Options {
  baseUrl: string;
  asToken: string;
}

async function errcodeOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { errcode?: unknown };
    return typeof body.errcode === "string" ? body.errcode : undefined;
  } catch {
    return undefined;
  }
}

function asTokenInfo(body: unknown): RegistrationTokenInfo {
  const raw = body as Record<string, unknown>;
  if (typeof raw.token !== "string")
    throw new Error("Synapse returned a registration token without a token");
  return {
    token: raw.token,
    expiryTime: typeof raw.expiry_time === "number" ? raw.expiry_time : null,
    completed: typeof raw.completed === "number" ? raw.completed : 0,
    pending: typeof raw.pending === "number" ? raw.pending : 0,
    usesAllowed: typeof raw.uses_allowed === "number" ? raw.uses_allowed : null,
  };
}

export function createSynapseHomeserver(options: Options): Homeserver {
  const base = options.baseUrl.replace(/\/+$/, "");

  async function call(
    operation: string,
    method: string,
    path: string,
    init?: {
      body?: unknown;
      accessToken?: string | null;
      okStatuses?: number[];
      timeoutMs?: number;
    },
  ): Promise<Response> {
    const token = init?.accessToken === undefined ? options.asToken : init.accessToken;
    const headers: Record<string, string> = {};
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (init?.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(base + path, {
      method,
      headers,
      body: init?.body === undefined ? null : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init?.timeoutMs ?? requestTimeoutMs),
    });
    const ok = init?.okStatuses ?? [200];
    if (!ok.includes(response.status)) {
      throw new HomeserverError(operation, response.status, await errcodeOf(response));
    }
    return response;
  }

  const user = (userId: string): string => encodeURIComponent(userId);
  const room = (roomId: string): string => encodeURIComponent(roomId);

  async function stateOf(roomId: string): Promise<StateEvent[]> {
    const response = await call(
      "room state",
      "GET",
      `/_matrix/client/v3/rooms/${room(roomId)}/state`,
    );
    const events = (await response.json()) as unknown;
    if (!Array.isArray(events)) return [];
    const result: StateEvent[] = [];
    for (const event of events as Record<string, unknown>[]) {
      const { type, state_key, sender, content } = event;
      if (
        typeof type === "string" &&
        typeof state_key === "string" &&
        typeof sender === "string" &&
        typeof content === "object" &&
        content !== null
      ) {
        result.push({ type, state_key, sender, content: content as Record<string, unknown> });
      }
    }
    return result;
  }

  async function memberships(
    roomId: string,
  ): Promise<Record<string, { membership: string; sender: string }>> {
    const result: Record<string, { membership: string; sender: string }> = {};
    for (const event of await stateOf(roomId)) {
      const { membership } = event.content;
      if (event.type === "m.room.member" && typeof membership === "string") {
        result[event.state_key] = { membership, sender: event.sender };
      }
    }
    return result;
  }

  async function membershipOf(roomId: string, userId: string): Promise<string> {
    return (await memberships(roomId))[userId]?.membership ?? "leave";
  }

  return {
    async ping(timeoutMs) {
      // whoami, not /versions: it also proves Synapse still accepts the bot's as_token.
      const response = await call("whoami", "GET", "/_matrix/client/v3/account/whoami", {
        timeoutMs,
      });
      await response.body?.cancel();
    },
    async resumeAppserviceDelivery(appserviceId) {
      const response = await call(
        "appservice ping",
        "POST",
        `/_matrix/client/v1/appservice/${encodeURIComponent(appserviceId)}/ping`,
        { body: { transaction_id: `start-${Date.now()}` } },
      );
      await response.body?.cancel();
    },
    async isBotAdmin(botUserId) {
      const response = await call(
        "admin user lookup",
        "GET",
        `/_synapse/admin/v2/users/${user(botUserId)}`,
        {
          okStatuses: [200, 403],
        },
      );
      if (response.status === 403) {
        await response.body?.cancel();
        return false;
      }
      const body = (await response.json()) as { admin?: unknown };
      return body.admin === true || body.admin === 1;
    },

    async displayName(userId) {
      // The admin API, not the profile API: profiles are readable only by users who share a room
      // (limit_profile_requests_to_users_who_share_rooms), and a new counsellor may share none yet.
      const response = await call(
        "admin user lookup",
        "GET",
        `/_synapse/admin/v2/users/${user(userId)}`,
        { okStatuses: [200, 404] },
      );
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      const body = (await response.json()) as { displayname?: unknown };
      return typeof body.displayname === "string" && body.displayname.trim() !== ""
        ? body.displayname.trim()
        : null;
    },

    async registerAdminWithSharedSecret({
      username,
      password,
      sharedSecret,
    }): Promise<RegisteredUser> {
      const nonceResponse = await call(
        "shared-secret nonce",
        "GET",
        "/_synapse/admin/v1/register",
        {
          accessToken: null,
        },
      );
      const { nonce } = (await nonceResponse.json()) as { nonce?: unknown };
      if (typeof nonce !== "string") throw new Error("Synapse returned no registration nonce");
      const mac = sharedSecretRegistrationMac({
        sharedSecret,
        nonce,
        username,
        password,
        admin: true,
      });
      const response = await call(
        "shared-secret registration",
        "POST",
        "/_synapse/admin/v1/register",
        {
          accessToken: null,
          body: { nonce, username, password, admin: true, mac },
        },
      );
      const body = (await response.json()) as { user_id?: unknown; access_token?: unknown };
      if (typeof body.user_id !== "string" || typeof body.access_token !== "string") {
        throw new Error("Synapse's shared-secret registration returned no user id or access token");
      }
      return { userId: body.user_id, accessToken: body.access_token };
    },

    async makeAdmin(userId, adminAccessToken) {
      const response = await call(
        "promote to admin",
        "PUT",
        `/_synapse/admin/v2/users/${user(userId)}`,
        {
          accessToken: adminAccessToken,
          body: { admin: true },
          okStatuses: [200, 201],
        },
      );
      await response.body?.cancel();
    },

    async eraseUser(userId, adminAccessToken) {
      const response = await call(
        "erase user",
        "POST",
        `/_synapse/admin/v1/deactivate/${user(userId)}`,
        {
          body: { erase: true },
          ...(adminAccessToken === undefined ? {} : { accessToken: adminAccessToken }),
        },
      );
      await response.body?.cancel();
    },

    async removeRateLimits(userId) {
      const response = await call(
        "override rate limit",
        "POST",
        `/_synapse/admin/v1/users/${user(userId)}/override_ratelimit`,
        { body: { messages_per_second: 0, burst_count: 0 } },
      );
      await response.body?.cancel();
    },

    async createRegistrationToken({ usesAllowed, expiryTime }) {
      const response = await call(
        "create registration token",
        "POST",
        "/_synapse/admin/v1/registration_tokens/new",
        { body: { uses_allowed: usesAllowed, expiry_time: expiryTime } },
      );
      return asTokenInfo(await response.json());
    },

    async getRegistrationToken(token) {
      const response = await call(
        "registration token lookup",
        "GET",
        `/_synapse/admin/v1/registration_tokens/${encodeURIComponent(token)}`,
        { okStatuses: [200, 404] },
      );
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return asTokenInfo(await response.json());
    },

    async listRegistrationTokens() {
      const response = await call(
        "registration token listing",
        "GET",
        "/_synapse/admin/v1/registration_tokens",
      );
      const body = (await response.json()) as { registration_tokens?: unknown };
      return Array.isArray(body.registration_tokens)
        ? body.registration_tokens.map(asTokenInfo)
        : [];
    },

    async deleteRegistrationToken(token) {
      const response = await call(
        "registration token deletion",
        "DELETE",
        `/_synapse/admin/v1/registration_tokens/${encodeURIComponent(token)}`,
        { okStatuses: [200, 404] },
      );
      await response.body?.cancel();
    },

    async openIdUserId(openIdAccessToken) {
      // The token goes in the query string (that is the federation API's shape); this URL must
      // never be logged, and HomeserverError does not carry it.
      const response = await call(
        "openid userinfo",
        "GET",
        `/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(openIdAccessToken)}`,
        { accessToken: null, okStatuses: [200, 401, 403, 404] },
      );
      if (response.status !== 200) {
        await response.body?.cancel();
        return null;
      }
      const body = (await response.json()) as { sub?: unknown };
      return typeof body.sub === "string" ? body.sub : null;
    },

    async createRoom(request: CreateRoomRequest) {
      const response = await call("create room", "POST", "/_matrix/client/v3/createRoom", {
        body: request,
        timeoutMs: roomCreationTimeoutMs,
      });
      const body = (await response.json()) as { room_id?: unknown };
      if (typeof body.room_id !== "string")
        throw new Error("Synapse's createRoom returned no room id");
      return body.room_id;
    },

    async resolveAlias(alias) {
      const response = await call(
        "resolve alias",
        "GET",
        `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`,
        { okStatuses: [200, 404] },
      );
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      const body = (await response.json()) as { room_id?: unknown };
      return typeof body.room_id === "string" ? body.room_id : null;
    },

    async invite(roomId, userId, reason) {
      const response = await call(
        "invite",
        "POST",
        `/_matrix/client/v3/rooms/${room(roomId)}/invite`,
        {
          body: reason === undefined ? { user_id: userId } : { user_id: userId, reason },
          okStatuses: [200, 403],
        },
      );
      await response.body?.cancel();
      // 403 also means "already invited" or "already joined": only those count as done.
      if (
        response.status === 403 &&
        !["invite", "join"].includes(await membershipOf(roomId, userId))
      ) {
        throw new HomeserverError("invite", 403, "M_FORBIDDEN");
      }
    },

    async kick(roomId, userId, reason) {
      const response = await call("kick", "POST", `/_matrix/client/v3/rooms/${room(roomId)}/kick`, {
        body: reason === undefined ? { user_id: userId } : { user_id: userId, reason },
        okStatuses: [200, 403],
      });
      await response.body?.cancel();
      // 403 also means the user is not (or no longer) in the room: that counts as done.
      if (
        response.status === 403 &&
        ["invite", "join"].includes(await membershipOf(roomId, userId))
      ) {
        throw new HomeserverError("kick", 403, "M_FORBIDDEN");
      }
    },

    async setRoomState(roomId, type, stateKey, content) {
      const response = await call(
        "set room state",
        "PUT",
        `/_matrix/client/v3/rooms/${room(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
        { body: content },
      );
      await response.body?.cancel();
    },

    async sendNotice(roomId, body, transactionId) {
      const response = await call(
        "send notice",
        "PUT",
        `/_matrix/client/v3/rooms/${room(roomId)}/send/m.room.message/${encodeURIComponent(transactionId)}`,
        { body: { msgtype: "m.notice", body } },
      );
      await response.body?.cancel();
    },

    async sendAlert(roomId, alert, transactionId) {
      const response = await call(
        "send alert",
        "PUT",
        `/_matrix/client/v3/rooms/${room(roomId)}/send/m.room.message/${encodeURIComponent(transactionId)}`,
        {
          body: {
            msgtype: "m.text",
            body: alert.body,
            format: "org.matrix.custom.html",
            formatted_body: alert.html,
            "m.mentions": { user_ids: [...alert.mentions] },
          },
        },
      );
      await response.body?.cancel();
    },

    async redact(roomId, eventId, transactionId) {
      const response = await call(
        "redact",
        "PUT",
        `/_matrix/client/v3/rooms/${room(roomId)}/redact/${encodeURIComponent(eventId)}/${encodeURIComponent(transactionId)}`,
        { body: {} },
      );
      await response.body?.cancel();
    },

    async deleteRoom(roomId) {
      const response = await call(
        "delete room",
        "DELETE",
        `/_synapse/admin/v2/rooms/${room(roomId)}`,
        // 400/404: already deleted, or never known to Synapse; either way nothing is left.
        { body: { block: true, purge: true }, okStatuses: [200, 400, 404] },
      );
      await response.body?.cancel();
    },

    memberships,
    stateOf,

    async joinedRooms() {
      const response = await call("joined rooms", "GET", "/_matrix/client/v3/joined_rooms");
      const body = (await response.json()) as { joined_rooms?: unknown };
      return Array.isArray(body.joined_rooms)
        ? body.joined_rooms.filter((id): id is string => typeof id === "string")
        : [];
    },
  };
}
