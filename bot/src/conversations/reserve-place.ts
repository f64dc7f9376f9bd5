import type { QueuePlace } from "@helpline/contract";
import type { ConversationDeps } from "./open-conversation.ts";
import { placeKeyOf } from "./place-keys.ts";

export type ReservePlaceResult =
  | { ok: true; place: QueuePlace; existing: boolean }
  | {
      ok: false;
      reason:
        | "closed"
        | "unknown_registration_token"
        | "registration_token_already_claimed"
        | "unavailable";
    };

/**
 * Her place in the queue, held at her press with the registration token the bot gave her page
 * (engine/reservation.ts), and answered at once: nothing here waits on Synapse. On a busy night
 * her account, her OpenID token and her room take seconds to tens of seconds each; she sees her
 * place meanwhile, and keeps it in the order youths asked. Her conversation request takes it.
 *
 * The token proves a solved proof of work, and only a token no conversation was asked with yet
 * holds a place: one per token, and none for a conversation already asked for (its own answer
 * says her place).
 */
export async function reservePlace(
  deps: Pick<ConversationDeps, "issuedTokens" | "admission" | "now">,
  registrationToken: string,
): Promise<ReservePlaceResult> {
  const key = placeKeyOf(registrationToken);
  const held = deps.admission.placeOf(key);
  if (held !== null) return { ok: true, place: held, existing: true };
  const token = deps.issuedTokens.stateOf(registrationToken, deps.now());
  if (token === "unknown") return { ok: false, reason: "unknown_registration_token" };
  if (token === "claimed") return { ok: false, reason: "registration_token_already_claimed" };
  if (!deps.admission.admitting()) return { ok: false, reason: "closed" };
  let place: QueuePlace | null;
  try {
    place = await deps.admission.reserve(key);
  } catch {
    return { ok: false, reason: "unavailable" };
  }
  // Journaled, but not held: admissions ended between the check above and the journal.
  if (place === null) return { ok: false, reason: "closed" };
  return { ok: true, place, existing: false };
}
