import net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, handedOutPortRange } from "./free-port.ts";

const { from, to } = handedOutPortRange;
/** A random source that proposes these ports in turn, then the last one for ever. */
function proposing(...ports: number[]): () => number {
  let next = 0;
  return () => ((ports[Math.min(next++, ports.length - 1)] ?? from) - from + 0.5) / (to - from);
}

describe("freePort", () => {
  it("should never hand out the same port twice, even before anything listens on it", async () => {
    // A stack asks for five ports before starting anything; chance may propose one twice.
    const first = await freePort();
    const second = await freePort(proposing(first, first === to - 1 ? first - 1 : first + 1));
    expect(second).not.toBe(first);
  });

  it("should skip a port another process listens on", async () => {
    // A port this process never handed out, taken by someone else (found from the top down).
    const taken = net.createServer();
    const port = await listenOnFirstFree(taken, to - 1);
    try {
      let proposed = false;
      const got = await freePort(() => {
        if (proposed) return Math.random();
        proposed = true;
        return (port - from + 0.5) / (to - from);
      });
      expect(got).not.toBe(port);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("should give up with a clear error once every proposal was handed out", async () => {
    const port = await freePort();
    await expect(freePort(proposing(port))).rejects.toThrow(
      /no free port found between 20000 and 32000/,
    );
  });

  it("should hand out ports below the kernel's ephemeral range", async () => {
    for (let call = 0; call < 20; call += 1) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(from);
      expect(port).toBeLessThan(32_768);
    }
  });
});

function listenOnFirstFree(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", () =>
      port > from ? listenOnFirstFree(server, port - 1).then(resolve, reject) : reject(),
    );
    server.listen(port, "127.0.0.1", () => resolve(port));
  });
}
