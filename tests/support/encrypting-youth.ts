import {
  ClientEvent,
  createClient,
  MatrixEventEvent,
  RoomEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { KnownMembership } from "matrix-js-sdk/lib/types.js";
import type { Stack } from "@helpline/scripts/stack";
import { quietLogger, until } from "./counsellor.ts";

import type { ApiYouth } from "./youth.ts";

// A youth who really encrypts, in Node: the same matrix-js-sdk and Rust crypto as the youth's page
// (in-memory store instead of IndexedDB), driven with the youth's own account and device. For
// integration tests that must check what each counsellor can decrypt, without a browser.

export interface EncryptingYouth {
  client: MatrixClient;
  send(body: string): Promise<void>;
  waitForMessage(body: string, timeoutMs?: number): Promise<MatrixEvent>;
  /** Resolves once the youth's client sees this user joined (so the keys go to her too). */
  seesMember(userId: string, membership: string, timeoutMs?: number): Promise<void>;
  stop(): void;
}

export function textOf(event: MatrixEvent): string | undefined {
  if (event.getType() !== "m.room.message") return undefined;
  const body: unknown = event.getContent().body;
  return typeof body === "string" ? body : undefined;
}

/**
 * The youth's device (made at registration) starts its client, then joins the conversation room
 * the bot opened for it, in that order, as the youth's page does.
 */
export async function youthClientStarts(
  stack: Pick<Stack, "synapseUrl">,
  youth: ApiYouth,
  roomId: string,
): Promise<EncryptingYouth> {
  const whoami = await fetch(`${stack.synapseUrl}/_matrix/client/v3/account/whoami`, {
    headers: { Authorization: `Bearer ${youth.accessToken}` },
  });
  const { device_id: deviceId } = (await whoami.json()) as { device_id: string };
  const client = createClient({
    baseUrl: stack.synapseUrl,
    userId: youth.userId,
    accessToken: youth.accessToken,
    deviceId,
    logger: quietLogger,
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => {
      if (state === SyncState.Prepared) resolve();
    });
  });
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;
  const crypto = client.getCrypto();
  if (!crypto) throw new Error("crypto did not start");
  // As the youth's page does: its very first cross-signing upload needs no password.
  await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys: (make) => make(null) });
  // As the page does (joinProtectedRoom): the client joins the room it was invited to.
  await client.joinRoom(roomId);
  await until(
    () => client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join,
    60_000,
    "the youth's join to show in sync",
  );
  await until(() => crypto.isEncryptionEnabledInRoom(roomId), 30_000, "room encryption");

  return {
    client,
    async send(body) {
      await client.sendTextMessage(roomId, body);
    },
    waitForMessage(body, timeoutMs = 60_000) {
      const found = () =>
        client
          .getRoom(roomId)
          ?.getLiveTimeline()
          .getEvents()
          .find((event) => textOf(event) === body);
      return new Promise<MatrixEvent>((resolve, reject) => {
        const existing = found();
        if (existing) {
          resolve(existing);
          return;
        }
        const timer = setTimeout(() => {
          client.off(MatrixEventEvent.Decrypted, check);
          client.off(RoomEvent.Timeline, check);
          reject(new Error(`Timed out waiting for the youth to read "${body}"`));
        }, timeoutMs);
        function check(event: MatrixEvent) {
          if (event.getRoomId() !== roomId || textOf(event) !== body) return;
          clearTimeout(timer);
          client.off(MatrixEventEvent.Decrypted, check);
          client.off(RoomEvent.Timeline, check);
          resolve(event);
        }
        client.on(MatrixEventEvent.Decrypted, check);
        client.on(RoomEvent.Timeline, check);
      });
    },
    async seesMember(userId, membership, timeoutMs = 30_000) {
      await until(
        () => client.getRoom(roomId)?.getMember(userId)?.membership === membership,
        timeoutMs,
        `the youth to see ${userId} ${membership}`,
      );
    },
    stop() {
      client.stopClient();
    },
  };
}
