import { mkdtempSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IssuedTokens } from "../conversations/issued-tokens.ts";
import { openConversation, type ConversationDeps } from "../conversations/open-conversation.ts";
import { youthRequest } from "../conversations/youth-request.fake.ts";
import { createLogger } from "../logging/logger.ts";
import { FakeHomeserver } from "../matrix/homeserver.fake.ts";
import { alwaysOpen, minute } from "./engine/testing/scenario.ts";
import { Journal, type JournalIo } from "./journal/journal.ts";
import { Permanence } from "./runtime.ts";
import type { PermanenceSettings } from "./types.ts";

// The bot's disk fills up while a youth arrives: the arrival cannot be stored, so the youth must
// be refused (the API answers 503 "unavailable"), never told they are in the queue. Fake Matrix,
// real runtime and real journal files, with the append's system call failing as a full disk does.

const settings: PermanenceSettings = {
  counsellors: [{ userId: "@camille:x" }],
  defaultMaxConversations: 1,
  offerTimeoutMs: 90_000,
  inactivityTimeoutMs: 30 * minute,
  closingWarningMs: 10 * minute,
  typicalConversationMs: 30 * minute,
  erasureGraceMs: 0,
};
const context = { settings, schedule: alwaysOpen };
const clock = { now: () => Date.parse("2026-11-23T18:00:00Z") };
const youthId = "@youth-7f3a:localhost";

/** Appends that fail with ENOSPC after half the line reached the file, while `full` is set. */
function diskThatFills() {
  const disk = { full: false };
  const io: JournalIo = {
    write(fd, buffer, offset, length) {
      if (!disk.full) return writeSync(fd, buffer, offset, length);
      writeSync(fd, buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
        code: "ENOSPC",
      });
    },
    fsync: () => {},
  };
  return { disk, io };
}

describe("a full disk while a youth arrives", () => {
  it("should refuse the youth, take the room back and acknowledge nothing it did not store", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "full-disk-"));
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const { disk, io } = diskThatFills();
    const permanence = await Permanence.open({
      dir,
      context,
      run: async () => {},
      clock,
      logger,
      journal: { io },
    });
    const homeserver = new FakeHomeserver();
    const issuedTokens = new IssuedTokens();
    // The admission as app.ts wires it to the permanence.
    const deps: ConversationDeps = {
      homeserver,
      issuedTokens,
      serverName: "localhost",
      botUserId: "@helpline-bot:localhost",
      counsellorIds: ["@camille:x"],
      encryptedRooms: true,
      now: clock.now,
      admission: {
        admitting: () => true,
        nextReference: () => 4821,
        roomName: (reference) => `Jeune ${reference}`,
        arrive: (conversationId, youth, reference) =>
          permanence.dispatch({ type: "youth_arrived", conversationId, youthId: youth, reference }),
        youthName: (reference) => `Jeune ${reference}`,
        conversationOf: (id) => {
          const found = Object.values(permanence.state.conversations).find((c) => c.youthId === id);
          return found && { conversationId: found.id, reference: found.reference };
        },
        firstStatusOf: () => null,
        reserve: async () => null,
        placeOf: () => null,
      },
    };
    const request = await youthRequest(homeserver, issuedTokens, youthId, clock.now());

    disk.full = true;
    expect(await openConversation(deps, request)).toEqual({ ok: false, reason: "unavailable" });
    // Not in the queue, and the room made for them is taken back (nobody would ever erase it).
    expect(permanence.state.conversations).toEqual({});
    expect(homeserver.deletedRooms).toEqual(["!room1:localhost"]);
    // The bot says so, with the error's code and nothing about the youth.
    const log = lines.join("");
    expect(log).toContain('"event":"permanence.journal_write_failed"');
    expect(log).toContain('"errorCode":"ENOSPC"');
    expect(log).not.toContain(youthId);
    expect(log).not.toContain(request.registrationToken);

    // Space again: the same youth, asking again with the same account, is taken in.
    disk.full = false;
    const second = await openConversation(deps, request);
    expect(second).toMatchObject({ ok: true, existing: false });
    await permanence.close();

    // After a restart, the journal opens and holds exactly what was acknowledged.
    const reopened = Journal.open(dir);
    expect(reopened.records.map((record) => record.event)).toEqual([
      { type: "youth_arrived", conversationId: "!room2:localhost", youthId, reference: 4821 },
    ]);
    reopened.journal.close();
  });
});
