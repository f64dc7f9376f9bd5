import { z } from "zod";
import { defaultMinimumCell } from "@helpline/contract";

// The bot's config file, declared once: the type, the validation and the error wording all come
// from here. Objects are strict so a misspelt key is an error instead of a silently ignored setting.

const matrixUserId = z
  .string()
  .regex(/^@[^:\s]+:\S+$/, { error: "a Matrix user id like @name:server" });

const port = z.int().min(0).max(65535);

const counsellor = z.strictObject({
  userId: matrixUserId,
  /** Overrides the helpline's default maximum of simultaneous conversations. */
  maxConversations: z.int().min(1).max(20).optional(),
  /**
   * May see the whole team and queue and offer a waiting youth to a named counsellor
   * (GET /api/supervisor/overview, POST /api/supervisor/queue/:reference/assign). Also granted at
   * run time by `npm run admin -- counsellor supervisor <user> on`; either is enough.
   */
  supervisor: z.boolean().optional(),
});

const bucket = (capacity: number, refillPerMinute: number) =>
  z
    .strictObject({
      capacity: z.int().min(1).max(100_000),
      refillPerMinute: z.number().positive().max(100_000),
    })
    .default({ capacity, refillPerMinute });

/**
 * Protection against floods, per client (an HMAC of its address, never the address). The defaults
 * are loose enough for a school or a mobile network where many people share one address: they stop
 * scripts, not youths.
 */
export const abuseConfigSchema = z.strictObject({
  /**
   * Leading zero bits of the proof of work asked before a registration token: 2^bits SHA-256
   * hashes on average. 13 bits (~8,200 hashes) is solved by the page's WebCrypto solver in a mean
   * ~0.1 s (p50 ~0.08 s, p90 ~0.2–0.4 s) in Node 20 on one core of a busy 2-core server, so about
   * 0.2–0.5 s on a mid-range phone, in the background while the welcome screen is read. It costs a
   * script a little per account; the rate limits do the rest. 0 switches it off.
   */
  proofOfWorkBits: z.int().min(0).max(24).default(13),
  rateLimits: z
    .strictObject({
      /** Each one creates an account on Synapse: the scarcest. */
      registrationTokens: bucket(20, 2),
      conversations: bucket(30, 4),
      challenges: bucket(60, 10),
      /** Status and the helpline's public description, read by every page load. */
      status: bucket(120, 60),
      /**
       * What youths' pages say of themselves: one every 30 s per open page, and a last word. A
       * school may hold dozens of youths behind one address: loose, it only stops floods.
       */
      presence: bucket(600, 300),
      /**
       * Every request to the counsellor and supervisor routes. A console polls every 2 s, and a
       * team may share one office address: loose, it only stops floods.
       */
      counsellor: bucket(600, 600),
      /**
       * Counsellor OpenID tokens the bot has not confirmed in the last minute: each costs a call
       * to Synapse. A console brings a new one about hourly, or when it is reloaded.
       */
      counsellorTokenChecks: bucket(60, 20),
    })
    .prefault({}),
});

const helpline = z.strictObject({
  /** The service's definition: hours, texts, resources (see config/helplines/). Resolved to an absolute path. */
  definition: z.string().min(1),
  /**
   * At least one, unless the definition says the service has `ended`: checked once the
   * definitions are read (helpline/staffing.ts), as this file cannot tell.
   */
  counsellors: z.array(counsellor).default([]),
});

export const botConfigSchema = z.strictObject({
  homeserver: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }),
    serverName: z.string().min(1),
  }),
  appservice: z.strictObject({
    /** Resolved to an absolute path by the loader. */
    registrationFile: z.string().min(1),
    bindAddress: z.string().min(1),
    port,
  }),
  api: z.strictObject({
    bindAddress: z.string().min(1),
    /** 0 lets the system choose a free port (tests). */
    port,
    /**
     * The API sits behind the helpline's web server, which puts the client's address in
     * `X-Helpline-Client-Address` (overwriting whatever the client sent). Only then is that header
     * read; the address is hashed at once (api/abuse/client-keys.ts) and never stored or logged.
     */
    trustProxy: z.boolean().default(true),
  }),
  /**
   * The private listener: Prometheus metrics (/metrics) and the admin CLI (/admin/*, with the
   * secret in <stateDir>/admin-endpoint.json). Bind it to loopback or an internal network only;
   * the web server never proxies it. Port 0 lets the system choose (the CLI reads the file).
   */
  privateApi: z
    .strictObject({
      bindAddress: z.string().min(1).default("127.0.0.1"),
      port: port.default(0),
    })
    .prefault({}),
  /** Resolved to an absolute path by the loader. */
  secretsFile: z.string().min(1),
  /** The permanence's journal and the staff room's id. Resolved to an absolute path by the loader. */
  stateDir: z.string().min(1),
  registrationTokenLifetimeSeconds: z.int().min(30).max(86_400),
  abuse: abuseConfigSchema.prefault({}),
  /**
   * The anonymous statistics' reports (`npm run admin -- stats|report`): every count under
   * `minimumCell` is suppressed, so a rare answer cannot point to one youth. 1 shows every count.
   */
  statistics: z
    .strictObject({
      minimumCell: z.int().min(1).max(100).default(defaultMinimumCell),
    })
    .prefault({}),
  /**
   * Conversation rooms made ahead of need (conversations/room-pool.ts): each helpline keeps up to
   * `size` encrypted rooms ready while it admits youths, so that a youth's request only names
   * one and invites her instead of waiting for Synapse to create it. 0 switches it off.
   */
  roomPool: z
    .strictObject({
      size: z.int().min(0).max(20).default(3),
    })
    .prefault({}),
  /**
   * The helplines this bot runs side by side, each with its own definition, team, queue, staff
   * room and statistics. The first is the deployment's default (served at `/` and `/api/`).
   */
  helplines: z.array(helpline).min(1, { error: "at least one helpline" }),
});

export type BotConfig = z.infer<typeof botConfigSchema>;
export type AbuseConfig = z.infer<typeof abuseConfigSchema>;
export type HelplineConfig = BotConfig["helplines"][number];

/** The appservice registration file rendered by the scripts (only the keys the bot relies on). */
export const registrationFileSchema = z.object({
  id: z.string().min(1),
  url: z.string().nullable().optional(),
  as_token: z.string().min(1),
  hs_token: z.string().min(1),
  sender_localpart: z.string().min(1),
  namespaces: z.object({
    users: z
      .array(z.object({ exclusive: z.boolean(), regex: z.string().min(1) }))
      .length(1, { error: "exactly one user namespace" }),
    rooms: z.array(z.unknown()).optional(),
    aliases: z.array(z.unknown()).optional(),
  }),
  rate_limited: z.literal(false, { error: "false (the bot must not be rate-limited)" }),
});

export type RegistrationFile = z.infer<typeof registrationFileSchema>;

/** The installation's secrets; other keys belong to other components and are ignored. */
export const secretsFileSchema = z.object({
  registrationSharedSecret: z.string().min(16),
});

export type BotSecrets = z.infer<typeof secretsFileSchema>;
