import { MatrixEvent } from "matrix-js-sdk";
import type { CryptoBackend } from "matrix-js-sdk/lib/common-crypto/CryptoBackend.js";

// Events as the server hands them over, for the tests of what the youth's page and the console
// show of them (authenticity, messages).

/** A counsellor as seen from the youth's page: the default sender. */
export const COUNSELLOR = "@julie:hs";

/** An event sent in clear, e.g. forged straight through the client-server API. */
export function inClear(type: string, content: Record<string, unknown>, sender = COUNSELLOR) {
  return new MatrixEvent({
    type,
    sender,
    content,
    event_id: `$${Math.random()}`,
    room_id: "!r:hs",
    origin_server_ts: 1000,
  });
}

/** An m.room.encrypted event as it comes from the server, decrypted by a stand-in crypto layer. */
export async function decrypted(content: Record<string, unknown>, sender = COUNSELLOR) {
  const event = inClear(
    "m.room.encrypted",
    { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgA", session_id: "s" },
    sender,
  );
  // Only decryptEvent is reached by attemptDecryption; the rest of the backend is not needed.
  const crypto = {
    decryptEvent: async () => ({ clearEvent: { type: "m.room.message", content } }),
  } as unknown as CryptoBackend;
  await event.attemptDecryption(crypto);
  return event;
}
