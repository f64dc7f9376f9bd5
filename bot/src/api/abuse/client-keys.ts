import { createHmac, randomBytes } from "node:crypto";
import { clientNetworkOf } from "./client-network.ts";

// A youth's network address is personal data, and this bot must never be able to hand one over.
// So an address is turned at once into an HMAC under a random secret that exists only in this
// process's memory and is replaced every `rotationMs`: the key lets the bot tell two requests of
// one client apart from those of another (rate limits, bars), but nobody, the operator included,
// can turn it back into an address, and nothing links today's keys with those of two days ago. The
// previous secret is kept one more period so that a bar placed just before a rotation still holds.

/**
 * How long a secret is the current one. A bar can last at most this long (see `maxBarMinutes`):
 * placed under secret S, it is checked with S while S is current and while it is the previous one,
 * so for at least one full period after it was placed.
 */
export const clientKeyRotationMs = 24 * 60 * 60 * 1000;

interface Secret {
  value: Buffer;
  since: number;
}

export class ClientKeys {
  private current: Secret;
  private previous: Secret | null = null;

  constructor(
    now: number,
    private readonly rotationMs = clientKeyRotationMs,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {
    this.current = { value: random(32), since: now };
  }

  /**
   * The key of `address`'s network (its /64 for IPv6, see client-network.ts) under the current
   * secret. Rate limits count under this one, and a bar is placed on it.
   */
  keyOf(address: string, now: number): string {
    this.rotate(now);
    return hmac(this.current.value, clientNetworkOf(address));
  }

  /** Every key `address` may have been known by recently: current secret first, then previous. */
  keysOf(address: string, now: number): string[] {
    this.rotate(now);
    const network = clientNetworkOf(address);
    const keys = [hmac(this.current.value, network)];
    if (this.previous !== null) keys.push(hmac(this.previous.value, network));
    return keys;
  }

  private rotate(now: number): void {
    if (now - this.current.since < this.rotationMs) return;
    // Two periods late (the bot was idle): the old current secret is too old to be kept at all.
    this.previous = now - this.current.since < 2 * this.rotationMs ? this.current : null;
    this.current = { value: this.random(32), since: now };
  }
}

function hmac(secret: Buffer, address: string): string {
  return createHmac("sha256", secret).update(address).digest("base64url");
}
