import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IssuedTokens } from "../conversations/issued-tokens.ts";
import { openIdTokenOf } from "../conversations/youth-request.fake.ts";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { HomeserverError } from "../matrix/homeserver.ts";
import type { Readiness } from "../operations/readiness.ts";
import type { PublicStatus } from "../permanence/public-view.ts";
import type { Feedback } from "@helpline/contract";
import { FeedbackWindows } from "../conversations/feedback-window.ts";
import { PresenceKeys } from "../conversations/presence-keys.ts";
import { createYouthFeedback } from "../conversations/youth-feedback.ts";
import { PageWatch } from "../permanence/page-watch.ts";
import type { Availability, PermanenceEvent, PermanenceState } from "../permanence/types.ts";
import { createYouthPages } from "../permanence/youth-pages.ts";
import { Bars } from "./abuse/bars.ts";
import { ClientKeys } from "./abuse/client-keys.ts";
import type { LimitClass } from "./abuse/guard.ts";
import { ProofOfWork, solveProofOfWork } from "./abuse/proof-of-work.ts";
import { refusalsOf, type AbuseProtection } from "./abuse/protection.ts";
import { RateLimiter } from "./abuse/rate-limiter.ts";
import { createApiApp } from "./app.ts";
import { listen, urlForAddress, type ListeningServer } from "./listen.ts";

const botUserId = "@helpline-bot:localhost";
const counsellorId = "@intervenante:localhost";
const youthId = "@youth-5e3c9a:localhost";
const now = Date.parse("2026-11-21T20:00:00.000Z");

let homeserver: FakeHomeserver;
let server: ListeningServer;
let logLines: string[];
let admitting: boolean;
/** False plays a bot whose journal cannot store the arrival (a full disk). */
let arrivalStored: boolean;
/** Whether the permanence offers each arrival to a counsellor at once (nobody waits). */
let offeredAtOnce: boolean;
let arrivals: {
  conversationId: string;
  youthId: string;
  reference: number;
  writingAbout?: string;
}[];
/** The service asks "about myself / about someone close". */
let asksWhoIsWriting: boolean;
/** Places held (engine/reservation.ts), in the order asked, by key. */
let places: string[];
/** The place key each arrival was given. */
let arrivalPlaceKeys: (string | undefined)[];
/** The service has ended. */
let ended: boolean;
/** What the statistics were told of each opened conversation. */
let opened: { language: string | undefined; writingAbout: string | undefined }[];
let availabilityChanges: { userId: string; availability: Availability }[];
let bars: Bars;
let abuse: AbuseProtection;
let barRequests: { userId: string; reference: number }[];
let readiness: Readiness;
/** What the pages' words became for the permanence. */
let pageEvents: PermanenceEvent[];
const presenceKeys = new PresenceKeys("a test installation secret, 32 chars");
/** The ended conversations whose youth may answer, and what was counted. */
let feedbackWindows: FeedbackWindows;
let countedFeedback: Feedback[];

const allReady: Readiness = {
  ready: true,
  checks: {
    outbox: { ok: true, oldestPendingSeconds: 0 },
    homeserver: { ok: true },
    journal: { ok: true },
  },
};

