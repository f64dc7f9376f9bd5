// A youth's place, held from the moment her page asks for it (her press) while her account, her
// OpenID token and her room are made: on a busy night each of those is a round trip to a Synapse
// that takes seconds, and her room tens of seconds. Without it she saw nothing for all that time,
// and took her place in the order Synapse finished the rooms, behind youths who asked after her.
//
// A reservation is never offered (an offer needs a room to invite into) and no command names it.
// It counts in the positions of every youth behind it (status.ts), her arrival takes it and her
// place with it (arrival.ts), it expires if her room never comes (her page gave up: the positions
// behind it move up), and closing drops it with the queue (closing.ts).

import type { Decision, PermanenceState, Reservation, Schedule } from "../types.ts";
import { unchanged } from "./decision.ts";
import { reservationsOf } from "./state.ts";

/**
 * How long a place is held without her room: her page's patience for a room being made (three
 * minutes, web-client botApi.ts `roomPreparingPatienceMs`) and two minutes for her account and
 * her OpenID token on a slow night. Stored with each reservation as `expiresAt`, so replaying the
 * journal expires it at the same instant.
 */
export const reservationLifetimeMs = 5 * 60_000;

/**
 * Holds a place under `reservationId`, at the end of the line, while new conversations are
 * admitted. Asked again with the same id, or outside admissions, nothing changes (the door
 * answers "closed" before asking).
 */
export function placeReserved(
  schedule: Schedule,
  state: PermanenceState,
  reservationId: string,
  now: number,
): Decision {
  const reservations = reservationsOf(state);
  if (!schedule(now).admitting) return unchanged(state);
  if (reservations.some((held) => held.id === reservationId)) return unchanged(state);
  const reservation: Reservation = {
    id: reservationId,
    at: now,
    expiresAt: now + reservationLifetimeMs,
  };
  // In the order asked: `now` is the latest instant but for a clock set back, which must not
  // put her ahead of youths who asked before her.
  const after = reservations.findIndex((held) => held.at > now);
  const next =
    after === -1
      ? [...reservations, reservation]
      : [...reservations.slice(0, after), reservation, ...reservations.slice(after)];
  return unchanged({ ...state, reservations: next });
}

/** Places whose room never came: dropped, and the youths behind them move up (status.ts). */
export function expireReservations(state: PermanenceState, now: number): Decision {
  const reservations = reservationsOf(state);
  const live = reservations.filter((held) => held.expiresAt > now);
  if (live.length === reservations.length) return unchanged(state);
  return unchanged({ ...state, reservations: live });
}
