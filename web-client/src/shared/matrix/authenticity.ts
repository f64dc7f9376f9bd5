import type { MatrixEvent } from "matrix-js-sdk";
import { EventShieldReason, type EventEncryptionInfo } from "matrix-js-sdk/lib/crypto-api/index.js";

/**
 * Whether a message of a conversation may be shown as written by its sender.
 *
 * Every conversation room is end-to-end encrypted, and so is everything our clients send there.
 * Anything else comes from someone who holds a member's access token (or the bot's application
 * service token) but not the member's keys: it must never read as the counsellor's or the youth's
 * words.
 */
export type Authenticity =
  /** Decrypted here, from a device its owner's cross-signing identity vouches for. */
  | "authentic"
  /** Decrypted here; which device sent it is still being checked (a few milliseconds). */
  | "checking"
  /** Sent in clear into the encrypted room: shown as a warning, never as a message. */
  | "unprotected"
  /** Encrypted by a device its owner's cross-signing does not vouch for: a warning too. */
  | "unverified_device";

/** What the crypto layer said of the device behind a decrypted event. */
export type DeviceCheck = "vouched" | "not_vouched";

/**
 * The bar is "signed by its owner's cross-signing key", not "an identity I verified": a youth
 * cannot verify anyone, and counsellors seldom verify youths. So an identity nobody verified
 * (UNVERIFIED_IDENTITY, or no shield at all) passes, and so does a key that reached us through our
 * own key backup or the inviter's history bundle (AUTHENTICITY_NOT_GUARANTEED: the console's
 * history after a new login or a handover; both sources are themselves cross-signed). A device
 * its owner never signed, an unknown device, a sender that does not own the device, an identity
 * that changed after verification, or anything the SDK cannot name is not vouched for.
 */
export function deviceCheckOf(info: EventEncryptionInfo | null): DeviceCheck {
  // null: the crypto layer did not decrypt this event itself; nothing vouches for it.
  if (info === null) return "not_vouched";
  switch (info.shieldReason) {
    case null:
    case EventShieldReason.UNVERIFIED_IDENTITY:
    case EventShieldReason.AUTHENTICITY_NOT_GUARANTEED:
      return "vouched";
    default:
      return "not_vouched";
  }
}

/** Types that carry words; anything else in clear is simply not shown. */
const CONTENT_TYPES = new Set(["m.room.message", "m.sticker"]);

/**
 * The decision for one timeline event. `deviceCheck` is what the crypto layer said about the
 * device behind it, undefined while it has not said yet. Our own local echo (an event this very
 * client created, with its transaction id) is ours by construction; a remote event that claims to
 * be ours is judged like anyone else's, since it may come from a stolen token.
 */
export function authenticityOf(
  event: MatrixEvent,
  deviceCheck: DeviceCheck | undefined,
): Authenticity {
  if (event.getTxnId() !== undefined) return "authentic";
  if (!event.isEncrypted()) return "unprotected";
  if (deviceCheck === undefined) return "checking";
  return deviceCheck === "vouched" ? "authentic" : "unverified_device";
}

/** Whether an event in clear is one that would have shown as words: those become a warning. */
export function carriesWords(event: MatrixEvent): boolean {
  return CONTENT_TYPES.has(event.getType());
}
