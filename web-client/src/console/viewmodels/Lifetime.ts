/**
 * What a view model owns until it is disposed: subscriptions, timers, and the answers still on
 * their way. Once it has ended, an answer that arrives is dropped: an answer meant for a session
 * that was logged out (or replaced by a new login) must not touch the next one.
 */
export class Lifetime {
  readonly #disposers: (() => void)[] = [];
  #ended = false;

  get ended(): boolean {
    return this.#ended;
  }

  /** Runs `dispose` when this lifetime ends (at once if it has already ended). */
  own(dispose: () => void): void {
    if (this.#ended) dispose();
    else this.#disposers.push(dispose);
  }

  /** Hands the outcome of `work` on, unless this lifetime ended meanwhile. */
  settle<T>(work: Promise<T>, done: (value: T) => void, failed: (error: unknown) => void): void {
    work.then(
      (value) => {
        if (!this.#ended) done(value);
      },
      (error: unknown) => {
        if (!this.#ended) failed(error);
      },
    );
  }

  /** Unsubscribes and cancels everything owned, newest first. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const dispose of this.#disposers.splice(0).reverse()) dispose();
  }
}
