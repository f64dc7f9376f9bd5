import type { KeptSession } from "./kept.ts";
import type { ChatSession } from "./types.ts";
import type * as SessionModuleExports from "./matrix/index.ts";
import type { MatrixSessionConfig } from "./matrix/index.ts";

type SessionModule = typeof SessionModuleExports;

export interface SessionLoader {
  /** Starts downloading the session code and the crypto WASM; safe to call many times. */
  prefetch(): void;
  /** Loads the session code if needed and builds a brand-new session (or the kept one). */
  createSession(resume?: KeptSession): Promise<ChatSession>;
}

/**
 * Keeps matrix-js-sdk and the crypto WASM out of the landing page: they are fetched through a
 * dynamic import, ideally while the youth is still reading the welcome screen.
 */
export function createSessionLoader(
  config: MatrixSessionConfig,
  importModule: () => Promise<SessionModule> = () => import("./matrix/index.ts"),
): SessionLoader {
  let modulePromise: Promise<SessionModule> | null = null;
  let warmedUp = false;
  // One per page: readied in the background while the youth reads, used when they press start.
  let page: ReturnType<SessionModule["createPageStart"]> | null = null;
  const pageOf = (module: SessionModule) => (page ??= module.createPageStart(config));

  const load = (): Promise<SessionModule> => {
    if (modulePromise === null) {
      const attempt = importModule();
      modulePromise = attempt;
      // A failed download (e.g. offline for a moment) must not stick: the retry imports again.
      attempt.catch(() => {
        if (modulePromise === attempt) modulePromise = null;
      });
    }
    return modulePromise;
  };

  return {
    prefetch() {
      load()
        .then((module) => {
          pageOf(module).whileReading();
          if (warmedUp) return;
          warmedUp = true;
          return module.warmUpCrypto().catch(() => {
            warmedUp = false; // the SDK will load the WASM itself when the chat starts
          });
        })
        .catch(() => undefined);
    },
    async createSession(resume?: KeptSession) {
      const module = await load();
      return module.createMatrixSession(config, resume, pageOf(module));
    },
  };
}
