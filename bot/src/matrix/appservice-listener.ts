import type { Server } from "node:http";
import type { Appservice } from "matrix-bot-sdk";
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
): Promise<void> {
  const begun = appservice.begin();
  // Created synchronously by begin(); private in the SDK's types.
  const server = (appservice as unknown as { appServer?: Server }).appServer;
  await new Promise<void>((resolve, reject) => {
    server?.once("error", (error) => reject(listenFailure(error, where, "appservice")));
    begun.then(resolve, reject);
  });
}
