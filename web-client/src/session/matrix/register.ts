import { isRecord } from "@helpline/contract";
import { fail, postJson, stringField, type Fetch } from "./http.ts";
import { randomLocalpart, randomPassword, type RandomSource } from "./random.ts";

export interface Credentials {
  readonly userId: string;
  readonly accessToken: string;
  readonly deviceId: string;
}

/** A registration token from the bot, with when Synapse stops accepting it (null: not said). */
export interface IssuedToken {
  readonly token: string;
  /** On the page's clock (ms): when it was received plus the lifetime the bot gave. */
  readonly expiresAt: number | null;
}

/**
 * A registration with every stage done but the last: Synapse holds a user-interactive auth
 * session with the password's hash and the completed registration-token stage, and no account.
 * Only the dummy stage (`completeRegistration`) creates the account.
 */
export interface PreparedRegistration {
  readonly session: string;
  readonly registrationToken: IssuedToken;
}

/** The stages we can complete, in the order we try them. */
const STAGES = ["m.login.registration_token", "m.login.dummy"] as const;
type Stage = (typeof STAGES)[number];

/** At most one retry with a new name if the (astronomically unlikely) name is taken. */
const MAX_NAME_ATTEMPTS = 2;

/**
 * Registers a throwaway account with a name and password chosen here, through the
 * registration-token then dummy stages of user-interactive auth: all stages but the last, then
 * the last. The page also runs the two halves apart, the first on the youth's intent
 * (earlyRegistration.ts).
 */
export async function registerThrowawayAccount(
  fetchFn: Fetch,
  homeserverUrl: string,
  registrationToken: Promise<IssuedToken>,
  random: RandomSource,
): Promise<Credentials> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const prepared = await prepareRegistration(fetchFn, homeserverUrl, registrationToken, random);
      return await completeRegistration(fetchFn, homeserverUrl, prepared);
    } catch (error: unknown) {
      if (!(error instanceof NameTaken) || attempt >= MAX_NAME_ATTEMPTS) throw error;
    }
  }
}

/** The name chosen here is taken: a new name, and a new session, is the answer. */
class NameTaken extends Error {}

/**
 * Every stage but the last; creates no account. What keeps it fast, measured against Synapse
 * 1.160 (rest/client/register.py): when a request carrying `password` is not yet complete, Synapse
 * bcrypt-hashes the password and keeps the hash in the UIA session, and later requests need not
 * send it again (nor is it hashed again). So the password goes with the opening request only, and
 * its hash (~250 ms at 12 rounds) runs while the bot issues the token (`registrationToken` is a
 * promise, the proof of work behind it solved while the youth reads). The later requests carry
 * `auth` alone: Synapse then keeps the opening's parameters (name, device name).
 *
 * If the last stage never comes, no account exists. Synapse counts the token as pending for the
 * session, and deletes the session (and the hash) 48 hours after it began, releasing the token,
 * which the bot's sweep then deletes (bot/src/conversations/token-sweep.ts).
 */
export async function prepareRegistration(
  fetchFn: Fetch,
  homeserverUrl: string,
  registrationTokenPromise: Promise<IssuedToken>,
  random: RandomSource,
): Promise<PreparedRegistration> {
  const url = registerUrl(homeserverUrl);
  // Only the browser ever knows it; sent once (see above), and never needed again: the youth
  // keeps the access token, not a password.
  const opening = {
    username: randomLocalpart(random),
    password: randomPassword(random),
    initial_device_display_name: "Web",
    inhibit_login: false,
  };
  const [registrationToken, openingAnswer] = await Promise.all([
    registrationTokenPromise,
    postJson(fetchFn, url, opening),
  ]);
  let { session, remaining } = pendingStages(openingAnswer, undefined);
  // The token stage comes first (STAGES' order); the dummy stage is left for the press.
  if (remaining[0] === "m.login.registration_token") {
    const auth = { type: remaining[0], token: registrationToken.token, session };
    ({ session, remaining } = pendingStages(
      await postJson(fetchFn, url, { auth }),
      "m.login.registration_token",
    ));
  }
  if (remaining.length === 1 && remaining[0] === "m.login.dummy") {
    return { session, registrationToken };
  }
  return fail("generic", "registration did not finish");
}

/** The last stage: Synapse creates the account, with the name and password hash it holds. */
export async function completeRegistration(
  fetchFn: Fetch,
  homeserverUrl: string,
  prepared: PreparedRegistration,
): Promise<Credentials> {
  const answer = await postJson(fetchFn, registerUrl(homeserverUrl), {
    auth: { type: "m.login.dummy", session: prepared.session },
  });
  if (answer.status === 200) return credentialsFrom(answer.body);
  pendingStages(answer, "m.login.dummy");
  return fail("generic", "registration did not finish");
}

function registerUrl(homeserverUrl: string): string {
  return `${homeserverUrl}/_matrix/client/v3/register`;
}

/** Reads a 401 "more stages" answer; throws on anything else (200 is the caller's). */
function pendingStages(
  { status, body }: { status: number; body: unknown },
  sent: Stage | undefined,
): { session: string; remaining: Stage[] } {
  const errcode = stringField(body, "errcode");
  if (status === 400 && errcode === "M_USER_IN_USE") throw new NameTaken();
  if (status === 200) fail("generic", "registration finished too early");
  if (status !== 401 || !isRecord(body)) fail("generic", `registration failed (${status})`);
  const session = stringField(body, "session");
  if (session === undefined) fail("generic", "registration gave no session");
  // A 401 with an errcode after a stage means the stage itself was refused (e.g. used token).
  if (sent !== undefined && errcode !== undefined) {
    fail("generic", `registration stage refused (${errcode})`);
  }
  const done = new Set<string>();
  const completed = Array.isArray(body["completed"]) ? body["completed"] : [];
  for (const s of completed) if (typeof s === "string") done.add(s);
  if (sent !== undefined) done.add(sent);
  return { session, remaining: STAGES.filter((s) => !done.has(s)) };
}

function credentialsFrom(body: unknown): Credentials {
  const userId = stringField(body, "user_id");
  const accessToken = stringField(body, "access_token");
  const deviceId = stringField(body, "device_id");
  if (userId === undefined || accessToken === undefined || deviceId === undefined) {
    fail("generic", "registration answer incomplete");
  }
  return { userId, accessToken, deviceId };
}
