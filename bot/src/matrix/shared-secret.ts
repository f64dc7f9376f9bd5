import { createHmac } from "node:crypto";

/**
 * The MAC Synapse's shared-secret registration expects:
 * HMAC-SHA1(secret, nonce \0 username \0 password \0 "admin"|"notadmin"), hex-encoded.
 */
export function sharedSecretRegistrationMac(request: {
  sharedSecret: string;
  nonce: string;
  username: string;
  password: string;
  admin: boolean;
}): string {
  return createHmac("sha1", request.sharedSecret)
    .update(request.nonce)
    .update("\0")
    .update(request.username)
    .update("\0")
    .update(request.password)
    .update("\0")
    .update(request.admin ? "admin" : "notadmin")
    .digest("hex");
}
