import type { JournalRecord } from "@helpline/bot/permanence/journal";
import { spread, type Spread } from "./stats.ts";

// What became of the night's offers, read from the bot's journal: how long after the decision
// Synapse made each invite (the bot journals `invite_made` once it has, engine/offers.ts), how
// many offers ran out, and how many counsellors were paused for it. On a saturated Synapse the
// outbox runs behind: an offer counted from its decision ran out before its counsellor had the
// invite, and she was paused as if absent (32 of 40 seats filled at the end of a night).

export interface OfferFigures {
  /** Offers decided (the bot's invites of a counsellor into a youth's room). */
  offers: number;
  /** From the offer's decision until Synapse made its invite, for the invites made. */
  inviteMadeAfter: Spread;
  offersTimedOut: number;
  /** Counsellors paused by the bot, not by themselves: a missed offer pauses her. */
  counsellorsPaused: number;
}

export function offerFigures(records: readonly JournalRecord[]): OfferFigures {
  const decided = new Map<string, number>();
  const delays: number[] = [];
  let offers = 0;
  let offersTimedOut = 0;
  let counsellorsPaused = 0;
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
    const { event } = record;
    if (event.type === "invite_made") {
      const key = `${event.conversationId} ${event.counsellorId}`;
      const at = decided.get(key);
      if (at !== undefined) delays.push(record.at - at);
      decided.delete(key);
    }
    for (const command of record.commands) {
      if (command.type === "invite") {
        offers += 1;
        decided.set(`${command.conversationId} ${command.counsellorId}`, record.at);
      }
      if (command.type !== "notify_staff") continue;
      const { notice } = command;
      if (notice.kind === "offer_timed_out") offersTimedOut += 1;
      if (
        notice.kind === "availability_changed" &&
        notice.availability === "paused" &&
        event.type !== "availability_set"
      ) {
        counsellorsPaused += 1;
      }
    }
  }
  return { offers, inviteMadeAfter: spread(delays), offersTimedOut, counsellorsPaused };
}
