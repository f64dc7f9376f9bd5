import { isRecord } from "@helpline/contract";
import { fail, postJson, stringField, type Fetch } from "./http.ts";
import { randomLocalpart, randomPassword, type RandomSource } from "./random.ts";

export interface Credentials {
  readonly userId: string;
  readonly accessToken: string;
  readonly deviceId: string;
}

/** The stages we can complete, in the order we try them. */
const STAGES = ["m.login.registration_token", "m.login.dummy"] as const;
type Stage = (typeof STAGES)[number];

/** At most one retry with a new name if the (astronomically unlikely) name is taken. */
const MAX_NAME_ATTEMPTS = 2;

/**
 * Registers a throwaway account with a name and password chosen here, through the
 * registration-token then dummy stages of user-interactive auth.
 *
 * Two things keep this fast, measured against Synapse: the opening request, which only obtains a
 * session, needs no token, so it runs while the bot issues one (`registrationToken` is a promise);
 * and Synapse hashes the password with bcrypt in every request that carries one, so it is sent
 * with the last stage only and hashed once (about 590 ms → 325 ms).
 */
export async function registerThrowawayAccount(
  fetchFn: Fetch,
  homeserverUrl: string,
  registrationToken: Promise<string>,
  random: RandomSource,
): Promise<Credentials> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await registerOnce(fetchFn, homeserverUrl, registrationToken, random);
    } catch (error: unknown) {
      if (!(error instanceof NameTaken) || attempt >= MAX_NAME_ATTEMPTS) throw error;
    }
  }
}

class NameTaken extends Error {}

async function registerOnce(
  fetchFn: Fetch,
  homeserverUrl: string,
  registrationTokenPromise: Promise<string>,
  random: RandomSource,
): Promise<Credentials> {
  const url = `${homeserverUrl}/_matrix/client/v3/register`;
  const username = randomLocalpart(random);
  // Only the browser ever knows it; sent once, with the last stage (see above).
  const finalFields = {
    password: randomPassword(random),
    initial_device_display_name: "Web",
    inhibit_login: false,
  };
  const [registrationToken, opening] = await Promise.all([
    registrationTokenPromise,
    postJson(fetchFn, url, { username }),
  ]);
  let answer = opening;
  let session: string | undefined;
  let sent: Stage | undefined;
  const done = new Set<string>();
  // One request per stage after the opening one; anything longer is a server we do not understand.
  for (let round = 0; round <= STAGES.length; round += 1) {
    const { status, body } = answer;
    if (status === 200) return credentialsFrom(body);
    const errcode = stringField(body, "errcode");
    if (status === 400 && errcode === "M_USER_IN_USE") throw new NameTaken();
    if (status !== 401 || !isRecord(body)) fail("generic", `registration failed (${status})`);
    session = stringField(body, "session") ?? session;
    if (session === undefined) fail("generic", "registration gave no session");
    const completed = Array.isArray(body["completed"]) ? body["completed"] : [];
    for (const s of completed) if (typeof s === "string") done.add(s);
    // A 401 with an errcode after a stage means the stage itself was refused (e.g. used token).
    if (sent !== undefined && errcode !== undefined) {
      fail("generic", `registration stage refused (${errcode})`);
    }
    if (sent !== undefined) done.add(sent);
    const remaining = STAGES.filter((s) => !done.has(s));
    const stage = remaining[0];
    if (stage === undefined) break;
    sent = stage;
    const auth =
      stage === "m.login.registration_token"
        ? { type: stage, token: registrationToken, session }
        : { type: stage, session };
    const last = remaining.length === 1;
    answer = await postJson(
      fetchFn,
      url,
      last ? { username, ...finalFields, auth } : { username, auth },
    );
  }
  return fail("generic", "registration did not finish");
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
