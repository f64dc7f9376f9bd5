/**
 * Room events heard before anyone can take them. The bot listens for Synapse's transactions before
 * its helplines are started (appservice-listener.ts, beginAppservice): Synapse may deliver one as
 * soon as the listener is up, and matrix-bot-sdk acknowledges it whether anyone handles it or not,
 * so Synapse never sends it again. Its events (a staff room command, a counsellor's join while the
 * bot was down) are kept here, in the order heard, until `open` hands them over; from then on each
 * event goes straight through.
 */
export class HeldEvents<Event> {
  readonly #held: Event[] = [];
  #deliver: ((event: Event) => void) | undefined;
  readonly #onError: (error: unknown) => void;

  /** `onError`: a delivery that throws, reported rather than stopping the events behind it. */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Delivered now if open, kept otherwise. */
  hear(event: Event): void {
    if (this.#deliver === undefined) this.#held.push(event);
    else this.#deliverOne(this.#deliver, event);
  }

  /** Hands over what was kept, in order, then every event heard from now on. Once only. */
  open(deliver: (event: Event) => void): void {
    if (this.#deliver !== undefined) throw new Error("HeldEvents: already open");
    this.#deliver = deliver;
    for (const event of this.#held.splice(0)) this.#deliverOne(deliver, event);
  }

  /** How many events wait for `open`. */
  get waiting(): number {
    return this.#held.length;
  }

  #deliverOne(deliver: (event: Event) => void, event: Event): void {
    try {
      deliver(event);
    } catch (error) {
      // One bad event must not fail the bot's start (open) nor lose the events kept after it.
      this.#onError(error);
    }
  }
}
