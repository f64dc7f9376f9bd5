import type { MatrixSessionConfig } from "../session/matrix/index.ts";
import { apiBaseOfPage } from "../shared/apiBase.ts";

/**
 * Everything the app needs from the browser, gathered once at start-up so the rest of the code
 * receives it instead of reaching for globals.
 */
export function browserSessionConfig(): MatrixSessionConfig {
  return {
    homeserverUrl: window.location.origin,
    // This page's helpline (`/sos-viol/` → `/api/h/sos-viol`); every call to the bot uses it.
    apiBase: apiBaseOfPage(window.location.pathname),
    fetch: (input, init) => window.fetch(input, init),
    random: (bytes) => crypto.getRandomValues(bytes),
    mark,
    // main.tsx keeps the document's lang in step with the language the youth reads.
    pageLanguage: () => document.documentElement.lang,
    onNetworkChange,
  };
}

function onNetworkChange(listener: (online: boolean) => void): () => void {
  const online = (): void => listener(true);
  const offline = (): void => listener(false);
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  return () => {
    window.removeEventListener("online", online);
    window.removeEventListener("offline", offline);
  };
}

/** A performance mark for the benchmark; harmless if the API is missing. */
export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // Marks are a measurement aid only.
  }
}

const marked = new Set<string>();

/** Marks a name the first time only (e.g. composer-ready after each render). */
export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  mark(name);
}

/**
 * Runs a task when the browser is idle after the first paint, or soon anyway; never while the
 * page is hidden (a tab opened in the background, a prerender): nothing is fetched before the
 * youth has seen the page.
 */
export function whenIdle(task: () => void): void {
  const schedule = (): void => {
    if (document.hidden) {
      document.addEventListener("visibilitychange", schedule, { once: true });
    } else if (typeof window.requestIdleCallback === "function") {
      window.requestIdleCallback(task, { timeout: 1500 });
    } else {
      setTimeout(task, 200);
    }
  };
  // Two frames: the welcome screen is painted before any heavy download starts.
  requestAnimationFrame(() => requestAnimationFrame(schedule));
}
