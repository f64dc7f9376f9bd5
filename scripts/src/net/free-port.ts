import net from "node:net";

/**
 * Ports handed out for a process started later: below the kernel's ephemeral range (32768–60999
 * on Linux). A port from listen(0), closed again, comes from that range, the one the kernel also
 * takes the local port of every outgoing connection from: Chromium's, Synapse's and PostgreSQL
 * clients' of the test files running side by side. One such connection once took a test stack's
 * appservice port between freePort and the bot's listen.
 */
export const handedOutPortRange = { from: 20_000, to: 32_000 } as const;

/**
 * Every port this process has handed out. A stack asks for five ports before anything listens on
 * them, so "nothing listens there now" alone once gave the same port twice: Synapse took it
 * first and the bot's listen failed with EADDRINUSE (CI of stop 31, report.test.ts). A port is
 * handed out once per process; 12,000 of them last far longer than any test run.
 */
const handedOut = new Set<number>();

/** A port nothing listens on now and never handed out before by this process. */
export async function freePort(random: () => number = Math.random): Promise<number> {
  const { from, to } = handedOutPortRange;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = from + Math.floor(random() * (to - from));
    if (handedOut.has(port)) continue;
    if (!(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found between ${from} and ${to}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
