import { wipeDevice, type DeviceStorage } from "./wipe.ts";

/** Where quick exit goes when the helpline has not said (or not yet). */
export const DEFAULT_QUICK_EXIT_URL = "https://www.google.com/";

export interface QuickExitDeps {
  /** What to blank at once: the page's content. */
  readonly blank: () => void;
  /** Replaces the current history entry (location.replace): Back does not return to the chat. */
  readonly replaceLocation: (url: string) => void;
  /**
   * Stops the chat (sync, crypto) without waiting for anything, and first tells the counsellor
   * that the youth left suddenly (a request that outlives the page, never awaited).
   */
  readonly stopSession: () => void;
  readonly storage: DeviceStorage;
}

/**
 * The youth must leave the page NOW: someone is coming. Blank first, then navigate away; the
 * wipe is started but never awaited, so nothing delays the navigation.
 */
export class QuickExit {
  readonly #deps: QuickExitDeps;
  #url = DEFAULT_QUICK_EXIT_URL;
  #done = false;

  constructor(deps: QuickExitDeps) {
    this.#deps = deps;
  }

  /** The helpline's neutral site (GET /api/helpline `quickExitUrl`), if it is an http(s) URL. */
  setUrl = (url: string | null | undefined): void => {
    if (url != null && isHttpUrl(url)) this.#url = url;
  };

  get url(): string {
    return this.#url;
  }

  exit = (): void => {
    if (this.#done) return;
    this.#done = true;
    const deps = this.#deps;
    attempt(deps.blank);
    attempt(deps.stopSession);
    void wipeDevice(deps.storage).catch(() => undefined);
    deps.replaceLocation(this.#url);
  };
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function attempt(action: () => void): void {
  try {
    action();
  } catch {
    // Leaving must happen whatever failed before.
  }
}
