import type { PreparedRegistration } from "./register.ts";

// Registration prepared on the youth's intent (issue 19): when she shows she is about to start
// (intent.ts), every registration stage but the last runs (register.ts, prepareRegistration), so
// that pressing start only creates the account. Nothing is created if she never presses.

/**
 * A preparation is used only this long before its token stops being accepted: the press still
 * has to finish the registration and open the conversation with it.
 */
export const expiryMarginMs = 30_000;
/**
 * When the bot did not say when its token expires: below the shortest lifetime it can be
 * configured with (registrationTokenLifetimeSeconds ≥ 30).
 */
export const unknownExpiryLifetimeMs = 25_000;

export interface EarlyRegistrationDeps {
  /** Every stage but the last, with a fresh token (prepareRegistration). */
  readonly prepare: () => Promise<PreparedRegistration>;
  readonly now: () => number;
}

interface Preparation {
  readonly startedAt: number;
  /** Null if preparing failed: the press then registers the normal way. */
  readonly result: Promise<PreparedRegistration | null>;
  /** Known once prepared: until when it may be used. */
  usableUntil: number;
}

export class EarlyRegistration {
  readonly #deps: EarlyRegistrationDeps;
  #current: Preparation | null = null;

  constructor(deps: EarlyRegistrationDeps) {
    this.#deps = deps;
  }

  /**
   * She shows intent: prepares, unless a preparation is under way or still usable. A stale one is
   * dropped (its UIA session is left to expire on Synapse: it holds no account) and redone.
   */
  prepare(): void {
    if (this.#current !== null && this.#deps.now() < this.#current.usableUntil) return;
    const startedAt = this.#deps.now();
    const preparation: Preparation = {
      startedAt,
      // Under way: usable whatever its age, until it says otherwise.
      usableUntil: Infinity,
      result: this.#deps.prepare().then(
        (prepared) => {
          const expiresAt = prepared.registrationToken.expiresAt;
          preparation.usableUntil =
            expiresAt === null ? startedAt + unknownExpiryLifetimeMs : expiresAt - expiryMarginMs;
          return prepared;
        },
        () => {
          preparation.usableUntil = -Infinity; // the next intent tries again
          return null;
        },
      ),
    };
    this.#current = preparation;
  }

  /**
   * At the press: the preparation, awaited if still under way, given once; null if there is none,
   * it failed or it went stale (the press then registers the normal way).
   */
  async take(): Promise<PreparedRegistration | null> {
    const preparation = this.#current;
    this.#current = null;
    if (preparation === null) return null;
    const prepared = await preparation.result;
    return this.#deps.now() < preparation.usableUntil ? prepared : null;
  }
}
