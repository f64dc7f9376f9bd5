import type { PreparedRegistration } from "./register.ts";

// Registration prepared on the youth's intent (issue 19): when she shows she is about to start
// (intent.ts), the bot's registration token is fetched (its proof of work solved while she read),
// so that pressing start only makes the account, in one request (register.ts). No account exists
// if she never presses; the unused token expires and the bot's sweep deletes it.

/**
 * A preparation is used only this long before its token stops being accepted: the press still
 * has to make the account and open the conversation with it.
 */
export const expiryMarginMs = 30_000;
/**
 * When the bot did not say when its token expires: below the shortest lifetime it can be
 * configured with (registrationTokenLifetimeSeconds ≥ 30).
 */
export const unknownExpiryLifetimeMs = 25_000;
/**
 * Below this lifetime left at receipt, a preparation is not worth redoing: it goes stale before a
 * youth who shows intent usually presses, and each one costs the bot a token of her client's
 * budget (a few, then a couple a minute).
 */
export const minUsefulLifetimeMs = 2 * expiryMarginMs;
/** At most one preparation started per this long: intent fires at every key, focus and hover. */
export const minPreparationIntervalMs = 60_000;
/** After this many failed preparations in a row (closed, 429, offline), the page stops trying. */
export const maxFailuresInRow = 2;

export interface EarlyRegistrationDeps {
  /** A fresh token from the bot. */
  readonly prepare: () => Promise<PreparedRegistration>;
  /** The page's own clock, the one `IssuedToken.expiresAt` is on (botApi.ts). */
  readonly now: () => number;
}

interface Preparation {
  /** Null if preparing failed: the press then registers the normal way. */
  readonly result: Promise<PreparedRegistration | null>;
  /** Known once prepared: until when it may be used. */
  usableUntil: number;
}

export class EarlyRegistration {
  readonly #deps: EarlyRegistrationDeps;
  #current: Preparation | null = null;
  #lastStartedAt = -Infinity;
  #failuresInRow = 0;
  /** Failed too often in a row, or the bot's tokens live too briefly: preparing stops. */
  #givenUp = false;

  constructor(deps: EarlyRegistrationDeps) {
    this.#deps = deps;
  }

  /**
   * She shows intent: prepares, unless a preparation is under way or still usable, or preparing
   * again would cost more than it saves (see the limits above). A stale one is dropped (its token
   * expires unused: no account was made with it) and redone, at most once a minute.
   */
  prepare(): void {
    const now = this.#deps.now();
    if (this.#current !== null && now < this.#current.usableUntil) return;
    if (this.#givenUp) return;
    if (now - this.#lastStartedAt < minPreparationIntervalMs) return;
    this.#lastStartedAt = now;
    const startedAt = now;
    const preparation: Preparation = {
      // Under way: usable whatever its age, until it says otherwise.
      usableUntil: Infinity,
      result: this.#deps.prepare().then(
        (prepared) => {
          this.#failuresInRow = 0;
          // On the page's clock (botApi.ts): a device clock off by minutes changes nothing.
          const expiresAt = prepared.registrationToken.expiresAt;
          if (expiresAt === null) {
            preparation.usableUntil = startedAt + unknownExpiryLifetimeMs;
          } else {
            preparation.usableUntil = expiresAt - expiryMarginMs;
            if (expiresAt - this.#deps.now() < minUsefulLifetimeMs) this.#givenUp = true;
          }
          return prepared;
        },
        () => {
          this.#failuresInRow += 1;
          if (this.#failuresInRow >= maxFailuresInRow) this.#givenUp = true;
          preparation.usableUntil = -Infinity; // a later intent may try again, within the limits
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
