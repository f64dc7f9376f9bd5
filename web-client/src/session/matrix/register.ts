import { fail, postJson, stringField, type Fetch } from "./http.ts";

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
 * What the page readies on the youth's intent (earlyRegistration.ts): the bot's token, its proof
 * of work solved. No account exists until the press (`completeRegistration`).
 */
export interface PreparedRegistration {
  readonly registrationToken: IssuedToken;
}

/** Where the homeserver makes a youth's account (synapse/modules/youth_accounts.py). */
export const youthAccountPath = "/_synapse/client/org.helplinechat/youth_account";

/**
 * Makes the youth's throwaway account in one request with the bot's single-use token, the request
 * itself sent as soon as the token arrives. The account has no password (issue 19): Synapse's own
 * `/register` requires one and bcrypt-hashes it, which was most of the server's work per youth
 * and ~300 ms of her wait, for a secret the page never needs again. She keeps the access token
 * for the conversation, then the account is erased. The homeserver chooses her account's name.
 */
export async function registerThrowawayAccount(
  fetchFn: Fetch,
  homeserverUrl: string,
  registrationToken: Promise<IssuedToken>,
): Promise<Credentials> {
  return completeRegistration(fetchFn, homeserverUrl, {
    registrationToken: await registrationToken,
  });
}

/** The account, from a token readied earlier (or just now). */
export async function completeRegistration(
  fetchFn: Fetch,
  homeserverUrl: string,
  prepared: PreparedRegistration,
): Promise<Credentials> {
  const { status, body } = await postJson(fetchFn, `${homeserverUrl}${youthAccountPath}`, {
    token: prepared.registrationToken.token,
    initial_device_display_name: "Web",
  });
  if (status === 200) return credentialsFrom(body);
  // Never the token or the body: only what kind of refusal it was.
  const errcode = stringField(body, "errcode");
  return fail("generic", `registration refused (${status}${errcode ? ` ${errcode}` : ""})`);
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
