import type { LeavingHow } from "../types.ts";
import type { Fetch } from "./http.ts";

/** What the page says of itself to the bot (`page` in POST /api/presence). */
export type PageWord = "visible" | "hidden" | LeavingHow;

/** While the page is visible, it says so this often; the bot hears a silent page as gone. */
export const HEARTBEAT_MS = 30_000;

/** Whether the page is shown, and when that changes (document.visibilityState in a browser). */
export interface PageVisibility {
  isVisible(): boolean;
  /** Subscribes to visibility changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface PagePresenceDeps {
  readonly fetch: Fetch;
  readonly apiBase: string;
  /** The conversation's room id. */
  readonly conversationId: string;
  /** The bot's secret for this conversation's presence; never logged, never stored in clear. */
  readonly presenceKey: string;
  /** Whether the youth kept the conversation on this device: read at each request. */
  readonly kept: () => boolean;
  readonly visibility: PageVisibility;
  /** Runs `callback` after `ms`; returns a cancel function. Injected so tests control time. */
  readonly schedule: (callback: () => void, ms: number) => () => void;
}

/**
 * Tells the bot whether the youth's page is still there, so that a counsellor is not left
 * talking to a closed tab (issue 13): "visible" at once and every 30 s while shown, "hidden" or
 * "visible" as soon as that changes, and once, as the page goes, "closed" or "quick_exit". The
 * last word goes with a keepalive request that outlives the page and is never waited for.
 * Nothing here ever throws or shows: every answer but 404 (the conversation is over) is ignored.
 */
export class PagePresence {
  readonly #deps: PagePresenceDeps;
  #started = false;
  #stopped = false;
  #cancelBeat: (() => void) | null = null;
  #unwatch: (() => void) | null = null;

  constructor(deps: PagePresenceDeps) {
    this.#deps = deps;
  }

  /** The conversation is joined: say so now, then keep saying it while the page is shown. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    try {
      this.#unwatch = this.#deps.visibility.onChange(() => this.#sayNow());
    } catch {
      // Without visibility events the page still says "visible" every 30 s while shown.
    }
    this.#sayNow();
  }

  /**
   * The page goes away now (quick exit, or the tab closes). Said once: whichever comes first
   * wins, so a quick exit is never followed by "closed" as the page unloads. Also said when not
   * started yet: a page that leaves while joining already holds a place in the queue.
   */
  leaving(how: LeavingHow): void {
    if (this.#stopped) return;
    this.#send(how, true);
    this.stop();
  }

  /** Nothing more is said (the session stopped, or the conversation is over). */
  stop(): void {
    this.#stopped = true;
    this.#cancelBeat?.();
    this.#cancelBeat = null;
    this.#unwatch?.();
    this.#unwatch = null;
  }

  #sayNow(): void {
    if (this.#stopped) return;
    this.#cancelBeat?.();
    this.#cancelBeat = null;
    let visible = true;
    try {
      visible = this.#deps.visibility.isVisible();
    } catch {
      // Unknown: count the page as shown; the next change or beat says better.
    }
    this.#send(visible ? "visible" : "hidden", false);
    // A hidden page goes quiet: a phone asleep or a forgotten tab is what the bot must notice.
    if (visible) this.#cancelBeat = this.#deps.schedule(() => this.#sayNow(), HEARTBEAT_MS);
  }

  #send(page: PageWord, keepalive: boolean): void {
    const { fetch, apiBase, conversationId, presenceKey, kept } = this.#deps;
    try {
      const body = JSON.stringify({ conversationId, presenceKey, page, kept: kept() });
      void fetch(`${apiBase}/presence`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        // Outlives the page when it is the last word; same origin, no third party ever.
        keepalive,
        credentials: "same-origin",
        redirect: "error",
        cache: "no-store",
      }).then(
        (response) => {
          // The conversation is over (or was never the bot's): nothing more to say.
          if (response.status === 404) this.stop();
        },
        () => undefined, // offline for a moment: the next beat says it again
      );
    } catch {
      // A browser refusing the request (e.g. keepalive quota) must not stop anything else.
    }
  }
}

/** The browser's own visibility: the page is shown, or hidden (another tab, screen off). */
export function documentVisibility(doc: Document): PageVisibility {
  return {
    isVisible: () => doc.visibilityState === "visible",
    onChange: (listener) => {
      doc.addEventListener("visibilitychange", listener);
      return () => doc.removeEventListener("visibilitychange", listener);
    },
  };
}
