import type { MatrixEvent } from "matrix-js-sdk";
import type { EventEncryptionInfo } from "matrix-js-sdk/lib/crypto-api/index.js";
import { deviceCheckOf, type DeviceCheck } from "./authenticity.ts";

/** The one crypto call this needs, so that tests can answer it. */
export interface EncryptionInfoSource {
  getEncryptionInfoForEvent(event: MatrixEvent): Promise<EventEncryptionInfo | null>;
}

/**
 * Asks the crypto layer, once per decrypted event, whether its sending device is vouched for by
 * its owner's cross-signing, and remembers the answer; the views read it synchronously and are
 * told (`onChange`) when an answer arrives or changes.
 *
 * A device may be unknown when its message arrives, or signed a moment later (a youth's page
 * cross-signs right after it starts): `recheck()`, called when device lists or identities
 * change, asks again for every event. Until the new answer comes the old one stands.
 */
export class DeviceChecks {
  readonly #source: () => EncryptionInfoSource | undefined;
  readonly #onChange: () => void;
  readonly #answers = new Map<string, DeviceCheck>();
  readonly #asked = new Set<string>();
  #disposed = false;

  constructor(source: () => EncryptionInfoSource | undefined, onChange: () => void) {
    this.#source = source;
    this.#onChange = onChange;
  }

  /** The answer for this event, undefined while there is none yet (it is then asked for). */
  of(event: MatrixEvent): DeviceCheck | undefined {
    const id = event.getId();
    // Only a successfully decrypted event can be asked about: before that the SDK answers null.
    if (id === undefined || event.getClearContent() === null || event.isDecryptionFailure()) {
      return undefined;
    }
    if (!this.#asked.has(id)) this.#ask(id, event);
    return this.#answers.get(id);
  }

  /** Device lists or identities changed: every answer may be different now. */
  recheck(): void {
    this.#asked.clear();
    this.#onChange();
  }

  dispose(): void {
    this.#disposed = true;
    this.#answers.clear();
    this.#asked.clear();
  }

  #ask(id: string, event: MatrixEvent): void {
    this.#asked.add(id);
    const source = this.#source();
    const answer =
      source === undefined
        ? Promise.resolve<DeviceCheck>("not_vouched")
        : // On an error, asked again at the next recheck; meanwhile nothing vouches for it.
          source
            .getEncryptionInfoForEvent(event)
            .then(deviceCheckOf, (): DeviceCheck => "not_vouched");
    void answer.then((check) => {
      if (this.#disposed || this.#answers.get(id) === check) return;
      this.#answers.set(id, check);
      this.#onChange();
    });
  }
}
