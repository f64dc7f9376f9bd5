// Whether each youth's page is still there, from what the page says (POST /api/presence): a
// heartbeat while it is shown, a word when it is hidden, a last word when it closes or quick exit
// is pressed. A page that stops talking without a last word (a tab killed, a phone switched off
// or out of signal) is noticed by its silence.
//
// Memory only, and on purpose: a heartbeat is not worth a journal write, and what matters survives
// a restart in the permanence's state (a page said gone stays gone there). After a restart a page
// is watched again from its next heartbeat; one that died while the bot was down is left to the
// inactivity timeout. A conversation whose page never spoke (an old page, a scripted client) is
// never declared silent.

import type { ConversationId, PageGone, PermanenceEvent } from "./types.ts";

/** What the page says of itself. */
export type PageReport = "visible" | "hidden" | "closed" | "quick_exit";

export interface PageWatchSettings {
  /** A shown page beats every 30 s: this long without a word, it is gone. */
  visibleSilenceMs: number;
  /**
   * A hidden page (another app in front, the screen off) is throttled or frozen by the browser
   * and may not beat at all, yet the youth can come back to it: it is given longer.
   */
  hiddenSilenceMs: number;
}

interface Watched {
  silentAt: number;
  kept: boolean;
}

export class PageWatch {
  readonly #settings: PageWatchSettings;
  readonly #watched = new Map<ConversationId, Watched>();

  constructor(settings: PageWatchSettings) {
    this.#settings = settings;
  }

  /**
   * The page spoke. Returns the event for the permanence, if any: its last word, or its return
   * when the permanence holds it gone (`saidGone`).
   */
  report(
    conversationId: ConversationId,
    page: PageReport,
    kept: boolean,
    saidGone: boolean,
    now: number,
  ): PermanenceEvent | null {
    if (page === "closed" || page === "quick_exit") {
      this.#watched.delete(conversationId);
      return gone(conversationId, page, kept);
    }
    const wait =
      page === "visible" ? this.#settings.visibleSilenceMs : this.#settings.hiddenSilenceMs;
    this.#watched.set(conversationId, { silentAt: now + wait, kept });
    return saidGone ? { type: "youth_page_back", conversationId } : null;
  }

  /**
   * The pages silent for too long, each reported once; conversations that are over (`isLive`
   * false) are simply forgotten.
   */
  silent(now: number, isLive: (id: ConversationId) => boolean): PermanenceEvent[] {
    const events: PermanenceEvent[] = [];
    for (const [id, watched] of this.#watched) {
      if (!isLive(id)) {
        this.#watched.delete(id);
        continue;
      }
      if (now < watched.silentAt) continue;
      this.#watched.delete(id);
      events.push(gone(id, "silent", watched.kept));
    }
    return events;
  }

  /** How many pages are watched now (for tests and metrics). */
  get size(): number {
    return this.#watched.size;
  }
}

function gone(conversationId: ConversationId, how: PageGone, kept: boolean): PermanenceEvent {
  return { type: "youth_page_gone", conversationId, how, kept };
}
