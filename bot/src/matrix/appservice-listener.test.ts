import net from "node:net";
import { Appservice, MemoryStorageProvider } from "matrix-bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { beginAppservice, hearRoomEvents } from "./appservice-listener.ts";
import { HeldEvents } from "./held-events.ts";

const taken: net.Server[] = [];
afterEach(async () => {
  for (const server of taken.splice(0)) await new Promise((done) => server.close(done));
});

/** Where an appservice begun on port 0 listens (the kernel's choice: no port to race for). */
function portOf(appservice: Appservice): number {
  const { appServer } = appservice as unknown as { appServer: net.Server };
  return (appServer.address() as net.AddressInfo).port;
}

/** A port something else already listens on. */
async function occupiedPort(): Promise<number> {
  const server = net.createServer();
  taken.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

function appserviceOn(port: number): Appservice {
  return new Appservice({
    // Nothing answers there: begin() must fail at its listen, before it calls the homeserver.
    homeserverUrl: "http://127.0.0.1:9",
    homeserverName: "localhost",
    bindAddress: "127.0.0.1",
    port,
    registration: {
      id: "helpline",
      as_token: "as",
      hs_token: "hs",
      sender_localpart: "permanence",
      namespaces: {
        users: [{ exclusive: true, regex: "@permanence:localhost" }],
        rooms: [],
        aliases: [],
      },
    },
    storage: new MemoryStorageProvider(),
  });
}

describe("beginAppservice", () => {
  it("should fail at once, naming the setting, when the appservice port is taken", async () => {
    const port = await occupiedPort();
    const appservice = appserviceOn(port);
    // matrix-bot-sdk's own begin() never settles here, and its 'error' goes uncaught.
    await expect(
      beginAppservice(appservice, { bindAddress: "127.0.0.1", port }, "hs"),
    ).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: that port is already in use: free it, or choose another in appservice.port`,
    );
    appservice.stop();
  });

  it("should answer Synapse's ping, and only Synapse's", async () => {
    const appservice = appserviceOn(0);
    // Listening, then failing to reach the homeserver to register the bot: the listener stays.
    await beginAppservice(appservice, { bindAddress: "127.0.0.1", port: 0 }, "hs").catch(() => {});
    const port = portOf(appservice);
    const ping = (token: string) =>
      fetch(`http://127.0.0.1:${port}/_matrix/app/v1/ping`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ transaction_id: "t1" }),
      });
    expect((await ping("hs")).status).toBe(200);
    expect((await ping("as")).status).toBe(403);
    appservice.stop();
  });

  it("should answer a transaction holding the bot's own membership without asking the homeserver anything, even when a handler throws", async () => {
    const appservice = appserviceOn(0);
    const heard: string[] = [];
    const errors: unknown[] = [];
    hearRoomEvents(
      appservice,
      (roomId, event) => {
        heard.push(`${roomId} ${event.type}`);
        if (event.type === "m.room.message") throw new Error("handler failed");
      },
      (error) => errors.push(error),
    );
    await beginAppservice(appservice, { bindAddress: "127.0.0.1", port: 0 }, "hs").catch(() => {});
    const port = portOf(appservice);
    const transaction = (id: string, events: object[]) =>
      fetch(`http://127.0.0.1:${port}/_matrix/app/v1/transactions/${id}`, {
        method: "PUT",
        headers: { Authorization: "Bearer hs", "Content-Type": "application/json" },
        body: JSON.stringify({ events }),
        // Unanswered, the transaction hangs: the SDK's membership bookkeeping called the
        // homeserver, which is unreachable here, and its failure left the transaction unsettled.
        signal: AbortSignal.timeout(3_000),
      });
    const botJoins = {
      type: "m.room.member",
      room_id: "!a:localhost",
      sender: "@permanence:localhost",
      state_key: "@permanence:localhost",
      event_id: "$1",
      content: { membership: "join" },
    };
    expect((await transaction("1", [botJoins])).status).toBe(200);
    const message = {
      type: "m.room.message",
      room_id: "!a:localhost",
      event_id: "$2",
      content: {},
    };
    const after = { ...botJoins, event_id: "$3", room_id: "!b:localhost" };
    expect((await transaction("2", [message, after])).status).toBe(200);
    expect(heard).toEqual([
      "!a:localhost m.room.member",
      "!a:localhost m.room.message",
      "!b:localhost m.room.member",
    ]);
    expect(errors).toHaveLength(1);
    appservice.stop();
  });
  it("should keep the events of a transaction Synapse delivers before the helplines are started, until they are (as the bot's start does)", async () => {
    const appservice = appserviceOn(0);
    const held = new HeldEvents<[string, string]>(() => {});
    hearRoomEvents(
      appservice,
      (roomId, event) => held.hear([roomId, event.type]),
      () => {},
    );
    await beginAppservice(appservice, { bindAddress: "127.0.0.1", port: 0 }, "hs").catch(() => {});
    const command = {
      type: "m.room.message",
      room_id: "!staff:localhost",
      sender: "@counsellor:localhost",
      event_id: "$1",
      content: {},
    };
    const answered = await fetch(
      `http://127.0.0.1:${portOf(appservice)}/_matrix/app/v1/transactions/early`,
      {
        method: "PUT",
        headers: { Authorization: "Bearer hs", "Content-Type": "application/json" },
        body: JSON.stringify({ events: [command] }),
        signal: AbortSignal.timeout(3_000),
      },
    );
    // Acknowledged: Synapse will never send it again, so the bot must not drop it.
    expect(answered.status).toBe(200);
    expect(held.waiting).toBe(1);
    const routed: [string, string][] = [];
    held.open((event) => routed.push(event));
    expect(routed).toEqual([["!staff:localhost", "m.room.message"]]);
    appservice.stop();
  });
});