const closedStatus: PublicStatus = {
  open: false,
  admitting: false,
  closesAt: null,
  nextOpensAt: { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" },
  timeZone: "Europe/Brussels",
  waiting: 0,
  estimatedWaitMinutes: null,
};

beforeEach(async () => {
  homeserver = new FakeHomeserver();
  logLines = [];
  admitting = true;
  arrivalStored = true;
  offeredAtOnce = false;
  arrivals = [];
  places = [];
  arrivalPlaceKeys = [];
  asksWhoIsWriting = false;
  ended = false;
  opened = [];
  availabilityChanges = [];
  bars = new Bars();
  barRequests = [];
  readiness = allReady;
  pageEvents = [];
  feedbackWindows = new FeedbackWindows();
  countedFeedback = [];
  abuse = {
    trustProxy: true,
    clientKeys: new ClientKeys(now),
    limiter: new RateLimiter<LimitClass>({
      registrationTokens: { capacity: 100, refillPerMinute: 1 },
      conversations: { capacity: 100, refillPerMinute: 1 },
      challenges: { capacity: 100, refillPerMinute: 1 },
      status: { capacity: 3, refillPerMinute: 1 },
      presence: { capacity: 20, refillPerMinute: 1 },
      counsellor: { capacity: 8, refillPerMinute: 1 },
      counsellorTokenChecks: { capacity: 4, refillPerMinute: 1 },
    }),
    bars,
    // A few bits: the test checks the protocol, not the cost.
    proofOfWork: new ProofOfWork({ difficultyBits: 4, lifetimeMs: 60_000 }),
  };
  const app = createApiApp({
    homeserver,
    issuedTokens: new IssuedTokens(),
    serverName: "localhost",
    botUserId,
    counsellorIds: [counsellorId],
    encryptedRooms: true,
    now: () => now,
    registrationTokenLifetimeSeconds: 300,
    logger: createLogger({ write: (line) => logLines.push(line) }),
    abuse,
    admission: {
      admitting: () => admitting,
      nextReference: () => 4821,
      roomName: (reference) => `Jeune ${reference} · 21:00`,
      arrive: async (conversationId, youthId, reference, writingAbout, placeKey) => {
        if (!arrivalStored) throw new Error("the journal could not store a record");
        arrivalPlaceKeys.push(placeKey);
        arrivals.push({
          conversationId,
          youthId,
          reference,
          ...(writingAbout === undefined ? {} : { writingAbout }),
        });
      },
      conversationOf: (id) => arrivals.find((arrival) => arrival.youthId === id),
      youthName: (reference) => `Jeune ${reference}`,
      // Each arrival waits behind those before her, five minutes a place, unless offered at once.
      firstStatusOf: (id) => {
        const position = arrivals.findIndex((arrival) => arrival.conversationId === id) + 1;
        if (position === 0) return null;
        if (offeredAtOnce) return { joining: true };
        return { place: { position, estimatedWaitMinutes: 5 * position } };
      },
      reserve: async (placeKey) => {
        if (!arrivalStored) throw new Error("the journal could not store a record");
        if (!places.includes(placeKey)) places.push(placeKey);
        return placeOf(placeKey);
      },
      placeOf,
    },
    youthPages: createYouthPages({
      keys: presenceKeys,
      watch: new PageWatch({ visibleSilenceMs: 90_000, hiddenSilenceMs: 600_000 }),
      // The conversations that arrived are live; the engine's rules are tested on their own.
      state: () =>
        ({
          conversations: Object.fromEntries(
            arrivals.map(({ conversationId }) => [conversationId, { id: conversationId }]),
          ),
        }) as unknown as PermanenceState,
      dispatch: async (event) => {
        pageEvents.push(event);
      },
      now: () => now,
      logger: createLogger({ write: (line) => logLines.push(line) }),
    }),
    youthFeedback: createYouthFeedback({
      keys: presenceKeys,
      windows: feedbackWindows,
      now: () => now,
      count: (feedback) => countedFeedback.push(feedback),
    }),
    publicStatus: () => ({ ...closedStatus, admitting, open: admitting }),
    publicHelpline: () => ({ id: "maintenant-jen-parle" }),
    // The bot relays whatever the store holds; the page checks the signatures (provenance/).
    vouchersOf: (userId) => (userId === counsellorId ? ["hv1.relayed-as-is"] : []),
    get asksWhoIsWriting() {
      return asksWhoIsWriting;
    },
    get ended() {
      return ended;
    },
    conversationOpened: (language, writingAbout) => opened.push({ language, writingAbout }),
    readiness: async () => readiness,
    counsellorDesk: {
      view: (userId) => ({
        userId,
        availability: availabilityChanges.at(-1)?.availability ?? "off_duty",
        load: 0,
        capacity: 2,
        supervisor: false,
        conversations: [],
        waiting: 0,
        queue: [],
        colleagues: [],
        pendingHandovers: [],
        cannedReplies: [],
        caseFormsDue: [],
        caseCategories: [],
      }),
      setAvailability: async (userId, availability) => {
        availabilityChanges.push({ userId, availability });
      },
      bar: async (userId, reference) => {
        if (reference !== 4821) return null;
        barRequests.push({ userId, reference });
        return { barred: true, barMinutes: 1440 };
      },
      // The console's other routes are tested in counsellor-routes.test.ts, on the real engine.
      end: async () => "not_found",
      requeue: async () => "not_found",
    },
    supervisorDesk: {
      isSupervisor: () => false,
      overview: () => ({ counsellors: [], queue: [], active: 0, danger: [] }),
      assign: async () => "not_found",
    },
  });
  server = await listen(app, "127.0.0.1", 0);
});

afterEach(async () => {
  await server.close();
});

/** Behind every arrival and every place asked before hers. */
function placeOf(placeKey: string) {
  const index = places.indexOf(placeKey);
  if (index === -1) return null;
  const position = arrivals.length + index + 1;
  return { position, estimatedWaitMinutes: 5 * position };
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { "Content-Type": "application/json" },
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** What the page does on the welcome screen: fetch a challenge and solve it. */
async function solvedProof(headers: Record<string, string> = {}) {
  const issued = await call("POST", "/api/challenges", undefined, headers);
  const { challenge, difficultyBits } = issued.body as {
    challenge: string;
    difficultyBits: number;
  };
  return { challenge, solution: solveProofOfWork(challenge, difficultyBits) };
}

async function newToken(headers: Record<string, string> = {}) {
  return call("POST", "/api/registration-tokens", await solvedProof(headers), {
    "Content-Type": "application/json",
    ...headers,
  });
}

/** The steps of a youth's browser: get a token, register with it, get an OpenID token. */
async function youthRegisters(userId = youthId) {
  const issued = await newToken();
  const token = (issued.body as { token: string }).token;
  homeserver.completeRegistration(token);
  return { registrationToken: token, openIdToken: openIdTokenOf(homeserver, userId) };
}

function errorCode(body: unknown): string {
  return (body as { error: { code: string } }).error.code;
}

describe("GET /api/ready", () => {
  it("should answer 200 with every check when the bot can serve youths", async () => {
    const response = await call("GET", "/api/ready");
    expect(response.status).toBe(200);
    expect(response.body).toEqual(allReady);
  });

  it("should answer 503 naming the failing checks, and nothing else, when it cannot", async () => {
    readiness = {
      ready: false,
      checks: {
        outbox: { ok: false, oldestPendingSeconds: 42 },
        homeserver: { ok: false },
        journal: { ok: true },
      },
    };
    const response = await call("GET", "/api/ready");
    expect(response.status).toBe(503);
    expect(errorCode(response.body)).toBe("not_ready");
    expect(response.body).toMatchObject({
      error: { message: "The helpline cannot serve youths right now: outbox, homeserver." },
      ready: false,
      checks: readiness.checks,
    });
  });

  it("should refuse other methods", async () => {
    const response = await call("POST", "/api/ready", {});
    expect(response.status).toBe(405);
  });
});

describe("GET /api/health", () => {
  it("should answer ok with the security headers and no CORS headers", async () => {
    const response = await call("GET", "/api/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

describe("POST /api/registration-tokens", () => {
  it("should create a single-use token that expires after the configured lifetime", async () => {
    const response = await newToken();
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      token: "tok1",
      expiresAt: "2026-11-21T20:05:00.000Z",
      expiresInSeconds: 300,
    });
    expect(homeserver.tokens.get("tok1")?.expiryTime).toBe(now + 300_000);
  });

  it("should refuse unexpected fields", async () => {
    const response = await call("POST", "/api/registration-tokens", { username: "x" });
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe("invalid_request");
  });
});

describe("outside opening hours", () => {
  it("should issue no registration token", async () => {
    admitting = false;
    const response = await call("POST", "/api/registration-tokens", {});
    expect(response.status).toBe(403);
    expect(errorCode(response.body)).toBe("closed");
    expect(homeserver.tokens.size).toBe(0);
  });

  it("should publish the status without personal data", async () => {
    admitting = false;
    const response = await call("GET", "/api/status");
    expect(response.status).toBe(200);
    expect(response.body).toEqual(closedStatus);
  });
});

describe("the counsellor API", () => {
  async function asCounsellor(method: string, path: string, userId: string, body?: unknown) {
    return call(method, path, body, {
      "Content-Type": "application/json",
      Authorization: `Bearer ${homeserver.issueOpenIdToken(userId)}`,
    });
  }

  it("should refuse callers without a valid OpenID token", async () => {
    const anonymous = await call("GET", "/api/counsellor/me");
    expect(anonymous.status).toBe(401);
    const forged = await call("GET", "/api/counsellor/me", undefined, {
      Authorization: "Bearer forged",
    });
    expect(forged.status).toBe(401);
    expect(errorCode(forged.body)).toBe("unauthenticated");
  });

  it("should refuse youths", async () => {
    const response = await asCounsellor("PUT", "/api/counsellor/availability", youthId, {
      availability: "on_duty",
    });
    expect(response.status).toBe(403);
    expect(errorCode(response.body)).toBe("not_a_counsellor");
    expect(availabilityChanges).toEqual([]);
  });

  it("should let a counsellor go on duty", async () => {
    const response = await asCounsellor("PUT", "/api/counsellor/availability", counsellorId, {
      availability: "on_duty",
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: counsellorId, availability: "on_duty" });
    expect(availabilityChanges).toEqual([{ userId: counsellorId, availability: "on_duty" }]);
  });

  it("should refuse an unknown availability and change nothing", async () => {
    const response = await asCounsellor("PUT", "/api/counsellor/availability", counsellorId, {
      availability: "asleep",
    });
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe("invalid_request");
    expect(availabilityChanges).toEqual([]);
  });

  it("should let a counsellor end and bar a conversation by its reference", async () => {
    const response = await asCounsellor("POST", "/api/counsellor/bars", counsellorId, {
      reference: 4821,
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ reference: 4821, barred: true, barMinutes: 1440 });
    expect(barRequests).toEqual([{ userId: counsellorId, reference: 4821 }]);
  });

  it("should ask Synapse once about a token the console sends again and again", async () => {
    const asked: string[] = [];
    const openIdUserId = homeserver.openIdUserId.bind(homeserver);
    homeserver.openIdUserId = async (token) => {
      asked.push(token);
      return openIdUserId(token);
    };
    const token = homeserver.issueOpenIdToken(counsellorId);
    for (let i = 0; i < 5; i += 1) {
      const response = await call("GET", "/api/counsellor/me", undefined, {
        Authorization: `Bearer ${token}`,
      });
      expect(response.status).toBe(200);
    }
    expect(asked).toEqual([token]);
    // A new token (the console's next one) is asked about once too.
    await asCounsellor("GET", "/api/counsellor/me", counsellorId);
    expect(asked).toHaveLength(2);
  });

  it("should refuse a flood of console requests with 429 and Retry-After, changing nothing", async () => {
    const token = homeserver.issueOpenIdToken(counsellorId);
    const headers = {
      "Content-Type": "application/json",
      Authorization: `Bearer ${token}`,
      "X-Helpline-Client-Address": "198.51.100.20",
    };
    for (let i = 0; i < 8; i += 1) {
      expect((await call("GET", "/api/counsellor/me", undefined, headers)).status).toBe(200);
    }
    const limited = await call(
      "PUT",
      "/api/counsellor/availability",
      { availability: "on_duty" },
      headers,
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(errorCode(limited.body)).toBe("rate_limited");
    expect(availabilityChanges).toEqual([]);
    const supervisor = await call("GET", "/api/supervisor/overview", undefined, headers);
    expect(supervisor.status).toBe(429);
    // Another client is not affected.
    const other = await call("GET", "/api/counsellor/me", undefined, {
      ...headers,
      "X-Helpline-Client-Address": "198.51.100.21",
    });
    expect(other.status).toBe(200);
  });

  it("should let one client make the bot check only a few unknown tokens, then answer 429", async () => {
    const asked: string[] = [];
    homeserver.openIdUserId = async (token) => {
      asked.push(token);
      return null;
    };
    const from = { "X-Helpline-Client-Address": "198.51.100.30" };
    for (let i = 0; i < 4; i += 1) {
      const forged = await call("GET", "/api/counsellor/me", undefined, {
        ...from,
        Authorization: `Bearer forged-${i}`,
      });
      expect(forged.status).toBe(401);
    }
    const limited = await call("GET", "/api/counsellor/me", undefined, {
      ...from,
      Authorization: "Bearer forged-5",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(asked).toHaveLength(4);
  });

  it("should refuse a bar from youths, for unknown or malformed references, changing nothing", async () => {
    const byYouth = await asCounsellor("POST", "/api/counsellor/bars", youthId, {
      reference: 4821,
    });
    expect(byYouth.status).toBe(403);
    const unknown = await asCounsellor("POST", "/api/counsellor/bars", counsellorId, {
      reference: 1234,
    });
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.body)).toBe("conversation_not_found");
    const malformed = await asCounsellor("POST", "/api/counsellor/bars", counsellorId, {
      reference: "J-4821",
    });
    expect(malformed.status).toBe(400);
    expect(barRequests).toEqual([]);
  });
});

describe("POST /api/conversations", () => {
  /** The answer to the first youth's request, with what it says of her status. */
  const firstOpened = (status: Record<string, unknown>) => ({
    roomId: "!room1:localhost",
    youthName: "Jeune 4821",
    presenceKey: presenceKeys.of("!room1:localhost"),
    ...status,
  });

  it("should open an encrypted room with the youth invited, and put the youth in the queue", async () => {
    const response = await call("POST", "/api/conversations", await youthRegisters());
    expect(response.status).toBe(201);
    // The youth's page takes "Jeune 4821" as her display name when she gives no pseudonym, and
    // shows her place at once, as the permanence has it once she is in the queue.
    expect(response.body).toEqual(firstOpened({ place: { position: 1, estimatedWaitMinutes: 5 } }));
    const room = homeserver.createdRooms[0];
    expect(room?.invite).toEqual([youthId]);
    expect(room?.name).toBe("Jeune 4821 · 21:00");
    expect(room?.initial_state.map((event) => event.type)).toContain("m.room.encryption");
    expect(arrivals).toEqual([{ conversationId: "!room1:localhost", youthId, reference: 4821 }]);
  });

  it("should say a counsellor is joining when one was offered her conversation at once", async () => {
    offeredAtOnce = true;
    const response = await call("POST", "/api/conversations", await youthRegisters());
    expect(response.status).toBe(201);
    expect(response.body).toEqual(firstOpened({ joining: true }));
  });

  it("should create nothing when the helpline does not admit anyone, and say when it reopens", async () => {
    const request = await youthRegisters();
    admitting = false;
    const response = await call("POST", "/api/conversations", request);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: {
        code: "closed",
        message: "The helpline does not admit new conversations now.",
        nextOpensAt: closedStatus.nextOpensAt,
      },
    });
    expect(homeserver.createdRooms).toEqual([]);
    expect(arrivals).toEqual([]);
  });

  it("should answer 503 and take the room back when the arrival cannot be stored", async () => {
    const request = await youthRegisters();
    arrivalStored = false;
    const refused = await call("POST", "/api/conversations", request);
    expect(refused.status).toBe(503);
    expect(errorCode(refused.body)).toBe("unavailable");
    expect(homeserver.deletedRooms).toEqual(["!room1:localhost"]);
    expect(arrivals).toEqual([]);
    // The token was not used up: the same youth asks again once the bot can store it.
    arrivalStored = true;
    const accepted = await call("POST", "/api/conversations", request);
    expect(accepted.status).toBe(201);
    expect(arrivals.map((arrival) => arrival.youthId)).toEqual([youthId]);
  });

  it("should never log tokens or the youth's id", async () => {
    const request = await youthRegisters();
    await call("POST", "/api/conversations", request);
    const log = logLines.join("");
    expect(log).toContain("conversation.opened");
    expect(log).not.toContain(youthId);
    expect(log).not.toContain(request.registrationToken);
    expect(log).not.toContain(request.openIdToken.access_token);
  });

  it("should open only one conversation per registration token", async () => {
    const request = await youthRegisters();
    const [first, second] = await Promise.all([
      call("POST", "/api/conversations", request),
      call("POST", "/api/conversations", request),
    ]);
    // Two requests at once from the same youth: one opens the room, the other gets that room or
    // is told the token is taken; never a second room.
    expect(first.status === 201 || second.status === 201).toBe(true);
    expect([200, 201, 409]).toEqual(expect.arrayContaining([first.status, second.status]));
    // Another account presenting the same token is a replay.
    const other = await youthRegisters("@youth-other:localhost");
    const replay = await call("POST", "/api/conversations", {
      ...other,
      registrationToken: request.registrationToken,
    });
    expect(replay.status).toBe(409);
    expect(errorCode(replay.body)).toBe("registration_token_already_claimed");
    expect(homeserver.createdRooms).toHaveLength(1);
  });

  it("should give a youth who asks again the same conversation, never a second one", async () => {
    const request = await youthRegisters();
    const first = await call("POST", "/api/conversations", request);
    const again = await call("POST", "/api/conversations", request);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(homeserver.createdRooms).toHaveLength(1);
  });

  it("should refuse a token the bot did not issue", async () => {
    const request = await youthRegisters();
    const response = await call("POST", "/api/conversations", {
      ...request,
      registrationToken: "forged",
    });
    expect(response.status).toBe(403);
    expect(errorCode(response.body)).toBe("unknown_registration_token");
  });

  it("should refuse a token nobody registered with, and accept it once they did", async () => {
    const issued = await newToken();
    const token = (issued.body as { token: string }).token;
    const request = { registrationToken: token, openIdToken: openIdTokenOf(homeserver, youthId) };
    const early = await call("POST", "/api/conversations", request);
    expect(early.status).toBe(403);
    expect(errorCode(early.body)).toBe("registration_token_not_used");
    homeserver.completeRegistration(token);
    expect((await call("POST", "/api/conversations", request)).status).toBe(201);
  });

  it("should refuse an OpenID token Synapse does not vouch for", async () => {
    const request = await youthRegisters();
    const response = await call("POST", "/api/conversations", {
      ...request,
      openIdToken: { ...request.openIdToken, access_token: "made-up" },
    });
    expect(response.status).toBe(401);
    expect(errorCode(response.body)).toBe("invalid_openid_token");
  });

  it("should refuse an OpenID token for another server without asking Synapse", async () => {
    const request = await youthRegisters();
    const response = await call("POST", "/api/conversations", {
      ...request,
      openIdToken: { ...request.openIdToken, matrix_server_name: "evil.example" },
    });
    expect(response.status).toBe(401);
    expect(errorCode(response.body)).toBe("invalid_openid_token");
  });

  it("should refuse the bot and the counsellors as youths", async () => {
    for (const userId of [botUserId, counsellorId]) {
      const response = await call("POST", "/api/conversations", await youthRegisters(userId));
      expect(response.status).toBe(403);
      expect(errorCode(response.body)).toBe("user_not_allowed");
    }
    expect(homeserver.createdRooms).toHaveLength(0);
  });

  it("should answer 500 without details when Synapse fails, and allow a retry", async () => {
    const request = await youthRegisters();
    homeserver.failCreateRoom = true;
    const failed = await call("POST", "/api/conversations", request);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({
      error: {
        code: "internal_error",
        message: "Something went wrong on the helpline's side. Please try again.",
      },
    });
    expect(logLines.join("")).toContain('"errorMessage":"createRoom failed"');
    expect((await call("POST", "/api/conversations", request)).status).toBe(201);
  });

  it("should answer 500, not a bad body, when Synapse refuses the bot's call with a 4xx", async () => {
    const request = await youthRegisters();
    // What the Matrix client libraries throw for a homeserver's refusal: a status, and no `type`.
    homeserver.failCreateRoom = Object.assign(new Error("M_FORBIDDEN"), { status: 403 });
    const failed = await call("POST", "/api/conversations", request);
    expect(failed.status).toBe(500);
    expect(errorCode(failed.body)).toBe("internal_error");
  });

  it("should answer 503, which her page retries, when Synapse times out, is down or answers 5xx", async () => {
    const request = await youthRegisters();
    const overloads: Error[] = [
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      new HomeserverError("room creation", 502, undefined),
      new HomeserverError("room creation", 429, "M_LIMIT_EXCEEDED"),
      new TypeError("fetch failed", {
        cause: Object.assign(new Error(), { code: "ECONNREFUSED" }),
      }),
    ];
    for (const overload of overloads) {
      homeserver.failCreateRoom = overload;
      const failed = await call("POST", "/api/conversations", request);
      expect(failed.status, overload.message).toBe(503);
      expect(failed.headers.get("retry-after")).toBe("5");
      expect(errorCode(failed.body)).toBe("unavailable");
    }
    // A warning that names the failure, never the request's tokens, and no internal error.
    const logged = logLines.join("");
    expect(logged).toContain('"event":"api.homeserver_unavailable"');
    expect(logged).not.toContain("api.internal_error");
    expect(logged).not.toContain(request.registrationToken);
    // Nothing was taken: the same request then opens her conversation.
    expect(arrivals).toHaveLength(0);
    expect((await call("POST", "/api/conversations", request)).status).toBe(201);
  });

  it("should name the missing or wrong field", async () => {
    const request = await youthRegisters();
    const missing = await call("POST", "/api/conversations", { openIdToken: request.openIdToken });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: { code: "invalid_request", message: 'The field "registrationToken" is required.' },
    });
    const wrong = await call("POST", "/api/conversations", {
      ...request,
      openIdToken: { ...request.openIdToken, token_type: "Basic" },
    });
    expect(wrong.status).toBe(400);
    expect((wrong.body as { error: { message: string } }).error.message).toContain(
      '"openIdToken.token_type"',
    );
  });
});

describe("POST /api/places", () => {
  async function issuedToken(): Promise<string> {
    return ((await newToken()).body as { token: string }).token;
  }

  it("should hold her place at once, before her account exists, and tell it again when asked again", async () => {
    await call("POST", "/api/conversations", await youthRegisters());
    const registrationToken = await issuedToken();
    const first = await call("POST", "/api/places", { registrationToken });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ place: { position: 2, estimatedWaitMinutes: 10 } });
    const again = await call("POST", "/api/places", { registrationToken });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(places).toHaveLength(1);
    // Nothing of the token in the log, and nothing asked of Synapse: no room, no arrival.
    expect(logLines.join("\n")).not.toContain(registrationToken);
    expect(homeserver.createdRooms).toHaveLength(1);
  });

  it("should refuse a token the bot did not issue, holding nothing", async () => {
    const response = await call("POST", "/api/places", { registrationToken: "made-up" });
    expect(response.status).toBe(403);
    expect(errorCode(response.body)).toBe("unknown_registration_token");
    expect(places).toEqual([]);
  });

  it("should refuse a token a conversation was asked with, whose answer says her place", async () => {
    const registered = await youthRegisters();
    await call("POST", "/api/conversations", registered);
    const response = await call("POST", "/api/places", {
      registrationToken: registered.registrationToken,
    });
    expect(response.status).toBe(409);
    expect(errorCode(response.body)).toBe("registration_token_already_claimed");
    expect(places).toEqual([]);
  });

  it("should hold nothing while the helpline does not admit, and say when it reopens", async () => {
    const registrationToken = await issuedToken();
    admitting = false;
    const response = await call("POST", "/api/places", { registrationToken });
    expect(response.status).toBe(403);
    expect(errorCode(response.body)).toBe("closed");
    expect(places).toEqual([]);
  });

  it("should answer 503 when the place cannot be stored", async () => {
    const registrationToken = await issuedToken();
    arrivalStored = false;
    const response = await call("POST", "/api/places", { registrationToken });
    expect(response.status).toBe(503);
    expect(errorCode(response.body)).toBe("unavailable");
  });

  it("should name a missing or unexpected field, refuse other methods, and hold nothing", async () => {
    for (const body of [{}, { registrationToken: "" }, { registrationToken: "t", more: 1 }]) {
      const response = await call("POST", "/api/places", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(response.body)).toBe("invalid_request");
    }
    expect((await call("GET", "/api/places")).status).toBe(405);
    expect(places).toEqual([]);
  });

  it("should give the place to her conversation: its arrival takes it", async () => {
    const registered = await youthRegisters();
    await call("POST", "/api/places", { registrationToken: registered.registrationToken });
    expect(places).toHaveLength(1);
    const response = await call("POST", "/api/conversations", registered);
    expect(response.status).toBe(201);
    expect(arrivalPlaceKeys).toEqual([places[0]]);
  });
});

