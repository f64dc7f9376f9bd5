import type { WritingAbout } from "@helpline/contract";
import type {
  ConsoleLang,
  DeskConversation,
  LocalizedText,
  QueueEntry,
  RoomView,
  YouthGone,
} from "../types.ts";

// Pure: what the desk and the supervisor panel show of the bot's answers, at a given time.

export interface InboxItem {
  readonly reference: number;
  readonly roomId: string;
  readonly name: string;
  readonly state: DeskConversation["state"];
  /** Since the youth arrived, in whole minutes. */
  readonly waitingMinutes: number | null;
  /** For offers: seconds left before the offer goes to someone else. */
  readonly offerSecondsLeft: number | null;
  readonly unread: number;
  /** The youth's page went away (see ChatPanel): flagged in the list, even when not open. */
  readonly youthGone: YouthGone | null;
  readonly handoverTo: string | null;
  readonly handoverFrom: string | null;
  readonly requeued: boolean;
  /** "About myself / someone close", where the service asks it; null when not answered. */
  readonly writingAbout: WritingAbout | null;
  /** The youth pressed "I am in danger now" while she waited: why it came first. */
  readonly urgent: boolean;
  /** She reads it beside its counsellor (engine/observers.ts): the counsellor in charge. */
  readonly observingWith: string | null;
  /** Colleagues reading (or about to read) a conversation in her charge. */
  readonly observers: readonly string[];
  readonly selected: boolean;
  /** Accepting or declining is under way. */
  readonly answering: boolean;
}

export interface QueueItem {
  readonly reference: number;
  readonly position: number;
  readonly waitingMinutes: number | null;
  readonly state: QueueEntry["state"];
  readonly offeredTo: string | null;
  /** The youth pressed "I am in danger now": ahead of those who did not. */
  readonly urgent: boolean;
}

export const minutesSince = (from: number | null, now: number): number | null =>
  from === null ? null : Math.max(0, Math.floor((now - from) / 60_000));

export function inboxItem(
  c: DeskConversation,
  room: RoomView | null,
  now: number,
  mark: { readonly selected: boolean; readonly answering: boolean },
): InboxItem {
  return {
    reference: c.reference,
    roomId: c.roomId,
    name: c.name,
    state: c.state,
    waitingMinutes: minutesSince(c.arrivedAt, now),
    offerSecondsLeft:
      c.offerExpiresAt === null ? null : Math.max(0, Math.round((c.offerExpiresAt - now) / 1000)),
    unread: room?.unread ?? 0,
    youthGone: c.state === "active" ? (room?.youthGone ?? null) : null,
    handoverTo: c.handoverTo,
    handoverFrom: c.handoverFrom,
    requeued: c.requeued,
    writingAbout: c.writingAbout ?? null,
    urgent: c.urgent,
    observingWith: c.state === "observing" ? (c.counsellorId ?? "") : null,
    observers: c.observers ?? [],
    selected: mark.selected,
    answering: mark.answering,
  };
}

/** Offered to her (a youth, or a handover), to accept or decline; anything else is open work. */
export const isOffer = (c: DeskConversation): boolean =>
  c.state === "offered" || c.state === "handover_offered";

export const queueItem = (q: QueueEntry, now: number): QueueItem => ({
  reference: q.reference,
  position: q.position,
  waitingMinutes: minutesSince(q.waitingSince, now),
  state: q.state,
  offeredTo: q.offeredTo ?? null,
  urgent: q.urgent,
});

/** The counsellor's language, else the helpline's default, else whichever there is. */
export function pick(
  text: LocalizedText,
  lang: ConsoleLang,
  fallback: ConsoleLang | null,
): string | null {
  return (
    text[lang] ?? (fallback !== null ? text[fallback] : undefined) ?? Object.values(text)[0] ?? null
  );
}
