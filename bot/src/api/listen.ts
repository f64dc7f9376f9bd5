import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";

export interface ListeningServer {
  url: string;
  close(): Promise<void>;
}

/** A URL a local client can use to reach a server bound to `address`. */
export function urlForAddress(address: AddressInfo): string {
  const host =
    address.address === "0.0.0.0"
      ? "127.0.0.1"
      : address.address === "::"
        ? "::1"
        : address.address;
  return address.family === "IPv6" || host.includes(":")
    ? `http://[${host}]:${address.port}`
    : `http://${host}:${address.port}`;
}

/**
 * A listener that could not start, in words that name the bot.yaml keys to change (`setting` is
 * their section, e.g. "api"): an operator reads "port in use", not a Node stack trace.
 */
export function listenFailure(
  error: unknown,
  where: { bindAddress: string; port: number },
  setting: string,
): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const at = `${where.bindAddress}:${where.port}`;
  const why =
    code === "EADDRINUSE"
      ? `that port is already in use: free it, or choose another in ${setting}.port`
      : code === "EADDRNOTAVAIL"
        ? `that address is not one of this machine's: check ${setting}.bindAddress`
        : code === "EACCES"
          ? `this user may not listen there: choose a port above 1023 in ${setting}.port`
          : `${error instanceof Error ? error.message : String(error)} (${setting}.bindAddress, ${setting}.port)`;
  return new Error(`cannot listen on ${at}: ${why}`, { cause: error });
}

export function listen(
  app: express.Express,
  bindAddress: string,
  port: number,
  setting = "api",
): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, bindAddress);
    const failed = (error: Error) => reject(listenFailure(error, { bindAddress, port }, setting));
    server.once("error", failed);
    server.once("listening", () => {
      server.off("error", failed);
      const url = urlForAddress(server.address() as AddressInfo);
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would otherwise hold the process open after stop().
            server.closeAllConnections();
          }),
      });
    });
  });
}
