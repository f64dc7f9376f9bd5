import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The key a youth's page shows when it tells the bot about itself (POST /api/presence): only the
 * page that opened a conversation has it, so nobody else can end a youth's conversation by saying
 * her page is gone. Derived from the installation's secret, not stored: every bot (the active one,
 * the standby, a restarted one) recognises the keys of conversations opened before it started.
 */
export class PresenceKeys {
  readonly #key: Buffer;

  constructor(installationSecret: string) {
    // A key of its own, so a presence key can never stand for anything else the secret signs.
    this.#key = createHmac("sha256", installationSecret)
      .update("helpline-chat presence keys v1")
      .digest();
  }

  /** The conversation's key: 43 base64url characters. */
  of(conversationId: string): string {
    return createHmac("sha256", this.#key).update(conversationId).digest("base64url");
  }

  matches(conversationId: string, presenceKey: string): boolean {
    const expected = Buffer.from(this.of(conversationId));
    const given = Buffer.from(presenceKey);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
