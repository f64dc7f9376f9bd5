import { solveProofOfWork } from "@helpline/bot/api/abuse/proof-of-work";
import type { Stack } from "@helpline/scripts/stack";
import type { YouthStatus } from "@helpline/bot/permanence/types";
import { apiErrorOf, readFirstStatus, statusEventType } from "@helpline/contract";
import {
  nextConversationAttempt,
  type ConversationRetries,
} from "@helpline/web-client/session/matrix/botApi";
import {
  postJson,
  registerWithToken,
  requestOpenIdToken,
  type ApiYouth,
} from "../support/youth.ts";

/**
 * A youth over plain HTTP, as tests/support/youth.ts drives one, but whose calls to the bot go to
 * the bot directly with the client address our web server would put in `X-Helpline-Client-Address`
 * (as tests/integration/abuse-protection.test.ts does): many youths from distinct addresses, each
 * within the bot's per-client limits, as on a real campaign night. Matrix calls go through the
 * web server, as the page's do, unless told otherwise (`matrixUrl`). The proof of work is solved
 * for real.
 */
export interface ArrivedYouth {
  youth: ApiYouth;
  roomId: string;
  status: number;
  /**
   * Her place, or a counsellor joining, as the bot's answer gave it (her page shows it at once);
   * null if neither.
   */
  firstStatus: YouthStatus | null;
  /**
   * Milliseconds from her press to her place, as the bot's answer to her place request gave it
   * (POST /api/places, asked beside her registration as her page asks it); null if it gave none.
   */
  placeAt: number | null;
  /**
   * Milliseconds from the youth's press (her first request) to the end of each step, on this
   * process's monotonic clock; `proofOfWork` is the solving alone (CPU in this process).
   */
  marks: {
    challenge: number;
    proofOfWork: number;
    token: number;
    registered: number;
    /** Her OpenID token from Synapse, which the bot's conversation request checks. */
    openId: number;
    conversation: number;
    joined: number;
  };
}

export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`${step} answered ${status}`);
  }
}

/**
 * A failed call that did not answer at all (connection refused or reset, a timeout): named after
 * the step, with the cause's code, so that a night's failures say where they happened.
 */
async function step<T>(name: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof StepFailed) throw error;
      const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
      // A kept-alive connection the server closed as the request went out: a browser sends the
      // request again on a new connection, once, and so does this youth (counted).
      if (attempt === 1 && (cause === "UND_ERR_SOCKET" || cause === "ECONNRESET")) {
        socketRetries.count += 1;
        continue;
      }
      throw new StepFailed(`${name} (${typeof cause === "string" ? cause : String(error)})`, 0);
    }
  }
}

/** Requests sent again after a kept-alive connection closed under them (see `step`). */
export const socketRetries = { count: 0 };

/** Conversation requests asked again after a 5xx, as her page asks again (askedAsHerPageAsks). */
export const conversationRetries = { count: 0 };

/**
 * Her conversation request as her page sends it (web-client botApi.ts): a 5xx answer (the bot
 * restarting) is asked again after the page's own waits, a few times, and "her room is still
 * being made" (`room_not_ready`) every second for as long as her page's patience lasts, before
 * she is shown an error. A youth counted as failed is one whose page would have shown her one.
 */
async function askedAsHerPageAsks(
  ask: () => Promise<{ status: number; body: Record<string, unknown> }>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let retries: ConversationRetries = { lost: 0, since: performance.now() };
  for (;;) {
    const answer = await ask();
    if (answer.status < 500) return answer;
    const preparing = apiErrorOf(answer.body, ["room_not_ready"]) !== null;
    const next = nextConversationAttempt(retries, preparing, performance.now());
    if (next === null) return answer;
    retries = next.retries;
    conversationRetries.count += 1;
    await new Promise((resolve) => setTimeout(resolve, next.wait));
  }
}

/**
 * `matrixUrl`: where the youth's Matrix calls go; the web server by default, as the page's do.
 * The campaign night sends them to Synapse directly: the development web server runs in the
 * bench's own process (production's proxy is Caddy, a process of its own), and thousands of
 * proxied calls would share one event loop with the load they measure.
 */
