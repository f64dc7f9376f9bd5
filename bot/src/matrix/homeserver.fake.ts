import {
  HomeserverError,
  type CreateRoomRequest,
  type Homeserver,
  type RegisteredUser,
  type RegistrationTokenInfo,
  type StateEvent,
} from "./homeserver.ts";

/**
 * An in-memory Synapse for unit tests: records what the bot asked for, so tests assert on data.
 * Test code drives it (`completeRegistration`, `issueOpenIdToken`) the way a youth's browser would.
 */
export class FakeHomeserver implements Homeserver {
  readonly admins = new Set<string>();
  readonly erased: string[] = [];
  readonly rateLimitsRemoved: string[] = [];
  readonly createdRooms: CreateRoomRequest[] = [];
  readonly registeredAdmins: { username: string; password: string }[] = [];
  readonly tokens = new Map<string, RegistrationTokenInfo>();
  readonly openIdTokens = new Map<string, string>();
  /** Set to make the next createRoom fail, as Synapse would on an internal error. */
  /** The next createRoom fails: with this error, or a plain one when true. */
  failCreateRoom: boolean | Error = false;
  /** Set to make ping fail, as an unreachable Synapse would. */
  unreachable = false;
  private counter = 0;
  /** Who creates rooms (the bot's user), joined to each room it creates. */
  botUserId = "@helpline-bot:localhost";
  /** Each created room's initial state (setRoomState adds to it). */
  private readonly initialState = new Map<string, StateEvent[]>();
  /** Set to make the next setRoomState (or invite) fail. */
  failSetRoomState = false;
  failInvite = false;

  async ping(): Promise<void> {
    if (this.unreachable) throw new Error("fetch failed");
  }

  /** How often the bot asked Synapse to deliver what it held back. */
  deliveryResumed = 0;

  async resumeAppserviceDelivery(): Promise<void> {
    if (this.unreachable) throw new Error("fetch failed");
    this.deliveryResumed += 1;
  }

  async isBotAdmin(botUserId: string): Promise<boolean> {
    return this.admins.has(botUserId);
  }

  async registerAdminWithSharedSecret(request: {
    username: string;
    password: string;
    sharedSecret: string;
  }): Promise<RegisteredUser> {
    this.registeredAdmins.push({ username: request.username, password: request.password });
    const userId = `@${request.username}:localhost`;
    this.admins.add(userId);
    return { userId, accessToken: `token-of-${userId}` };
  }

  async makeAdmin(userId: string, adminAccessToken: string): Promise<void> {
    if (!adminAccessToken.startsWith("token-of-")) throw new Error("not an admin token");
    this.admins.add(userId);
  }

  async eraseUser(userId: string): Promise<void> {
    this.erased.push(userId);
    this.admins.delete(userId);
  }

  async removeRateLimits(userId: string): Promise<void> {
    this.rateLimitsRemoved.push(userId);
  }

  async createRegistrationToken(request: {
    usesAllowed: number;
    expiryTime: number;
  }): Promise<RegistrationTokenInfo> {
    this.counter += 1;
    const info = {
      token: `tok${this.counter}`,
      expiryTime: request.expiryTime,
      completed: 0,
      pending: 0,
      usesAllowed: request.usesAllowed,
    };
    this.tokens.set(info.token, info);
    return { ...info };
  }

  async getRegistrationToken(token: string): Promise<RegistrationTokenInfo | null> {
    const info = this.tokens.get(token);
    return info === undefined ? null : { ...info };
  }

  async listRegistrationTokens(): Promise<RegistrationTokenInfo[]> {
    return [...this.tokens.values()].map((info) => ({ ...info }));
  }

  async deleteRegistrationToken(token: string): Promise<void> {
    this.tokens.delete(token);
  }

  async openIdUserId(openIdAccessToken: string): Promise<string | null> {
    return this.openIdTokens.get(openIdAccessToken) ?? null;
  }

  async createRoom(request: CreateRoomRequest): Promise<string> {
    if (this.failCreateRoom !== false) {
      const error =
        this.failCreateRoom === true ? new Error("createRoom failed") : this.failCreateRoom;
      this.failCreateRoom = false;
      throw error;
    }
    const alias =
      request.room_alias_name === undefined ? undefined : `#${request.room_alias_name}:localhost`;
    if (alias !== undefined && this.aliases.has(alias)) {
      throw new HomeserverError("create room", 400, "M_ROOM_IN_USE");
    }
    this.createdRooms.push(request);
    const roomId = `!room${this.createdRooms.length}:localhost`;
    if (alias !== undefined) this.aliases.set(alias, roomId);
    // Its initial state is the room's state; the bot is in it until it is deleted (its own
    // membership is left out of `rooms`, which holds what tests assert on).
    this.initialState.set(
      roomId,
      request.initial_state.map((event) => ({ ...event, sender: this.botUserId })),
    );
    if (request.name !== undefined) {
      this.initialState.get(roomId)?.push({
        type: "m.room.name",
        state_key: "",
        sender: this.botUserId,
        content: { name: request.name },
      });
    }
    // As Synapse does: the power levels asked for become the room's (over its defaults).
    if (request.power_level_content_override !== undefined) {
      this.initialState.get(roomId)?.push({
        type: "m.room.power_levels",
        state_key: "",
        sender: this.botUserId,
        content: { ...(request.power_level_content_override as Record<string, unknown>) },
      });
    }
    // As Synapse does: whoever the request invites is invited, by the bot.
    for (const userId of request.invite ?? []) {
      this.members(roomId).set(userId, { membership: "invite", sender: "bot" });
    }
    return roomId;
  }

