import {
  HomeserverError,
  type CreateRoomRequest,
  type Homeserver,
  type RegisteredUser,
  type RegistrationTokenInfo,
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

  async ping(): Promise<void> {
    if (this.unreachable) throw new Error("fetch failed");
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
    this.roomState.push({ roomId, type, stateKey, content });
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
    for (const [alias, target] of this.aliases) if (target === roomId) this.aliases.delete(alias);
  }

  async memberships(
    roomId: string,
  ): Promise<Record<string, { membership: string; sender: string }>> {
    return Object.fromEntries(this.members(roomId));
  }

  /** A user changes their own membership, as their client would. */
  setMembership(roomId: string, userId: string, membership: string): void {
    this.members(roomId).set(userId, { membership, sender: userId });
  }
}
