// The staff room on the real runtime and its journal, as the staff-desk tests set it up: a
// permanence on a fresh journal (closed after each test), "Jeune 4821" taken by a counsellor, and
// the desk answering what a counsellor says. Each test file keeps its own cast and options.

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { createLogger } from "../../../logging/logger.ts";
import type { FakeHomeserver } from "../../../matrix/homeserver.fake.ts";
import { alwaysOpen } from "../../engine/testing/scenario.ts";
import { Permanence } from "../../runtime.ts";
import type { PermanenceSettings } from "../../types.ts";
import { createStaffDesk, type StaffDeskDeps } from "../staff-desk.ts";

export const staffRoomId = "!staff:x";
export const quiet = createLogger({ write: () => {} });

type OpenDeps = Parameters<typeof Permanence.open>[0];

/**
 * Opens permanences for the calling test file and closes them after each test, as the bot does
 * on shutdown. By default a permanence runs nothing, its clock stays at 0 and its journal is in a
 * fresh temporary folder; `stop` closes one early, as a killed bot would leave its journal.
 */
export function permanencesClosedAfterEach(settings: PermanenceSettings) {
  const opened: Permanence[] = [];
  afterEach(async () => {
    for (const permanence of opened.splice(0)) await permanence.close();
  });
  return {
    open: async (deps: Partial<Pick<OpenDeps, "dir" | "run" | "clock" | "observe">> = {}) => {
      const permanence = await Permanence.open({
        dir: deps.dir ?? freshJournalDir(),
        context: { settings, schedule: alwaysOpen },
        run: deps.run ?? (async () => {}),
        clock: deps.clock ?? { now: () => 0 },
        logger: quiet,
        ...(deps.observe === undefined ? {} : { observe: deps.observe }),
      });
      opened.push(permanence);
      return permanence;
    },
    stop: async (permanence: Permanence): Promise<void> => {
      opened.splice(opened.indexOf(permanence), 1);
      await permanence.close();
    },
  };
}

export function freshJournalDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "staff-desk-"));
}

/** A youth ("@y:x", room "!a:x") arrives as "Jeune 4821" and `counsellorId` takes her. */
export async function jeune4821TakenBy(permanence: Permanence, counsellorId: string) {
  await permanence.dispatch({
    type: "youth_arrived",
    conversationId: "!a:x",
    youthId: "@y:x",
    reference: 4821,
  });
  await permanence.dispatch({ type: "counsellor_joined", conversationId: "!a:x", counsellorId });
}

/**
 * The staff desk in "!staff:x" (always open, Brussels time, quiet log), and `says`: one message
 * from `sender`, answered with the desk's last notice (undefined when it answered nothing).
 */
export function staffDesk(
  deps: Omit<StaffDeskDeps, "staffRoomId" | "schedule" | "timeZone" | "logger"> & {
    homeserver: FakeHomeserver;
  },
) {
  const { homeserver } = deps;
  const desk = createStaffDesk({
    staffRoomId,
    schedule: alwaysOpen,
    timeZone: "Europe/Brussels",
    logger: quiet,
    ...deps,
  });
  let count = 0;
  return {
    async says(sender: string, body: string): Promise<string | undefined> {
      const before = homeserver.notices.length;
      count += 1;
      await desk.handle({
        room_id: staffRoomId,
        type: "m.room.message",
        sender,
        content: { body },
        event_id: `$${count}`,
      });
      return homeserver.notices.slice(before).at(-1)?.body;
    },
  };
}
