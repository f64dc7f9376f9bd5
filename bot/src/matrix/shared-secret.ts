import { createHmac } from "node:crypto";

/**
 * The MAC of Synapse's shared-secret registration (synapse/rest/admin/users.py):
 * HMAC-SHA1(secret, nonce \0 username \0 password \0 "admin"|"notadmin" [\0 user_type]), hex.
 * The user type is signed too, so nobody without the secret can choose an account's type. The
 * bot's one-off admin has none (an admin is never restricted); the operator's counsellors do.
 */
export function sharedSecretRegistrationMac(request: {
  sharedSecret: string;
  nonce: string;
  username: string;
  password: string;
  admin: boolean;
  userType?: string;
}): string {
  const mac = createHmac("sha1", request.sharedSecret)
    .update(request.nonce)
    .update("\0")
    .update(request.username)
    .update("\0")
    .update(request.password)
    .update("\0")
    .update(request.admin ? "admin" : "notadmin");
  if (request.userType) mac.update("\0").update(request.userType);
  return mac.digest("hex");
}