export async function youthArrivesFrom(
  stack: Stack,
  address: string,
  began = performance.now(),
  matrixUrl = stack.webUrl,
): Promise<ArrivedYouth> {
  const since = () => performance.now() - began;
  const matrix = { ...stack, webUrl: matrixUrl };
  const botUrl = stack.bot.apiUrl;
  const from = { "X-Helpline-Client-Address": address };
  // As solvedProofOfWork (tests/support/youth.ts) does, with the solving timed apart: it is this
  // process's CPU, as it is the youth's phone's.
  const issuedChallenge = await step("challenge", () =>
    postJson(`${botUrl}/api/challenges`, {}, from),
  );
  const { challenge, difficultyBits } = issuedChallenge.body;
  if (
    issuedChallenge.status !== 201 ||
    typeof challenge !== "string" ||
    typeof difficultyBits !== "number"
  ) {
    throw new StepFailed("challenge", issuedChallenge.status);
  }
  const challenged = since();
  const proof = { challenge, solution: solveProofOfWork(challenge, difficultyBits) };
  const proofOfWork = since();
  const issued = await step("registration token", () =>
    postJson(`${botUrl}/api/registration-tokens`, proof, from),
  );
  if (issued.status !== 201 || typeof issued.body.token !== "string") {
    throw new StepFailed("registration token", issued.status);
  }
  const registrationToken = issued.body.token;
  const token = since();
  // Her place, asked as soon as her page holds the token, beside her registration (web-client
  // MatrixChatSession): it needs nothing from Synapse, and never fails her start.
  let placeAt: number | null = null;
  const placeAsked = postJson(`${botUrl}/api/places`, { registrationToken }, from).then(
    (answer) => {
      if (answer.status < 300 && readFirstStatus(answer.body)?.state === "waiting") {
        placeAt = since();
      }
    },
    () => undefined,
  );
  const registered = await step("registration", () => registerWithToken(matrix, registrationToken));
  if (registered.status !== 200) throw new StepFailed("registration", registered.status);
  const registeredAt = since();
  const youth: ApiYouth = {
    userId: registered.body.user_id as string,
    accessToken: registered.body.access_token as string,
    registrationToken,
  };
  const openIdToken = await step("OpenID token", () => requestOpenIdToken(matrix, youth));
  const openId = since();
  const asked = await askedAsHerPageAsks(() =>
    step("conversation", () =>
      postJson(`${botUrl}/api/conversations`, { registrationToken, openIdToken }, from),
    ),
  );
  if (asked.status !== 201 || typeof asked.body.roomId !== "string") {
    throw new StepFailed("conversation", asked.status);
  }
  const roomId = asked.body.roomId;
  const conversation = since();
  const joined = await step("join", () =>
    postJson(
      `${matrixUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
      {},
      { Authorization: `Bearer ${youth.accessToken}` },
    ),
  );
  if (joined.status !== 200) throw new StepFailed("join", joined.status);
  // Read as her page reads it (web-client/src/session/matrix/botApi.ts).
  const firstStatus: YouthStatus | null = readFirstStatus(asked.body);
  await placeAsked;
  return {
    youth,
    roomId,
    status: asked.status,
    firstStatus,
    placeAt,
    marks: {
      challenge: challenged,
      proofOfWork,
      token,
      registered: registeredAt,
      openId,
      conversation,
      joined: since(),
    },
  };
}

/**
 * What the youth's page learns of her status, through the channel it uses: its /sync, which
 * carries the bot's status state event (`statusEventType`, web-client/src/session/matrix/status.ts).
 * A minimal sync instead of the page's full one: this room only, this one event type, no presence
 * or account data; the first call gives the room's current state, the next ones long-poll until
 * the bot publishes. Resolves with the first status that shows her a queue position or a
 * counsellor (present, or joining), and when it arrived; rejects at `deadline` (epoch ms).
 */
export async function firstStatusSeen(
  matrixUrl: string,
  youth: ApiYouth,
  roomId: string,
  deadline: number,
): Promise<{ status: YouthStatus; at: number; syncs: number }> {
  const filter = encodeURIComponent(
    JSON.stringify({
      presence: { types: [] },
      account_data: { types: [] },
      room: {
        rooms: [roomId],
        account_data: { types: [] },
        ephemeral: { types: [] },
        state: { types: [statusEventType] },
        timeline: { types: [statusEventType], limit: 5 },
      },
    }),
  );
  const auth = { Authorization: `Bearer ${youth.accessToken}` };
  let since: string | undefined;
  let syncs = 0;
  while (Date.now() < deadline) {
    const wait = Math.max(0, Math.min(10_000, deadline - Date.now()));
    const response = await step("status sync", () =>
      fetch(
        `${matrixUrl}/_matrix/client/v3/sync?filter=${filter}` +
          (since ? `&since=${encodeURIComponent(since)}&timeout=${wait}` : "&timeout=0"),
        { headers: auth },
      ),
    );
    syncs += 1;
    if (response.status !== 200) throw new StepFailed("status sync", response.status);
    const body = (await response.json()) as {
      next_batch: string;
      rooms?: {
        join?: Record<
          string,
          {
            state?: { events?: { type: string; content: unknown }[] };
            timeline?: { events?: { type: string; content: unknown }[] };
          }
        >;
      };
    };
    const at = performance.now();
    since = body.next_batch;
    const room = body.rooms?.join?.[roomId];
    const events = [...(room?.state?.events ?? []), ...(room?.timeline?.events ?? [])];
    // The last one is the current one: the timeline comes after the state.
    for (const event of events.reverse()) {
      if (event.type !== statusEventType) continue;
      const status = event.content as YouthStatus;
      if (["waiting", "counsellor_joining", "counsellor_present"].includes(status.state)) {
        return { status, at, syncs };
      }
      break;
    }
  }
  throw new StepFailed("status seen (timed out)", 0);
}

/** A distinct, documentation-range address per youth (TEST-NET-2, RFC 5737, then onwards). */
export function addressOf(index: number): string {
  return `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`;
}
