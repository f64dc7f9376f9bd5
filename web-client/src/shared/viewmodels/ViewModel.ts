/** The minimal contract React's useSyncExternalStore needs; view models implement it. */
export interface Observable<S> {
  getSnapshot(): S;
  subscribe(listener: () => void): () => void;
}

/** Holds an immutable snapshot and tells listeners when it is replaced. */
export class SnapshotStore<S> implements Observable<S> {
  #snapshot: S;
  readonly #listeners = new Set<() => void>();

  constructor(initial: S) {
    this.#snapshot = initial;
  }

  getSnapshot = (): S => this.#snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  protected set(next: S): void {
    if (next === this.#snapshot) return;
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener();
  }
}
