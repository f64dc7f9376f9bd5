import { createHash } from "node:crypto";

/**
 * The key under which a youth's place is held (permanence/engine/reservation.ts): a digest of the
 * registration token the bot gave her page, which both her place request and her conversation
 * request carry. The journal keeps the digest, never the token; it names neither her account nor
 * her room, and the token it comes from is spent once her conversation exists.
 */
export function placeKeyOf(registrationToken: string): string {
  return createHash("sha256")
    .update("helpline place\n")
    .update(registrationToken)
    .digest("base64url");
}
