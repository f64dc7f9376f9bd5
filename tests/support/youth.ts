import { solveProofOfWork } from "@helpline/bot/api/abuse/proof-of-work";
import type { Stack } from "@helpline/scripts/stack";

/**
 * A youth driven over plain HTTP, for integration tests that need no browser: the same requests
 * the web client makes, through the same web server origin.
 */
export interface ApiYouth {
  userId: string;
  accessToken: string;
  registrationToken: string;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** What the page does on the welcome screen: fetch a proof-of-work challenge and solve it. */
export async function solvedProofOfWork(
  stack: Pick<Stack, "webUrl">,
  headers: Record<string, string> = {},
  api = "/api",
): Promise<{ challenge: string; solution: string }> {
  const { status, body } = await postJson(`${stack.webUrl}${api}/challenges`, {}, headers);
  const { challenge, difficultyBits } = body;
  if (status !== 201 || typeof challenge !== "string" || typeof difficultyBits !== "number") {
    throw new Error(`challenge refused: ${status} ${JSON.stringify(body)}`);
  }
  return { challenge, solution: solveProofOfWork(challenge, difficultyBits) };
}

/** `api` is where the helpline's API is: `/api` (the default helpline) or `/api/h/<id>`. */
export async function issueRegistrationToken(stack: Stack, api = "/api"): Promise<string> {
  const { status, body } = await postJson(
    `${stack.webUrl}${api}/registration-tokens`,
    await solvedProofOfWork(stack, {}, api),
  );
  if (status !== 201 || typeof body.token !== "string") {
    throw new Error(`registration token refused: ${status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

/**
 * Makes a youth's account as her page does (web-client/src/session/matrix/register.ts): one
 * request to synapse/modules/youth_accounts.py with the bot's single-use token, no password.
 */
export async function registerWithToken(stack: Stack, token: string) {
  return postJson(`${stack.webUrl}/_synapse/client/org.helplinechat/youth_account`, {
    token,
    initial_device_display_name: "Web",
  });
}

export async function registerYouth(stack: Stack, api = "/api"): Promise<ApiYouth> {
  const registrationToken = await issueRegistrationToken(stack, api);
  const { status, body } = await registerWithToken(stack, registrationToken);
  if (status !== 200) throw new Error(`registration failed: ${status} ${JSON.stringify(body)}`);
  return {
    userId: body.user_id as string,
    accessToken: body.access_token as string,
    registrationToken,
  };
}

export async function requestOpenIdToken(stack: Stack, youth: ApiYouth) {
  const { status, body } = await postJson(
    `${stack.webUrl}/_matrix/client/v3/user/${encodeURIComponent(youth.userId)}/openid/request_token`,
    {},
    { Authorization: `Bearer ${youth.accessToken}` },
  );
  if (status !== 200) throw new Error(`OpenID token refused: ${status}`);
  return body;
}

export async function askForConversation(stack: Stack, youth: ApiYouth, api = "/api") {
  return postJson(`${stack.webUrl}${api}/conversations`, {
    registrationToken: youth.registrationToken,
    openIdToken: await requestOpenIdToken(stack, youth),
  });
}
