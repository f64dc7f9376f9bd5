/**
 * Entry of the lazily loaded session chunk: everything Matrix (SDK, crypto WASM) is reached only
 * through this module, which the welcome screen prefetches while the youth reads.
 */
import type { KeptSession } from "../kept.ts";
import type { ChatSession } from "../types.ts";
import { createBotApi, type BotApi } from "./botApi.ts";
import { EarlyRegistration } from "./earlyRegistration.ts";
import type { Fetch } from "./http.ts";
import { MatrixChatSession } from "./MatrixChatSession.ts";
import { PagePresence, documentVisibility } from "./pagePresence.ts";
import { browserProvenanceSources } from "./provenance.ts";
import { createProofSource, type ProofSource } from "./proofOfWork.ts";
import type { RandomSource } from "./random.ts";
import { watchIntent } from "./intent.ts";

export interface MatrixSessionConfig {
  readonly homeserverUrl: string;
  readonly apiBase: string;
  readonly fetch: Fetch;
  readonly random: RandomSource;
  readonly mark: (name: string) => void;
  /** The page's language now (e.g. "fr"), sent with the conversation request for statistics. */
  readonly pageLanguage?: () => string;
  /** Subscribes to the browser's online/offline events; returns the unsubscribe function. */
  readonly onNetworkChange?: (listener: (online: boolean) => void) => () => void;
}

/** A new conversation, or the one kept on this device when `resume` is given. */
export function createMatrixSession(
  config: MatrixSessionConfig,
  resume?: KeptSession,
  page: PageStart = createPageStart(config),
): ChatSession {
  return new MatrixChatSession({
    ...(resume !== undefined ? { resume } : {}),
    homeserverUrl: config.homeserverUrl,
    bot: page.bot,
    takePreparedRegistration: () => page.early.take(),
    fetch: config.fetch,
    random: config.random,
    mark: config.mark,
    ...(config.onNetworkChange !== undefined ? { onNetworkChange: config.onNetworkChange } : {}),
    // The helpline's key from the web server, the vouchers from the bot (provenance.ts).
    provenance: (crypto) => browserProvenanceSources(config.fetch, config.apiBase, crypto),
    // Tells the bot whether this page is still open, on the page's own origin only.
    presence: (conversation) =>
      new PagePresence({
        ...conversation,
        fetch: config.fetch,
        apiBase: config.apiBase,
        visibility: documentVisibility(document),
        schedule: (callback, ms) => {
          const timer = setTimeout(callback, ms);
          return () => clearTimeout(timer);
        },
      }),
  });
}

/** What the welcome screen readies for the start, once per page (the loader keeps it). */
export interface PageStart {
  /** The bot, with the proof of work asked before an account is created solved ahead. */
  readonly bot: BotApi;
  readonly early: EarlyRegistration;
  /**
   * While the youth reads: solves the proof of work, and prepares the registration once she shows
   * intent to start (intent.ts). Safe to call many times.
   */
  whileReading(): void;
}

export function createPageStart(config: MatrixSessionConfig): PageStart {
  const proofs: ProofSource = createProofSource(config.fetch, config.apiBase);
  const bot = createBotApi(config.fetch, config.apiBase, undefined, proofs, config.pageLanguage);
  const early = new EarlyRegistration({
    prepare: async () => ({ registrationToken: await bot.createRegistrationToken() }),
    now: () => Date.now(),
  });
  let watching = false;
  return {
    bot,
    early,
    whileReading() {
      proofs.warmUp();
      if (watching) return;
      watching = true;
      // For the page's life: an intent after a stale or failed preparation may prepare again,
      // within EarlyRegistration's limits (once a minute, not after failures in a row).
      watchIntent(document, () => early.prepare());
    },
  };
}

/**
 * Downloads and compiles the crypto WASM ahead of time. The SDK's own initialisation later
 * reuses the same module instances, so it finds the work already done.
 */
export async function warmUpCrypto(): Promise<void> {
  // The SDK's Rust crypto layer is a chunk of its own that initRustCrypto imports: fetched now
  // too, so that the press downloads no code (issue 19, bytes after the press).
  const [wasm] = await Promise.all([
    import("@matrix-org/matrix-sdk-crypto-wasm"),
    import("matrix-js-sdk/lib/rust-crypto/index.js"),
  ]);
  await wasm.initAsync();
}
