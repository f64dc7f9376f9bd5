import net from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { listen, type ListeningServer } from "./listen.ts";

const open: ListeningServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

describe("listen", () => {
  it("should say which setting to change when the port is taken, and leave the other listener be", async () => {
    const first = await listen(express(), "127.0.0.1", 0);
    open.push(first);
    const port = Number(new URL(first.url).port);
    await expect(listen(express(), "127.0.0.1", port, "privateApi")).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: that port is already in use: free it, or choose another in privateApi.port`,
    );
    // The first still answers.
    expect((await fetch(`${first.url}/nothing`)).status).toBe(404);
  });

  it("should say the address is not this machine's", async () => {
    // 192.0.2.0/24 is reserved for documentation: never an address of this machine.
    await expect(listen(express(), "192.0.2.1", 0)).rejects.toThrow(
      "cannot listen on 192.0.2.1:0: that address is not one of this machine's: check api.bindAddress",
    );
  });

  it("should resolve with a URL that reaches it", async () => {
    const server = await listen(express(), "127.0.0.1", 0);
    open.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(net.isIP(new URL(server.url).hostname)).toBe(4);
  });
});
