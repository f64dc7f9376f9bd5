import https from "node:https";
import type { X509Certificate } from "node:crypto";
import tls from "node:tls";

// Requests to the deployed stack as the outside world makes them: to the one published HTTPS port,
// under the helpline's name, trusting only the test certificate authority. The name resolves to
// this machine (the stack runs here), so connections go to 127.0.0.1 with the name as SNI and Host.

export interface Origin {
  /** The helpline's domain: SNI, Host, and the name the certificate must carry. */
  domain: string;
  /** Where the published port listens. */
  address: string;
  port: number;
  /** PEM of the one CA to trust; undefined trusts Node's default roots (to prove they refuse). */
  ca: string | undefined;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function request(
  origin: Origin,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: origin.address,
        port: origin.port,
        servername: origin.domain,
        ...(origin.ca === undefined ? {} : { ca: origin.ca }),
        method,
        path,
        headers: {
          Host: origin.domain,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
    req.on("error", reject);
    req.end(body);
  });
}

export async function json(
  origin: Origin,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await request(origin, method, path, options);
  try {
    const body = answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : {};
    return { status: answer.status, body };
  } catch {
    throw new Error(`${method} ${path}: ${answer.status}, not JSON: ${answer.text.slice(0, 200)}`);
  }
}

/**
 * One request written byte for byte on a TLS socket (scripts/src/web/probes.ts says why `fetch`
 * will not do): the request target and Host exactly as given. Returns the status and the body.
 */
export function rawTlsRequest(
  origin: Origin,
  target: string,
  host: string = origin.domain,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: origin.address,
      port: origin.port,
      servername: origin.domain,
      ...(origin.ca === undefined ? {} : { ca: origin.ca }),
    });
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error(`${target}: no answer in time`)));
    socket.on("secureConnect", () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text });
    });
  });
}

/** The certificate the published port presents for the domain (verified against origin.ca). */
export function peerCertificate(origin: Origin): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host: origin.address,
        port: origin.port,
        servername: origin.domain,
        ...(origin.ca === undefined ? {} : { ca: origin.ca }),
      },
      () => {
        const certificate = socket.getPeerX509Certificate();
        socket.destroy();
        if (certificate) resolve(certificate);
        else reject(new Error("no peer certificate"));
      },
    );
    socket.on("error", reject);
  });
}