  /** Local aliases and the rooms they point to (deleted with their room). */
  readonly aliases = new Map<string, string>();

  async resolveAlias(alias: string): Promise<string | null> {
    return this.aliases.get(alias) ?? null;
  }

  /** A youth finished registering with `token`. */
  completeRegistration(token: string): void {
    const info = this.tokens.get(token);
    if (info === undefined) throw new Error(`no token ${token}`);
    info.completed += 1;
  }

  /** A user asked Synapse for an OpenID token; returns the token. */
  issueOpenIdToken(userId: string): string {
    const token = `openid-${this.openIdTokens.size + 1}`;
    this.openIdTokens.set(token, userId);
    return token;
  }

  // --- Rooms: a membership table per room, and a log of what the bot did ---

  readonly rooms = new Map<string, Map<string, { membership: string; sender: string }>>();
  readonly roomState: { roomId: string; type: string; stateKey: string; content: object }[] = [];
  readonly notices: { roomId: string; body: string }[] = [];
  private readonly noticeTransactions = new Set<string>();

  private members(roomId: string): Map<string, { membership: string; sender: string }> {
    let members = this.rooms.get(roomId);
    if (members === undefined) {
      members = new Map();
      this.rooms.set(roomId, members);
    }
    return members;
  }

  /** Display names as set in users' profiles (test code sets them). */
  readonly displayNames = new Map<string, string>();

  async displayName(userId: string): Promise<string | null> {
    return this.displayNames.get(userId) ?? null;
  }

  /** The reason of every invite and kick the bot sent, in order. */
  readonly reasons: {
    roomId: string;
    userId: string;
    action: "invite" | "kick";
    reason?: string;
  }[] = [];

  async invite(roomId: string, userId: string, reason?: string): Promise<void> {
    if (this.failInvite) {
      this.failInvite = false;
      throw new HomeserverError("invite", 500, "M_UNKNOWN");
    }
    this.reasons.push({
      roomId,
      userId,
      action: "invite",
      ...(reason === undefined ? {} : { reason }),
    });
    const current = this.members(roomId).get(userId)?.membership;
    if (current !== "join")
      this.members(roomId).set(userId, { membership: "invite", sender: "bot" });
  }

  async kick(roomId: string, userId: string, reason?: string): Promise<void> {
    this.reasons.push({
      roomId,
      userId,
      action: "kick",
      ...(reason === undefined ? {} : { reason }),
    });
    if (this.members(roomId).has(userId)) {
      this.members(roomId).set(userId, { membership: "leave", sender: "bot" });
    }
  }

  async setRoomState(
    roomId: string,
    type: string,
    stateKey: string,
    content: object,
  ): Promise<void> {
    if (this.failSetRoomState) {
      this.failSetRoomState = false;
      throw new HomeserverError("set room state", 500, "M_UNKNOWN");
    }
    this.roomState.push({ roomId, type, stateKey, content });
    const state = this.initialState.get(roomId);
    if (state !== undefined) {
      const kept = state.filter((event) => !(event.type === type && event.state_key === stateKey));
      kept.push({
        type,
        state_key: stateKey,
        sender: this.botUserId,
        content: { ...(content as Record<string, unknown>) },
      });
      this.initialState.set(roomId, kept);
    }
  }

  async sendNotice(roomId: string, body: string, transactionId: string): Promise<void> {
    if (this.noticeTransactions.has(transactionId)) return;
    this.noticeTransactions.add(transactionId);
    this.notices.push({ roomId, body });
  }

  readonly alerts: { roomId: string; body: string; html: string; mentions: string[] }[] = [];

  async sendAlert(
    roomId: string,
    alert: { body: string; html: string; mentions: readonly string[] },
    transactionId: string,
  ): Promise<void> {
    if (this.noticeTransactions.has(transactionId)) return;
    this.noticeTransactions.add(transactionId);
    this.alerts.push({ roomId, ...alert, mentions: [...alert.mentions] });
  }

  readonly redacted: { roomId: string; eventId: string }[] = [];

  async redact(roomId: string, eventId: string, _transactionId: string): Promise<void> {
    this.redacted.push({ roomId, eventId });
  }

  readonly deletedRooms: string[] = [];

  async deleteRoom(roomId: string): Promise<void> {
    this.deletedRooms.push(roomId);
    this.rooms.delete(roomId);
    this.initialState.delete(roomId);
    for (const [alias, target] of this.aliases) if (target === roomId) this.aliases.delete(alias);
  }

  async memberships(
    roomId: string,
  ): Promise<Record<string, { membership: string; sender: string }>> {
    return Object.fromEntries(this.members(roomId));
  }

  /** Rooms the bot created and that were not deleted (it stays joined to them). */
  async joinedRooms(): Promise<string[]> {
    return [...this.initialState.keys()];
  }

  async stateOf(roomId: string): Promise<StateEvent[]> {
    const state = this.initialState.get(roomId);
    if (state === undefined) throw new HomeserverError("room state", 403, "M_FORBIDDEN");
    const members = [
      [this.botUserId, { membership: "join", sender: this.botUserId }] as const,
      ...(this.rooms.get(roomId) ?? []),
    ].map(([userId, { membership, sender }]) => ({
      type: "m.room.member",
      state_key: userId,
      sender,
      content: { membership },
    }));
    return [...state, ...members];
  }

  /** A user changes their own membership, as their client would. */
  setMembership(roomId: string, userId: string, membership: string): void {
    this.members(roomId).set(userId, { membership, sender: userId });
  }
}
