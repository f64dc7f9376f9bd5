import type { Server } from "node:http";
import type { Appservice } from "matrix-bot-sdk";
import type { RoomEvent } from "../permanence/matrix/intake.ts";
import { listenFailure } from "../api/listen.ts";

/**
 * Starts listening for Synapse's transactions, then registers the bot's user (Appservice.begin).
 * matrix-bot-sdk listens with no error handler: a port already taken was an uncaught 'error'
 * event, a crash with a stack trace for an operator, and a begin() that never settled, so a test
 * stack sharing the machine hung for its whole timeout. Here it is an error naming the setting.
 */
export async function beginAppservice(
  appservice: Appservice,
  where: { bindAddress: string; port: number },
  hsToken: string,
): Promise<void> {
  answerPings(appservice, hsToken);
  const begun = appservice.begin();
  // Created synchronously by begin(); private in the SDK's types.
  const server = (appservice as unknown as { appServer?: Server }).appServer;
  await new Promise<void>((resolve, reject) => {
    server?.once("error", (error) => reject(listenFailure(error, where, "appservice")));
    begun.then(resolve, reject);
  });
}

/**
 * Synapse's ping (`POST /_matrix/app/v1/ping`), which matrix-bot-sdk does not answer: the bot asks
 * for one at each start (Homeserver.resumeAppserviceDelivery). Registered before begin(), whose
 * catch-all answers 404 to any route not known by then.
 */
function answerPings(appservice: Appservice, hsToken: string): void {
  appservice.expressAppInstance.post("/_matrix/app/v1/ping", (req, res) => {
    if (req.headers.authorization !== `Bearer ${hsToken}`) {
      res.status(403).json({ errcode: "M_FORBIDDEN", error: "Not Synapse" });
      return;
    }
    res.status(200).json({});
  });
}

/**
 * Hands each room event of Synapse's transactions to `handle`, which must neither fail nor hold
 * up the transaction: Appservice processes a transaction in a promise that, if anything in it
 * throws, never settles, so Synapse's retries of it wait on it forever and the bot hears nothing
 * more until it restarts. A handler's error goes to `onError` instead.
 */
export function hearRoomEvents(
  appservice: Appservice,
  handle: (roomId: string, event: RoomEvent) => void,
  onError: (error: unknown) => void,
): void {
  // For each membership event of one of its users (the bot joining every room it makes),
  // Appservice also fetched every room that user is in (Intent.refreshJoinedRooms), awaited
  // before the transaction is answered: thousands of rooms on a busy night, each call delaying
  // every event behind it, and one failed call leaving the transaction hung as above. That list
  // serves its Intents; the bot has none (it calls Synapse through its own Homeserver).
  (
    appservice as unknown as { processMembershipEvent: () => Promise<void> }
  ).processMembershipEvent = async () => {};
  appservice.on("room.event", (roomId: string, event: RoomEvent) => {
    try {
      handle(roomId, event);
    } catch (error) {
      onError(error);
    }
  });
}
