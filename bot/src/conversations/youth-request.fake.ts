import type { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import type { IssuedTokens } from "./issued-tokens.ts";
import type { OpenIdToken } from "./open-conversation.ts";

/**
 * A youth who registered with a token of this bot, asking for her conversation as her page asks
 * (unit tests of openConversation): the token issued and used, her OpenID token from the fake
 * Synapse.
 */
export async function youthRequest(
  homeserver: FakeHomeserver,
  issuedTokens: IssuedTokens,
  youthId: string,
  now: number,
): Promise<{ registrationToken: string; openIdToken: OpenIdToken }> {
  const { token } = await homeserver.createRegistrationToken({ usesAllowed: 1, expiryTime: 0 });
  issuedTokens.issue(token, now + 60_000);
  homeserver.completeRegistration(token);
  return { registrationToken: token, openIdToken: openIdTokenOf(homeserver, youthId) };
}

/** Her OpenID token from the fake Synapse, as her page hands it on. */
export function openIdTokenOf(homeserver: FakeHomeserver, youthId: string): OpenIdToken {
  return {
    access_token: homeserver.issueOpenIdToken(youthId),
    token_type: "Bearer",
    matrix_server_name: "localhost",
    expires_in: 3600,
  };
}
