import { describe, expect, it } from "vitest";
import {
  conversationRetryDelaysMs,
  createBotApi,
  failureKindFromBotError,
  roomPreparingPatienceMs,
  roomPreparingRetryMs,
} from "./botApi.ts";
import type { Fetch } from "./http.ts";
import type { ProofSource } from "./proofOfWork.ts";

const proofs: ProofSource = {
  warmUp: () => undefined,
  take: async () => ({ challenge: "c", solution: "s" }),
};

function answering(status: number, payload: unknown) {
  const calls: { url: string; body: unknown }[] = [];
  const fetchFn: Fetch = async (url, init) => {
    calls.push({ url, body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify(payload), { status });
  };
  return { fetchFn, calls };
}

describe("bot API", () => {
  it("should send the feedback once with the conversation's key, and reject what is not counted", async () => {
    const calls: { url: string; body: unknown }[] = [];
    const fetchFn: Fetch = async (url, init) => {
      calls.push({ url, body: JSON.parse(String(init?.body)) });
      return new Response(null, { status: 204 });
    };
    const api = createBotApi(fetchFn, "/api/h/sos-viol", undefined, proofs);
    await api.sendFeedback("!abc:hs", "k".repeat(43), { helped: "yes" });
    expect(calls).toEqual([
      {
        url: "/api/h/sos-viol/feedback",
        body: { conversationId: "!abc:hs", presenceKey: "k".repeat(43), helped: "yes" },
      },
    ]);
    const refused = answering(409, { error: { code: "feedback_already_given" } });
    await expect(
      createBotApi(refused.fetchFn, "/api", undefined, proofs).sendFeedback("!abc:hs", "k", {
        wouldWriteAgain: "no",
      }),
    ).rejects.toThrow();
    expect(refused.calls).toHaveLength(1);
  });

  it("should say the youth is in danger now with the conversation's key, once", async () => {
    const calls: { url: string; body: unknown }[] = [];
    const fetchFn: Fetch = async (url, init) => {
      calls.push({ url, body: JSON.parse(String(init?.body)) });
      return new Response(null, { status: 204 });
    };
    const api = createBotApi(fetchFn, "/api/h/sos-viol", undefined, proofs);
    await api.declareUrgent("!abc:hs", "k".repeat(43));
    expect(calls).toEqual([
      {
        url: "/api/h/sos-viol/urgent",
        body: { conversationId: "!abc:hs", presenceKey: "k".repeat(43) },
      },
    ]);
    // A counsellor joined meanwhile: nothing to move, and nothing went wrong.
    const talking = answering(409, { error: { code: "not_waiting", message: "…" } });
    await expect(
      createBotApi(talking.fetchFn, "/api", undefined, proofs).declareUrgent("!abc:hs", "k"),
    ).resolves.toBeUndefined();
    for (const [status, code] of [
      [404, "unknown_conversation"],
      [429, "rate_limited"],
      [500, "internal_error"],
    ] as const) {
      const refused = answering(status, { error: { code, message: "…" } });
      await expect(
        createBotApi(refused.fetchFn, "/api", undefined, proofs).declareUrgent("!abc:hs", "k"),
      ).rejects.toThrow();
      expect(refused.calls).toHaveLength(1);
    }
  });

  it("should return the registration token and its expiry on the page's own clock", async () => {
    // The bot's clock says 2030; the device's is years off: only the lifetime counts.
    const expiresAt = "2030-01-02T03:04:05.000Z";
    const { fetchFn, calls } = answering(200, { token: "t1", expiresAt, expiresInSeconds: 300 });
    const pageNow = 5_000_000;
    await expect(
      createBotApi(
        fetchFn,
        "/api",
        undefined,
        proofs,
        undefined,
        () => pageNow,
      ).createRegistrationToken(),
    ).resolves.toEqual({ token: "t1", expiresAt: pageNow + 300_000 });
    expect(calls[0]).toEqual({
      url: "/api/registration-tokens",
      body: { challenge: "c", solution: "s" },
    });
  });

  it("should count a token's expiry as unknown without a sane lifetime from the bot", async () => {
    for (const answer of [
      { token: "t1", expiresAt: "2030-01-02T03:04:05.000Z" },
      { token: "t1", expiresInSeconds: "300" },
      { token: "t1", expiresInSeconds: -1 },
    ]) {
      const { fetchFn } = answering(200, answer);
      await expect(
        createBotApi(
          fetchFn,
          "/api",
          undefined,
          proofs,
          undefined,
          () => 1,
        ).createRegistrationToken(),
      ).resolves.toEqual({ token: "t1", expiresAt: null });
    }
  });

  it("should solve a fresh proof once when the bot refuses a stale one", async () => {
    const answers = [
      new Response(JSON.stringify({ error: { code: "invalid_proof_of_work" } }), { status: 403 }),
      new Response(JSON.stringify({ token: "t2" }), { status: 201 }),
    ];
    let taken = 0;
    const counting: ProofSource = {
      warmUp: () => undefined,
      take: async () => ({ challenge: `c${++taken}`, solution: "s" }),
    };
    const fetchFn: Fetch = async () => answers.shift() ?? new Response("{}", { status: 500 });
    await expect(
      createBotApi(fetchFn, "/api", undefined, counting).createRegistrationToken(),
    ).resolves.toEqual({ token: "t2", expiresAt: null });
    expect(taken).toBe(2);
  });

  describe("holding her place before her conversation exists", () => {
    it("should ask once with her registration token, and read her place as her conversation's", async () => {
      for (const status of [201, 200]) {
        const { fetchFn, calls } = answering(status, {
          place: { position: 4, estimatedWaitMinutes: 25 },
        });
        await expect(
          createBotApi(fetchFn, "/api/h/sos-viol", undefined, proofs).reservePlace("t1"),
        ).resolves.toEqual({ state: "waiting", position: 4, estimatedWaitMinutes: 25 });
        expect(calls).toEqual([
          { url: "/api/h/sos-viol/places", body: { registrationToken: "t1" } },
        ]);
      }
      const unknownWait = answering(201, { place: { position: 1, estimatedWaitMinutes: null } });
      await expect(
        createBotApi(unknownWait.fetchFn, "/api", undefined, proofs).reservePlace("t1"),
      ).resolves.toEqual({ state: "waiting", position: 1, estimatedWaitMinutes: null });
    });

    it("should give no place, asking only once and never throwing, whatever went wrong", async () => {
      for (const [status, payload] of [
        [403, { error: { code: "closed", message: "…" } }],
        [403, { error: { code: "unknown_registration_token", message: "…" } }],
        [409, { error: { code: "registration_token_already_claimed", message: "…" } }],
        [429, { error: { code: "rate_limited", message: "…" } }],
        [500, { error: { code: "internal_error", message: "…" } }],
        [503, { error: { code: "unavailable", message: "…" } }],
        // An error that carries a place is still an error.
        [409, { error: { code: "conflict", message: "…" }, place: { position: 2 } }],
        // An older bot, a proxy's page, or an answer that is not a place.
        [404, "Not Found"],
        [201, { place: { position: 0 } }],
        [201, { place: "first" }],
        [201, { joining: true }],
        [200, null],
      ] as const) {
        const { fetchFn, calls } = answering(status, payload);
        await expect(
          createBotApi(fetchFn, "/api", undefined, proofs).reservePlace("t1"),
        ).resolves.toBeNull();
        expect(calls).toHaveLength(1);
      }
      const unreadable: Fetch = async () =>
        new Response("<html>Bad Gateway</html>", { status: 200 });
      await expect(
        createBotApi(unreadable, "/api", undefined, proofs).reservePlace("t1"),
      ).resolves.toBeNull();
      let tries = 0;
      const offline: Fetch = async () => {
        tries += 1;
        throw new TypeError("network error");
      };
      // Never waits to ask again: the sleep would say so.
      const api = createBotApi(offline, "/api", () => Promise.reject(new Error("no wait")), proofs);
      await expect(api.reservePlace("t1")).resolves.toBeNull();
      expect(tries).toBe(1);
    });
  });

  it("should send the registration token and the OpenID token to get a conversation", async () => {
    const { fetchFn, calls } = answering(200, { roomId: "!abc:hs", youthName: "Jeune 4821" });
    const openId = { access_token: "o", token_type: "Bearer", matrix_server_name: "hs" };
    await expect(
      createBotApi(fetchFn, "/api", undefined, proofs).createConversation("t1", openId),
    ).resolves.toEqual({
      roomId: "!abc:hs",
      youthName: "Jeune 4821",
      presenceKey: null,
      firstStatus: null,
    });
    expect(calls[0]).toEqual({
      url: "/api/conversations",
      body: { registrationToken: "t1", openIdToken: openId },
    });
  });

  it("should hand on her place in the queue or a counsellor joining, read as the room's status is, and nothing else", async () => {
    const conversationWith = async (answer: Record<string, unknown>) =>
      (
        await createBotApi(
          answering(200, { roomId: "!abc:hs", ...answer }).fetchFn,
          "/api",
          undefined,
          proofs,
        ).createConversation("t1", {})
      ).firstStatus;
    const place = (value: unknown) => conversationWith({ place: value });
    await expect(place({ position: 4, estimatedWaitMinutes: 25 })).resolves.toEqual({
      state: "waiting",
      position: 4,
      estimatedWaitMinutes: 25,
    });
    await expect(place({ position: 4, estimatedWaitMinutes: null })).resolves.toEqual({
      state: "waiting",
      position: 4,
      estimatedWaitMinutes: null,
    });
    await expect(conversationWith({ joining: true })).resolves.toEqual({
      state: "counsellor_joining",
    });
    // Never another state through this door, and nothing malformed.
    await expect(place({ state: "counsellor_present" })).resolves.toBeNull();
    await expect(place({ position: 0 })).resolves.toBeNull();
    await expect(place({ position: "4" })).resolves.toBeNull();
    await expect(place("first")).resolves.toBeNull();
    await expect(conversationWith({ joining: "yes" })).resolves.toBeNull();
    await expect(conversationWith({ state: "counsellor_present" })).resolves.toBeNull();
    await expect(conversationWith({})).resolves.toBeNull();
  });

  it("should hand on the presence key the bot gives, and none that is not base64url", async () => {
    const key = "A".repeat(21) + "-_" + "z9".repeat(10);
    const withKey = answering(200, { roomId: "!abc:hs", presenceKey: key });
    await expect(
      createBotApi(withKey.fetchFn, "/api", undefined, proofs).createConversation("t1", {}),
    ).resolves.toMatchObject({ presenceKey: key });
    for (const presenceKey of ["not a key!", "", 42, "x".repeat(500)]) {
      const odd = answering(200, { roomId: "!abc:hs", presenceKey });
      await expect(
        createBotApi(odd.fetchFn, "/api", undefined, proofs).createConversation("t1", {}),
      ).resolves.toMatchObject({ presenceKey: null });
    }
  });

  it("should send the page's language with the conversation request when it has one", async () => {
    const { fetchFn, calls } = answering(201, { roomId: "!abc:hs" });
    const openId = { access_token: "o", token_type: "Bearer", matrix_server_name: "hs" };
    await createBotApi(fetchFn, "/api", undefined, proofs, () => "nl").createConversation(
      "t1",
      openId,
    );
    expect(calls[0]).toEqual({
      url: "/api/conversations",
      body: { registrationToken: "t1", openIdToken: openId, language: "nl" },
    });
  });

  it("should send 'about myself / someone close' to the helpline's own API when answered", async () => {
    const { fetchFn, calls } = answering(201, { roomId: "!abc:hs" });
    const openId = { access_token: "o", token_type: "Bearer", matrix_server_name: "hs" };
    const bot = createBotApi(fetchFn, "/api/h/sos-viol", undefined, proofs);
    await bot.createConversation("t1", openId, "close-one");
    await bot.createConversation("t1", openId);
    expect(calls).toEqual([
      {
        url: "/api/h/sos-viol/conversations",
        body: { registrationToken: "t1", openIdToken: openId, writingAbout: "close-one" },
      },
      {
        url: "/api/h/sos-viol/conversations",
        body: { registrationToken: "t1", openIdToken: openId },
      },
    ]);
  });

  it("should map the bot's error codes to what the youth needs to know", async () => {
    const { fetchFn } = answering(503, { error: { code: "closed", message: "outside hours" } });
    await expect(
      createBotApi(fetchFn, "/api", undefined, proofs).createRegistrationToken(),
    ).rejects.toMatchObject({
      kind: "closed",
    });
    // The codes the bot sends (@helpline/contract), not guesses at what it might send.
    expect(failureKindFromBotError({ error: { code: "unavailable" } })).toBe("busy");
    expect(failureKindFromBotError({ error: { code: "busy" } })).toBe("busy");
    expect(failureKindFromBotError({ error: { code: "room_not_ready" } })).toBe("busy");
    expect(failureKindFromBotError({ error: { code: "no_counsellor_available" } })).toBe("generic");
    expect(failureKindFromBotError({ error: { code: "unknown_registration_token" } })).toBe(
      "generic",
    );
    expect(failureKindFromBotError({ error: { code: "rate_limited" } })).toBe("rateLimited");
    expect(failureKindFromBotError({ error: { code: "barred" } })).toBe("barred");
    expect(failureKindFromBotError("<html>")).toBe("generic");
  });

  it("should carry when the helpline reopens from a 403 closed", async () => {
    const nextOpensAt = { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" };
    const { fetchFn } = answering(403, {
      error: { code: "closed", message: "Closed", nextOpensAt },
    });
    await expect(
      createBotApi(fetchFn, "/api", undefined, proofs).createRegistrationToken(),
    ).rejects.toMatchObject({
      kind: "closed",
      nextOpensAt,
    });
  });

  it("should refuse an answer without a room", async () => {
    const { fetchFn } = answering(200, {});
    await expect(
      createBotApi(fetchFn, "/api", undefined, proofs).createConversation("t1", {}),
    ).rejects.toMatchObject({
      kind: "generic",
    });
  });

  it("should ask again for the conversation when the answer is lost, and not when refused", async () => {
    const answers: (() => Response)[] = [
      () => {
        throw new TypeError("network error");
      },
      () => new Response("Bad Gateway", { status: 502 }),
      () => new Response(JSON.stringify({ roomId: "!abc:hs" }), { status: 200 }),
    ];
    let calls = 0;
    const fetchFn: Fetch = async () => (answers[calls++] as () => Response)();
    const waits: number[] = [];
    const api = createBotApi(fetchFn, "/api", async (ms) => {
      waits.push(ms);
    });
    await expect(api.createConversation("t1", {})).resolves.toEqual({
      roomId: "!abc:hs",
      youthName: null,
      presenceKey: null,
      firstStatus: null,
    });
    expect(calls).toBe(3);
    expect(waits).toEqual([500, 1000]);

    const refused = answering(409, { error: { code: "registration_token_already_claimed" } });
    const noRetry = createBotApi(refused.fetchFn, "/api", async () => {});
    await expect(noRetry.createConversation("t1", {})).rejects.toThrow();
    expect(refused.calls).toHaveLength(1);
  });
  describe("while the bot says her room is still being made", () => {
    const room = () => new Response(JSON.stringify({ roomId: "!abc:hs" }), { status: 201 });
    const preparing = (place?: unknown) =>
      new Response(
        JSON.stringify({
          error: { code: "room_not_ready", message: "…" },
          ...(place !== undefined ? { place } : {}),
        }),
        { status: 503, headers: { "Retry-After": "1" } },
      );

    /** The page's clock, moved by its waits only. */
    function pageTime() {
      const time = { now: 0, waits: [] as number[] };
      const sleep = async (ms: number) => {
        time.waits.push(ms);
        time.now += ms;
      };
      return { time, sleep };
    }

    it("should keep asking every second, beyond the retries of a lost answer, until she has her room", async () => {
      const answers = [...Array<() => Response>(8).fill(() => preparing())];
      answers.push(room);
      let calls = 0;
      const fetchFn: Fetch = async () => (answers[calls++] as () => Response)();
      const { time, sleep } = pageTime();
      const api = createBotApi(fetchFn, "/api", sleep, proofs, undefined, () => time.now);
      await expect(api.createConversation("t1", {})).resolves.toMatchObject({ roomId: "!abc:hs" });
      // Eight "still being made", twice as many as the retries of a lost answer, each a second.
      expect(calls).toBe(9);
      expect(time.waits).toEqual(Array(8).fill(roomPreparingRetryMs));
    });

    it("should give up as busy once her patience is over, after the usual retries", async () => {
      let calls = 0;
      const fetchFn: Fetch = async () => {
        calls += 1;
        return preparing();
      };
      const { time, sleep } = pageTime();
      const api = createBotApi(fetchFn, "/api", sleep, proofs, undefined, () => time.now);
      await expect(api.createConversation("t1", {})).rejects.toMatchObject({ kind: "busy" });
      const patient = roomPreparingPatienceMs / roomPreparingRetryMs;
      expect(time.waits.slice(0, patient)).toEqual(Array(patient).fill(roomPreparingRetryMs));
      expect(time.waits.slice(patient)).toEqual(conversationRetryDelaysMs);
      expect(calls).toBe(patient + conversationRetryDelaysMs.length + 1);
    });

    it("should not count a lost answer in between as patience, nor patience as its retries", async () => {
      const lost = () => new Response("Bad Gateway", { status: 502 });
      const answers = [preparing, lost, preparing, preparing, lost, lost, lost, preparing];
      answers.push(room);
      let calls = 0;
      const fetchFn: Fetch = async () => (answers[calls++] as () => Response)();
      const { time, sleep } = pageTime();
      const api = createBotApi(fetchFn, "/api", sleep, proofs, undefined, () => time.now);
      await expect(api.createConversation("t1", {})).resolves.toMatchObject({ roomId: "!abc:hs" });
      expect(time.waits).toEqual([1000, 500, 1000, 1000, 1000, 2000, 4000, 1000]);
    });

    it("should say each 'still being made' to whoever waits for the start, and nothing else", async () => {
      const lost = () => new Response("Bad Gateway", { status: 502 });
      const answers = [preparing, lost, preparing, preparing, room];
      let calls = 0;
      const fetchFn: Fetch = async () => (answers[calls++] as () => Response)();
      const { time, sleep } = pageTime();
      const api = createBotApi(fetchFn, "/api", sleep, proofs, undefined, () => time.now);
      const told: number[] = [];
      await api.createConversation("t1", {}, undefined, () => told.push(calls));
      // After the first, third and fourth answers: a lost answer is no sign of progress.
      expect(told).toEqual([1, 3, 4]);
    });

    it("should hand on her place with each 'still being made' that gives one, and null otherwise", async () => {
      const answers = [
        () => preparing({ position: 3, estimatedWaitMinutes: 15 }),
        () => preparing(),
        () => preparing({ position: 0 }), // malformed: no place
        () => preparing({ position: 2, estimatedWaitMinutes: null }),
        room,
      ];
      let calls = 0;
      const fetchFn: Fetch = async () => (answers[calls++] as () => Response)();
      const { time, sleep } = pageTime();
      const api = createBotApi(fetchFn, "/api", sleep, proofs, undefined, () => time.now);
      const told: unknown[] = [];
      await expect(
        api.createConversation("t1", {}, undefined, (place) => told.push(place)),
      ).resolves.toMatchObject({ roomId: "!abc:hs", firstStatus: null });
      expect(told).toEqual([
        { state: "waiting", position: 3, estimatedWaitMinutes: 15 },
        null,
        null,
        { state: "waiting", position: 2, estimatedWaitMinutes: null },
      ]);
    });
  });
});
