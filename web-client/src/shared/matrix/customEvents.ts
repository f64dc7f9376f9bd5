import type { MatrixClient } from "matrix-js-sdk";

/**
 * Sends one of this project's own room event types (e.g. the safety form's). The SDK types
 * `sendEvent` against its table of known event types only; ours are plain JSON objects, checked
 * by the contract's decoders on the receiving side. The SDK encrypts it like any message in an
 * encrypted room; callers check that the room is encrypted first.
 */
export async function sendCustomEvent(
  client: MatrixClient,
  roomId: string,
  type: string,
  content: Record<string, unknown>,
): Promise<void> {
  // The cast only widens the SDK's table of event types; the content is any JSON object.
  const send = client.sendEvent.bind(client) as unknown as (
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ) => Promise<unknown>;
  await send(roomId, type, content);
}