describe("protocol errors", () => {
  it("should answer 400 invalid_json to a malformed body", async () => {
    const response = await call("POST", "/api/conversations", "{not json");
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe("invalid_json");
  });

  it("should answer 415 to a body that is not JSON", async () => {
    const response = await call("POST", "/api/conversations", "token=abc", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(415);
    expect(errorCode(response.body)).toBe("unsupported_media_type");
  });

  it("should answer 413 to a body over 16 kB", async () => {
    const response = await call("POST", "/api/conversations", { padding: "x".repeat(17 * 1024) });
    expect(response.status).toBe(413);
    expect(errorCode(response.body)).toBe("payload_too_large");
  });

  it("should answer 404 in JSON to unknown routes and 405 to wrong methods", async () => {
    const unknown = await call("GET", "/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.body)).toBe("not_found");
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    const wrongMethod = await call("GET", "/api/conversations");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(errorCode(wrongMethod.body)).toBe("method_not_allowed");
  });
});

describe("urlForAddress", () => {
  it("should give a reachable URL for wildcard and IPv6 addresses", () => {
    expect(urlForAddress({ address: "0.0.0.0", family: "IPv4", port: 1 })).toBe(
      "http://127.0.0.1:1",
    );
    expect(urlForAddress({ address: "::", family: "IPv6", port: 2 })).toBe("http://[::1]:2");
    expect(urlForAddress({ address: "127.0.0.1", family: "IPv4", port: 3 })).toBe(
      "http://127.0.0.1:3",
    );
  });
});

describe("unreadable bodies", () => {
  it("should answer a body labelled gzip that is not with a 400, not a 500", async () => {
    const response = await call("POST", "/api/challenges", "{}", {
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
    });
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe("invalid_body");
  });
});

describe("abuse protection", () => {
  const from = (address: string) => ({
    "Content-Type": "application/json",
    "X-Helpline-Client-Address": address,
  });

  it("should refuse a registration token without a proof of work, changing nothing", async () => {
    const missing = await call("POST", "/api/registration-tokens", {});
    expect(missing.status).toBe(400);
    expect(errorCode(missing.body)).toBe("invalid_request");
    const { challenge } = await solvedProof();
    const wrong = await call("POST", "/api/registration-tokens", { challenge, solution: "nope!" });
    expect(wrong.status).toBe(400);
    expect(homeserver.tokens.size).toBe(0);
  });

  it("should refuse a forged or reused proof with invalid_proof_of_work", async () => {
    const proof = await solvedProof();
    const forged = await call("POST", "/api/registration-tokens", {
      challenge: proof.challenge.replace(/^./, (c) => (c === "A" ? "B" : "A")),
      solution: proof.solution,
    });
    expect(forged.status).toBe(403);
    expect(errorCode(forged.body)).toBe("invalid_proof_of_work");
    expect((await call("POST", "/api/registration-tokens", proof)).status).toBe(201);
    const reused = await call("POST", "/api/registration-tokens", proof);
    expect(reused.status).toBe(403);
    expect(errorCode(reused.body)).toBe("invalid_proof_of_work");
    expect(homeserver.tokens.size).toBe(1);
    // Counted for the metrics, by why only.
    expect(refusalsOf(abuse).proofOfWork).toEqual({ invalid: 1, expired: 0, reused: 1, busy: 0 });
  });

  it("should limit a burst from one client with 429 and Retry-After, and not another client", async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await call("GET", "/api/status", undefined, from("198.51.100.1"))).status).toBe(200);
    }
    const limited = await call("GET", "/api/status", undefined, from("198.51.100.1"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.body).toMatchObject({ error: { code: "rate_limited", retryAfterSeconds: 60 } });
    expect((await call("GET", "/api/status", undefined, from("198.51.100.2"))).status).toBe(200);
    expect(refusalsOf(abuse).rateLimited).toMatchObject({ status: 1, challenges: 0 });
  });

  it("should count every address of one IPv6 /64 as one client, so fresh addresses escape no limit", async () => {
    for (const address of ["2001:db8:0:1::1", "2001:db8:0:1::2", "2001:DB8:0:1:dead:beef:0:3"]) {
      expect((await call("GET", "/api/status", undefined, from(address))).status).toBe(200);
    }
    const limited = await call("GET", "/api/status", undefined, from("2001:db8:0:1:ffff::4"));
    expect(limited.status).toBe(429);
    expect((await call("GET", "/api/status", undefined, from("2001:db8:0:2::1"))).status).toBe(200);
  });

  it("should bar the whole IPv6 /64 a barred conversation was opened from, and not the next one", async () => {
    const opened = await call("POST", "/api/conversations", await youthRegisters(), {
      ...from("2001:db8:0:1::1"),
    });
    expect(opened.status).toBe(201);
    expect(bars.barOpenerOf((opened.body as { roomId: string }).roomId, now + 60_000)).toBe(true);
    const fresh = await call("POST", "/api/challenges", {}, from("2001:db8:0:1:a:b:c:d"));
    expect(fresh.status).toBe(403);
    expect(errorCode(fresh.body)).toBe("barred");
    expect((await call("POST", "/api/challenges", {}, from("2001:db8:0:2::1"))).status).toBe(201);
  });

  it("should never log the client's address", async () => {
    await newToken(from("198.51.100.77"));
    expect(logLines.join("\n")).not.toContain("198.51.100.77");
  });

  it("should refuse a barred client a challenge and a token, and not others", async () => {
    const address = from("198.51.100.9");
    const request = await youthRegisters();
    const opened = await call("POST", "/api/conversations", request, address);
    expect(opened.status).toBe(201);
    const roomId = (opened.body as { roomId: string }).roomId;
    expect(bars.barOpenerOf(roomId, now + 60_000)).toBe(true);
    for (const path of ["/api/challenges", "/api/registration-tokens"]) {
      const refused = await call("POST", path, {}, address);
      expect(refused.status).toBe(403);
      expect(errorCode(refused.body)).toBe("barred");
    }
    expect((await newToken(from("198.51.100.10"))).status).toBe(201);
    expect(refusalsOf(abuse).barred).toBe(2);
  });

  it("should refuse requests and preflights from another origin, without CORS headers", async () => {
    const foreign = await call("POST", "/api/challenges", undefined, {
      Origin: "https://evil.example",
      "X-Forwarded-Host": "helpline.example",
    });
    expect(foreign.status).toBe(403);
    expect(errorCode(foreign.body)).toBe("cross_origin_refused");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await call("OPTIONS", "/api/registration-tokens", undefined, {
      Origin: "https://evil.example",
      "Access-Control-Request-Method": "POST",
      "X-Forwarded-Host": "helpline.example",
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const same = await call("POST", "/api/challenges", undefined, {
      Origin: "https://helpline.example",
      "X-Forwarded-Host": "helpline.example",
    });
    expect(same.status).toBe(201);
    expect(same.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("should send HSTS only when the proxy says the browser came over TLS", async () => {
    const tls = await call("GET", "/api/health", undefined, { "X-Forwarded-Proto": "https" });
    expect(tls.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const plain = await call("GET", "/api/health");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("POST /api/presence", () => {
  async function opened(): Promise<{ roomId: string; presenceKey: string }> {
    const response = await call("POST", "/api/conversations", await youthRegisters());
    return response.body as { roomId: string; presenceKey: string };
  }

  async function say(body: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(`${server.url}/api/presence`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  it("should pass on the last word of the page that opened the conversation, and only that", async () => {
    const { roomId, presenceKey } = await opened();
    const heartbeat = await say({
      conversationId: roomId,
      presenceKey,
      page: "visible",
      kept: false,
    });
    expect(heartbeat).toEqual({ status: 204, text: "" });
    expect(pageEvents).toEqual([]);
    const left = await say({
      conversationId: roomId,
      presenceKey,
      page: "quick_exit",
      kept: false,
    });
    expect(left.status).toBe(204);
    expect(pageEvents).toEqual([
      { type: "youth_page_gone", conversationId: roomId, how: "quick_exit", kept: false },
    ]);
    // Logged without the key.
    expect(logLines.join("\n")).not.toContain(presenceKey);
  });

  it("should refuse a wrong key, a conversation that is over and a malformed body, changing nothing", async () => {
    const { roomId, presenceKey } = await opened();
    const otherRoomsKey = presenceKeys.of("!another:localhost");
    const forged = await say({
      conversationId: roomId,
      presenceKey: otherRoomsKey,
      page: "closed",
      kept: false,
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.text)).toMatchObject({ error: { code: "invalid_presence_key" } });
    const over = await say({
      conversationId: "!another:localhost",
      presenceKey: otherRoomsKey,
      page: "closed",
      kept: false,
    });
    expect(over.status).toBe(404);
    expect(JSON.parse(over.text)).toMatchObject({ error: { code: "unknown_conversation" } });
    for (const malformed of [
      { conversationId: roomId, presenceKey, page: "gone", kept: false },
      { conversationId: roomId, presenceKey, page: "closed" },
      { conversationId: "room", presenceKey, page: "closed", kept: false },
      { conversationId: roomId, presenceKey: "short", page: "closed", kept: false },
      { conversationId: roomId, presenceKey, page: "closed", kept: false, extra: 1 },
    ]) {
      const refused = await say(malformed);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text)).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(pageEvents).toEqual([]);
  });
});

describe("POST /api/feedback", () => {
  const roomId = "!ended:localhost";
  const presenceKey = presenceKeys.of(roomId);

  async function give(body: unknown): Promise<{ status: number; code: string | null }> {
    const response = await fetch(`${server.url}/api/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, code: text === "" ? null : errorCode(JSON.parse(text)) };
  }

  it("should count the answers of an ended conversation once, and refuse a second answer", async () => {
    feedbackWindows.ended(roomId, now + 60_000, now - 1000);
    const answer = { conversationId: roomId, presenceKey, helped: "a-little" };
    expect(await give(answer)).toEqual({ status: 204, code: null });
    expect(countedFeedback).toEqual([{ helped: "a-little" }]);
    expect(await give({ ...answer, helped: "yes", wouldWriteAgain: "yes" })).toEqual({
      status: 409,
      code: "feedback_already_given",
    });
    expect(countedFeedback).toEqual([{ helped: "a-little" }]);
    expect(logLines.join("\n")).not.toContain(presenceKey);
  });

  it("should refuse a conversation not ended, a closed window, a wrong key and a bad body, counting nothing", async () => {
    const notEnded = await give({ conversationId: roomId, presenceKey, helped: "yes" });
    expect(notEnded).toEqual({ status: 404, code: "unknown_conversation" });
    feedbackWindows.ended("!late:localhost", now, now - 40 * 60_000);
    const late = await give({
      conversationId: "!late:localhost",
      presenceKey: presenceKeys.of("!late:localhost"),
      helped: "yes",
    });
    expect(late).toEqual({ status: 404, code: "unknown_conversation" });
    feedbackWindows.ended(roomId, now + 60_000, now);
    const forged = await give({
      conversationId: roomId,
      presenceKey: presenceKeys.of("!another:localhost"),
      helped: "yes",
    });
    expect(forged).toEqual({ status: 403, code: "invalid_presence_key" });
    for (const malformed of [
      { conversationId: roomId, presenceKey },
      { conversationId: roomId, presenceKey, helped: "maybe" },
      { conversationId: roomId, presenceKey, wouldWriteAgain: "a-little" },
      { conversationId: roomId, presenceKey, helped: "yes", comment: "free text" },
      { conversationId: "room", presenceKey, helped: "yes" },
    ]) {
      expect(await give(malformed)).toEqual({ status: 400, code: "invalid_request" });
    }
    expect(countedFeedback).toEqual([]);
    // The window is still open after all those refusals: her real answer still counts.
    const real = await give({ conversationId: roomId, presenceKey, wouldWriteAgain: "maybe" });
    expect(real).toEqual({ status: 204, code: null });
    expect(countedFeedback).toEqual([{ wouldWriteAgain: "maybe" }]);
  });
});

describe("who the youth writes about (POST /api/conversations)", () => {
  it("should pass her answer to the queue and the statistics when the service asks", async () => {
    asksWhoIsWriting = true;
    const response = await call("POST", "/api/conversations", {
      ...(await youthRegisters()),
      language: "fr",
      writingAbout: "close-one",
    });
    expect(response.status).toBe(201);
    expect(arrivals).toEqual([expect.objectContaining({ youthId, writingAbout: "close-one" })]);
    expect(opened).toEqual([{ language: "fr", writingAbout: "close-one" }]);
  });

  it("should drop an answer the service did not ask for, or one it does not know", async () => {
    await call("POST", "/api/conversations", {
      ...(await youthRegisters()),
      writingAbout: "self",
    });
    asksWhoIsWriting = true;
    const other = "@youth-other:localhost";
    const response = await call("POST", "/api/conversations", {
      ...(await youthRegisters(other)),
      writingAbout: "the neighbour",
    });
    expect(response.status).toBe(201);
    expect(arrivals.map((arrival) => arrival.writingAbout)).toEqual([undefined, undefined]);
    expect(opened.map((entry) => entry.writingAbout)).toEqual([undefined, undefined]);
  });
});

describe("an ended service", () => {
  it("should refuse a challenge, a registration token and a conversation with 410, creating nothing", async () => {
    const registered = await youthRegisters();
    const roomsBefore = homeserver.createdRooms.length;
    const tokensBefore = homeserver.tokens.size;
    ended = true;
    for (const [path, body] of [
      ["/api/challenges", undefined],
      ["/api/registration-tokens", { challenge: "x", solution: "y" }],
      ["/api/places", { registrationToken: registered.registrationToken }],
      ["/api/conversations", registered],
    ] as const) {
      const response = await call("POST", path, body);
      expect(response.status, path).toBe(410);
      expect(errorCode(response.body)).toBe("helpline_ended");
    }
    expect(homeserver.createdRooms).toHaveLength(roomsBefore);
    expect(homeserver.tokens.size).toBe(tokensBefore);
    expect(arrivals).toEqual([]);
    // Its page still reads what it needs.
    expect((await call("GET", "/api/helpline")).status).toBe(200);
    expect((await call("GET", "/api/challenges")).status).toBe(405);
  });
});

describe("GET /api/vouchers/:userId", () => {
  it("should relay the vouchers installed for that account, and none for anyone else", async () => {
    const mine = await call("GET", `/api/vouchers/${encodeURIComponent(counsellorId)}`);
    expect(mine).toMatchObject({ status: 200, body: { vouchers: ["hv1.relayed-as-is"] } });
    const other = await call("GET", "/api/vouchers/%40someone%3Alocalhost");
    expect(other).toMatchObject({ status: 200, body: { vouchers: [] } });
  });

  it("should refuse what is not a Matrix user id, and any other method", async () => {
    const bad = await call("GET", "/api/vouchers/camille");
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe("invalid_request");
    expect((await call("POST", `/api/vouchers/${encodeURIComponent(counsellorId)}`)).status).toBe(
      405,
    );
  });
});
