import type { Request } from "express";

/**
 * The one header in which the helpline's own web server (scripts/src/web/server.ts, or Caddy in
 * production) passes the client's address to the bot. The proxy always overwrites it, so a client
 * cannot choose its own. Read only when the config says the bot sits behind that proxy.
 */
export const clientAddressHeader = "x-helpline-client-address";

/**
 * The client's address, to be hashed at once and then dropped: it is never stored, logged or put
 * in an error. Without a trusted proxy, the socket's peer (then every client behind one proxy
 * shares one key, which errs on the side of limiting).
 */
export function clientAddressOf(request: Request, trustProxy: boolean): string {
  if (trustProxy) {
    const header = request.headers[clientAddressHeader];
    const value = Array.isArray(header) ? header[0] : header;
    if (value !== undefined && value !== "" && value.length <= 100) return value;
  }
  return request.socket.remoteAddress ?? "unknown";
}

/** Whether the browser reached the helpline over TLS, as the trusted proxy says. */
export function reachedOverTls(request: Request, trustProxy: boolean): boolean {
  return trustProxy && request.headers["x-forwarded-proto"] === "https";
}

/** The host the browser asked for: the proxy's X-Forwarded-Host, else Host. */
export function publicHostOf(request: Request, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? request.headers["x-forwarded-host"] : undefined;
  const value = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  return value ?? request.headers.host;
}
