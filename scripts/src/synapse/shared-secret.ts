import { randomBytes } from "node:crypto";
import { sharedSecretRegistrationMac } from "@helpline/bot/matrix/shared-secret";

/**
 * Account types declared in homeserver.yaml (`user_types`). Public registration always gives
 * `youth`; the helpline_guard module restricts that type. Operator-made accounts must say theirs.
 */
export const userTypes = {
  youth: "org.helplinechat.youth",
  counsellor: "org.helplinechat.counsellor",
} as const;
export type UserType = (typeof userTypes)[keyof typeof userTypes];

export interface RegisteredUser {
  userId: string;
  accessToken: string;
}

// One implementation of Synapse's registration MAC, shared with the bot.
export { sharedSecretRegistrationMac };

export class UserExistsError extends Error {
  constructor(localpart: string) {
    super(`An account named "${localpart}" already exists.`);
  }
}

/**
 * Registers a user through Synapse's shared-secret registration endpoint, the operator's way to
 * create accounts while public registration needs a token.
 */
export async function registerWithSharedSecret(options: {
  homeserverUrl: string;
  sharedSecret: string;
  localpart: string;
  password: string;
  admin?: boolean;
  /** Leave out only for admins; anyone else without a type would be a restricted youth. */
  userType?: UserType;
  displayName?: string;
}): Promise<RegisteredUser> {
  const endpoint = `${options.homeserverUrl}/_synapse/admin/v1/register`;
  const nonceResponse = await fetch(endpoint);
  if (!nonceResponse.ok)
    throw new Error(`Synapse refused a registration nonce (${nonceResponse.status})`);
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const mac = sharedSecretRegistrationMac({
    sharedSecret: options.sharedSecret,
    nonce,
    username: options.localpart,
    password: options.password,
    admin: Boolean(options.admin),
    ...(options.userType ? { userType: options.userType } : {}),
  });
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      nonce,
      username: options.localpart,
      password: options.password,
      admin: Boolean(options.admin),
      ...(options.userType ? { user_type: options.userType } : {}),
      mac,
      ...(options.displayName ? { displayname: options.displayName } : {}),
    }),
  });
  const body = (await response.json()) as {
    user_id?: string;
    access_token?: string;
    errcode?: string;
    error?: string;
  };
  if (body.errcode === "M_USER_IN_USE") throw new UserExistsError(options.localpart);
  if (!response.ok || !body.user_id || !body.access_token) {
    throw new Error(
      `Registration of "${options.localpart}" failed: ${body.errcode ?? response.status} ${body.error ?? ""}`,
    );
  }
  return { userId: body.user_id, accessToken: body.access_token };
}

/** A password for a human to type once and store in a password manager. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
