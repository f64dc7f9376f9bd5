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

export function listen(
  app: express.Express,
  bindAddress: string,
  port: number,
): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, bindAddress);
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
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
