// The narrow, typed view of Synapse the bot needs. Request handlers and start-up logic depend on
// this interface only, so unit tests use an in-memory fake (see homeserver-fake.ts) and the real
// implementation (synapse-homeserver.ts) stays a thin layer of fetch calls.

/** A createRoom request body, as built by conversations/room-spec.ts. */
export interface CreateRoomRequest {
  /** public_chat only for the staff room, which must stay unencrypted (see staff-room.ts). */
  preset: "private_chat" | "public_chat";
  visibility: "private";
  name?: string;
  topic?: string;
  /**
   * A local alias for the room: creating a second room with it fails (M_ROOM_IN_USE), which makes
   * creating a side channel idempotent (permanence/side-channels.ts).
   */
  room_alias_name?: string;
  creation_content: Record<string, unknown>;
  initial_state: { type: string; state_key: string; content: Record<string, unknown> }[];
  invite: string[];
  power_level_content_override: Record<string, unknown>;
}

export interface RegistrationTokenInfo {
  token: string;
  /** Unix time in milliseconds, or null for a token that never expires. */
  expiryTime: number | null;
  /** Registrations completed with this token. */
  completed: number;
  /** Registrations started with this token and not finished. */
  pending: number;
  /** How many registrations the token allows; null for unlimited. Absent when unknown. */
  usesAllowed?: number | null;
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
}

export interface Homeserver {
  /** Resolves if Synapse answers, and accepts the bot's token, within `timeoutMs`; throws if not. */
  ping(timeoutMs: number): Promise<void>;
  /**
   * Has Synapse ping the bot's appservice listener (`/_matrix/client/v1/appservice/{id}/ping`)
   * and, on success, deliver at once the transactions it held back while the bot was down.
   */
  resumeAppserviceDelivery(appserviceId: string): Promise<void>;
  /** True if the bot's user is a server admin (the admin API answers 403 when it is not). */
  isBotAdmin(botUserId: string): Promise<boolean>;
  /** Shared-secret registration (`/_synapse/admin/v1/register`) of a server admin. */
  registerAdminWithSharedSecret(request: {
    username: string;
    password: string;
    sharedSecret: string;
  }): Promise<RegisteredUser>;
  /** Makes `userId` a server admin, acting as `adminAccessToken`. */
  makeAdmin(userId: string, adminAccessToken: string): Promise<void>;
  /** Deactivates and erases an account, acting as the bot or as `adminAccessToken`. */
  eraseUser(userId: string, adminAccessToken?: string): Promise<void>;
  /** Exempts a user from message rate limits (needs the bot to be admin). */
  removeRateLimits(userId: string): Promise<void>;
  createRegistrationToken(request: {
    usesAllowed: number;
    expiryTime: number;
  }): Promise<RegistrationTokenInfo>;
  /** Null when Synapse does not know the token (e.g. it was deleted). */
  getRegistrationToken(token: string): Promise<RegistrationTokenInfo | null>;
  /** Every registration token Synapse knows. */
  listRegistrationTokens(): Promise<RegistrationTokenInfo[]>;
  /** Deletes a registration token; deleting one that is already gone succeeds. */
  deleteRegistrationToken(token: string): Promise<void>;
  /** The user id an OpenID token vouches for, or null if Synapse does not accept the token. */
  openIdUserId(openIdAccessToken: string): Promise<string | null>;
  /** A user's display name in their global profile (admin API), or null if they have none. */
  displayName(userId: string): Promise<string | null>;
  /** Creates a room as the bot; returns its id. */
  createRoom(request: CreateRoomRequest): Promise<string>;
  /** The room a local alias (`#name:server`) points to, or null when there is none. */
  resolveAlias(alias: string): Promise<string | null>;

  // Room operations of the permanence. Each is idempotent, because after a crash the bot carries
  // out again the commands it had not confirmed: inviting someone already invited or joined, or
  // removing someone already gone, succeeds.

  /** Invites `userId` as the bot; `reason` is shown with the invite (Element does). */
  invite(roomId: string, userId: string, reason?: string): Promise<void>;
  /** Withdraws an invite or removes a member, as the bot; `reason` is shown to them. */
  kick(roomId: string, userId: string, reason?: string): Promise<void>;
  setRoomState(roomId: string, type: string, stateKey: string, content: object): Promise<void>;
  /** Sends an m.notice. `transactionId` makes a repeated send a no-op. */
  sendNotice(roomId: string, body: string, transactionId: string): Promise<void>;
  /**
   * Sends an m.text that mentions people (pills in `html`, and `m.mentions.user_ids`): unlike a
   * notice, which Element's default push rules never notify, it notifies those it mentions.
   * `transactionId` makes a repeated send a no-op.
   */
  sendAlert(
    roomId: string,
    alert: { body: string; html: string; mentions: readonly string[] },
    transactionId: string,
  ): Promise<void>;
  /**
   * Redacts an event as the bot (its content goes; Synapse purges it after
   * `redaction_retention_period`). `transactionId` makes a repeated redaction a no-op.
   */
  redact(roomId: string, eventId: string, transactionId: string): Promise<void>;
  /**
   * Deletes a room for good: every member removed, its events purged from the database, its id
   * blocked. Synapse finishes the purge in the background and resumes it after a restart.
   */
  deleteRoom(roomId: string): Promise<void>;
  /** Every member's current membership ("invite", "join", "leave", "ban") and who set it. */
  memberships(roomId: string): Promise<Record<string, { membership: string; sender: string }>>;
  /** The rooms the bot is joined to (conversations/room-pool-recovery.ts finds its pool in them). */
  joinedRooms(): Promise<string[]>;
  /** A room's current state, as the bot sees it. */
  stateOf(roomId: string): Promise<StateEvent[]>;
}

export interface StateEvent {
  type: string;
  state_key: string;
  sender: string;
  content: Record<string, unknown>;
}

/** An unexpected answer from Synapse. Carries status and errcode only: never URLs or bodies. */
export class HomeserverError extends Error {
  readonly status: number;
  readonly errcode: string | undefined;

  constructor(operation: string, status: number, errcode: string | undefined) {
    super(`${operation} failed: HTTP ${status}${errcode ? ` ${errcode}` : ""}`);
    this.name = "HomeserverError";
    this.status = status;
    this.errcode = errcode;
  }

  /** A refusal (4xx other than rate limiting): asking again will not change the answer. */
  get refusal(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}

/**
 * Whether a call failed because the homeserver did not serve it now: it timed out, could not be
 * reached, or answered 5xx or 429; asking again later may succeed.
 */
export function homeserverUnavailable(error: unknown): boolean {
  if (error instanceof HomeserverError) return !error.refusal;
  if (!(error instanceof Error)) return false;
  // AbortSignal.timeout() rejects fetch with a DOMException named TimeoutError.
  if (error.name === "TimeoutError") return true;
  // undici's "fetch failed", whose cause says the connection never carried an answer.
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return (
    error instanceof TypeError &&
    typeof code === "string" &&
    (code === "ECONNREFUSED" || code === "ECONNRESET" || code.startsWith("UND_ERR_"))
  );
}
