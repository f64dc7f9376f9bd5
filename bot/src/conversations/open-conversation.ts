import type { HelplineConfig } from "../config/schema.ts";
import type { Homeserver } from "../matrix/homeserver.ts";
import { chooseCounsellor } from "./counsellor.ts";
import type { IssuedTokens } from "./issued-tokens.ts";
import { buildConversationRoom } from "./room-spec.ts";

export interface OpenIdToken {
  access_token: string;
  token_type: "Bearer";
  matrix_server_name: string;
  expires_in: number;
}

export type OpenConversationResult =
  | { ok: true; roomId: string; counsellorId: string }
  | {
      ok: false;
      reason:
        | "wrong_server"
        | "invalid_openid_token"
        | "user_not_allowed"
        | "unknown_registration_token"
        | "registration_token_not_used"
        | "registration_token_already_claimed";
    };

export interface ConversationDeps {
  homeserver: Homeserver;
  issuedTokens: IssuedTokens;
  serverName: string;
  botUserId: string;
  helpline: HelplineConfig;
  encryptedRooms: boolean;
  now: () => number;
}

/** Issues a single-use registration token for a youth's throwaway account. */
export async function issueRegistrationToken(
  deps: Pick<ConversationDeps, "homeserver" | "issuedTokens" | "now">,
  lifetimeSeconds: number,
): Promise<{ token: string; expiresAt: number }> {
  const expiresAt = deps.now() + lifetimeSeconds * 1000;
  const created = await deps.homeserver.createRegistrationToken({
    usesAllowed: 1,
    expiryTime: expiresAt,
  });
  const effectiveExpiry = created.expiryTime ?? expiresAt;
  deps.issuedTokens.issue(created.token, effectiveExpiry);
  return { token: created.token, expiresAt: effectiveExpiry };
}

/**
 * Opens the conversation room of a youth who just registered with a token from this bot.
 * The youth proves who it is with an OpenID token; the bot never sees its password or access token.
 */
export async function openConversation(
  deps: ConversationDeps,
  request: { registrationToken: string; openIdToken: OpenIdToken },
): Promise<OpenConversationResult> {
  if (request.openIdToken.matrix_server_name !== deps.serverName) {
    return { ok: false, reason: "wrong_server" };
  }
  const youthId = await deps.homeserver.openIdUserId(request.openIdToken.access_token);
  if (youthId === null) return { ok: false, reason: "invalid_openid_token" };
  if (youthId === deps.botUserId || deps.helpline.counsellors.includes(youthId)) {
    return { ok: false, reason: "user_not_allowed" };
  }

  const claim = deps.issuedTokens.claim(request.registrationToken, deps.now());
  if (claim === "unknown") return { ok: false, reason: "unknown_registration_token" };
  if (claim === "already_claimed")
    return { ok: false, reason: "registration_token_already_claimed" };

  let created = false;
  try {
    const info = await deps.homeserver.getRegistrationToken(request.registrationToken);
    if (info === null || info.completed < 1) {
      return { ok: false, reason: "registration_token_not_used" };
    }
    const counsellorId = chooseCounsellor(deps.helpline);
    const roomId = await deps.homeserver.createRoom(
      buildConversationRoom({
        botUserId: deps.botUserId,
        youthId,
        counsellorId,
        encrypted: deps.encryptedRooms,
      }),
    );
    created = true;
    return { ok: true, roomId, counsellorId };
  } finally {
    if (created) deps.issuedTokens.confirm(request.registrationToken);
    else deps.issuedTokens.release(request.registrationToken);
  }
}
