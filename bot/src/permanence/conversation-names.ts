import { DateTime } from "luxon";
import type { PermanenceState } from "./types.ts";

/**
 * A four-digit number for counsellors to speak of a conversation ("Jeune 4821") without any id.
 * Random rather than sequential, so it says nothing about how many youths wrote; unique among the
 * live conversations.
 */
export function freeReference(state: PermanenceState, random: () => number): number {
  const used = new Set(Object.values(state.conversations).map((c) => c.reference));
  for (;;) {
    const reference = 1000 + Math.floor(random() * 9000);
    if (!used.has(reference)) return reference;
  }
}

/**
 * What counsellors call the youth, e.g. "Jeune 4821": her display name in their clients when she
 * gives no pseudonym (her page sets it), as in the staff room's notices.
 */
export function youthName(reference: number): string {
  return `Jeune ${reference}`;
}

/** The room's name in counsellors' clients, e.g. "Jeune 4821 · 18:42". The youth never sees it. */
export function roomName(reference: number, now: number, timeZone: string): string {
  return `${youthName(reference)} · ${DateTime.fromMillis(now, { zone: timeZone }).toFormat("HH:mm")}`;
}
