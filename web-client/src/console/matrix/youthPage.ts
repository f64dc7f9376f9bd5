import { readYouthPage, youthPageEventType } from "@helpline/contract";
import type { YouthGone } from "../types.ts";

/** Room state under which the bot says whether the youth's page is still open (state_key ""). */
export const YOUTH_PAGE_EVENT_TYPE = youthPageEventType;

/** Just what is read of the state event (a MatrixEvent in the console). */
export interface YouthPageEvent {
  getSender(): string | null | undefined;
  getContent(): unknown;
}

/**
 * Whether the youth's page is gone, as the bot says it. Only the bot, who created the room (the
 * sender of m.room.create), is believed: the youth herself, or anyone else in the room, could
 * otherwise tell the counsellor she left. Anything malformed or unknown reads as nothing to say.
 */
export function readYouthGone(
  event: YouthPageEvent | null | undefined,
  bot: string | null,
): YouthGone | null {
  if (event == null || bot === null || event.getSender() !== bot) return null;
  const page = readYouthPage(event.getContent());
  return page?.state === "gone" ? { how: page.how, kept: page.kept } : null;
}
