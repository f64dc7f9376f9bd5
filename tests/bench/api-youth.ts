import type { Stack } from "@helpline/scripts/stack";
import {
  postJson,
  registerWithToken,
  requestOpenIdToken,
  solvedProofOfWork,
  type ApiYouth,
} from "../support/youth.ts";

/**
 * A youth over plain HTTP, as tests/support/youth.ts drives one, but whose calls to the bot go to
 * the bot directly with the client address our web server would put in `X-Helpline-Client-Address`
 * (as tests/integration/abuse-protection.test.ts does): many youths from distinct addresses, each
 * within the bot's per-client limits, as on a real campaign night. Matrix calls go through the
 * web server, as the page's do. The proof of work is solved for real.
 */
export interface ArrivedYouth {
  youth: ApiYouth;
  roomId: string;
  status: number;
}

export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`${step} answered ${status}`);
  }
}

export async function youthArrivesFrom(stack: Stack, address: string): Promise<ArrivedYouth> {
  const botUrl = stack.bot.apiUrl;
  const from = { "X-Helpline-Client-Address": address };
  const proof = await solvedProofOfWork({ webUrl: botUrl }, from);
  const issued = await postJson(`${botUrl}/api/registration-tokens`, proof, from);
  if (issued.status !== 201 || typeof issued.body.token !== "string") {
    throw new StepFailed("registration token", issued.status);
  }
  const registrationToken = issued.body.token;
  const registered = await registerWithToken(stack, registrationToken);
  if (registered.status !== 200) throw new StepFailed("registration", registered.status);
  const youth: ApiYouth = {
    userId: registered.body.user_id as string,
    accessToken: registered.body.access_token as string,
    registrationToken,
    password: registered.password,
  };
  const openIdToken = await requestOpenIdToken(stack, youth);
  const asked = await postJson(
    `${botUrl}/api/conversations`,
    { registrationToken, openIdToken },
    from,
  );
  if (asked.status !== 201 || typeof asked.body.roomId !== "string") {
    throw new StepFailed("conversation", asked.status);
  }
  const roomId = asked.body.roomId;
  const joined = await postJson(
    `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
    {},
    { Authorization: `Bearer ${youth.accessToken}` },
  );
  if (joined.status !== 200) throw new StepFailed("join", joined.status);
  return { youth, roomId, status: asked.status };
}

/** A distinct, documentation-range address per youth (TEST-NET-2, RFC 5737, then onwards). */
export function addressOf(index: number): string {
  return `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`;
}
