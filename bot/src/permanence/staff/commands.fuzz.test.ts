// Property-based fuzzing of the staff room: arbitrary text and near-misses of the real commands
// (extra words, missing numbers, huge numbers, unicode look-alikes, zero-width and direction
// marks, prototype names) through the parser, and through the staff desk with a real permanence
// (journal in a temp folder) and a fake homeserver. A message the bot does not understand gets
// the help in reply and changes nothing; ordinary talk gets nothing at all; a command always has
// a visible effect; nothing after the command word is echoed into the (unencrypted) room.

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logging/logger.ts";
import { FakeHomeserver } from "../../matrix/homeserver.fake.ts";
import { hour, minute, second, slotClosingAt } from "../engine/testing/scenario.ts";
import { createStaffDesk } from "../matrix/staff-desk.ts";
import { Permanence } from "../runtime.ts";
import type { PermanenceEvent, PermanenceSettings } from "../types.ts";
import { helpText, parseStaffMessage, type StaffCommand } from "./commands.ts";

/** Every command the parser may produce. A new command is one line here. */
const knownCommands: Record<string, (command: Record<string, unknown>) => boolean> = {
  availability: (c) => ["on_duty", "paused", "off_duty"].includes(String(c.availability)),
  status: () => true,
  help: () => true,
  end_conversation: (c) => isReference(c.reference),
  bar_conversation: (c) => isReference(c.reference),
  hand_over: (c) => isReference(c.reference) && typeof c.colleague === "string",
  hand_over_to_next: (c) => isReference(c.reference),
  requeue_conversation: (c) => isReference(c.reference),
  side_channel: (c) => isReference(c.reference),
};

function isReference(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isKnownCommand(command: StaffCommand): boolean {
  const fields = command as unknown as Record<string, unknown>;
  const check = Object.hasOwn(knownCommands, String(fields.kind))
    ? knownCommands[String(fields.kind)]
    : undefined;
  return typeof command === "object" && check !== undefined && check(fields);
}

const realCommands = [
  "dispo",
  "disponible",
  "service",
  "en service",
  "pause",
  "fin",
  "fin de service",
  "absente",
  "absent",
  "statut",
  "etat",
  "état",
  "aide",
  "help",
  "?",
  "terminer 4821",
  "terminer J-4821",
  "terminer",
  "bloquer 4821",
  "bloquer",
  "passer 4821 camille",
  "passer 4821 à camille",
  "passer 4821",
  "passer",
  "file 4821",
  "file",
];

/** Names every plain JavaScript object answers to: a lookup table must not. */
const prototypeNames = [
  "constructor",
  "__proto__",
  "tostring",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "prototype",
];

const oddCharacters = [
  "\u200b", // zero-width space
  "\u200c",
  "\u200d",
  "\ufeff",
  "\u200e", // left-to-right mark
  "\u200f", // right-to-left mark
  "\u202e", // right-to-left override
  "\u2066",
  "\u00a0",
  "\u3000",
  "\u0301", // combining acute
  "\u0000",
  "\n",
  "\t",
  "！", // full-width exclamation mark
  "¡",
  "é",
  "Е", // Cyrillic capital Ie
  "😀",
  "\ud800",
];

const suffixes = [
  " extra",
  ".",
  "..",
  " !",
  " 99999999999",
  " 1234567890",
  " -1",
  " 0",
  " 4821 4822",
  " j-4821",
  " jeune 4821",
  " #4821",
  " ٤٨٢١", // Arabic-Indic digits
  " ４８２１", // full-width digits
  " 4821\u200b",
  " 1e3",
  " 0x10",
  " 00000000001",
  " 4821; !fin",
  " abc",
];

const prefixes = ["!", "! ", "!!", " !", "\u200f!", "!\u200b", "！", "¡", "", "?", "/"];

const insertion = fc.record({ at: fc.nat(), text: fc.constantFrom(...oddCharacters) });

/** Null two times out of three: each bend is rare, so some near-misses are real commands. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, arbitrary);
}

/** A real command, or a prototype name, bent a little (or not at all). */
const nearMiss: fc.Arbitrary<string> = fc
  .record({
    prefix: fc.oneof({ weight: 3, arbitrary: fc.constant("!") }, fc.constantFrom(...prefixes)),
    word: fc.constantFrom(...realCommands, ...prototypeNames),
    insertions: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      fc.array(insertion, { minLength: 1, maxLength: 2 }),
    ),
    deleteAt: sometimes(fc.nat()),
    upper: fc.boolean(),
    suffix: sometimes(fc.constantFrom(...suffixes)),
    longNumber: sometimes(fc.bigInt({ min: 0n, max: 10n ** 400n })),
  })
  .map(({ prefix, word, insertions, deleteAt, upper, suffix, longNumber }) => {
    let text = upper ? word.toUpperCase() : word;
    if (deleteAt !== null && text.length > 1) {
      const at = deleteAt % text.length;
      text = text.slice(0, at) + text.slice(at + 1);
    }
    for (const { at, text: inserted } of insertions) {
      const position = at % (text.length + 1);
      text = text.slice(0, position) + inserted + text.slice(position);
    }
    return `${prefix}${text}${suffix ?? ""}${longNumber === null ? "" : ` ${longNumber}`}`;
  });

const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => `!${s}`),
  fc.string({ maxLength: 20 }).map((s) => `!${s}`),
);

const staffMessage = fc.oneof(
  { weight: 3, arbitrary: nearMiss },
  { weight: 2, arbitrary: anyText },
);

describe("parseStaffMessage under random input", () => {
  it("should never throw, produce only known commands, and answer the rest with the help", () => {
    fc.assert(
      fc.property(staffMessage, (body) => {
        const parsed = parseStaffMessage(body);
        if (parsed.kind === "command") {
          expect(isKnownCommand(parsed.command), JSON.stringify(body)).toBe(true);
        } else if (parsed.kind === "invalid") {
          expect(parsed.reply.endsWith(helpText()), JSON.stringify(body)).toBe(true);
        } else {
          expect(parsed.kind).toBe("not_a_command");
        }
      }),
      { numRuns: 500, examples: prototypeNames.map((name) => [`!${name}`]) },
    );
  });

  it("should leave ordinary talk alone", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (body) => {
        fc.pre(!body.includes("!"));
        expect(parseStaffMessage(body)).toEqual({ kind: "not_a_command" });
      }),
      { numRuns: 300 },
    );
  });

  it("should never repeat what follows the command word in the unencrypted room", () => {
    const canary = "Zq7secretWORDS";
    fc.assert(
      fc.property(nearMiss, fc.string({ maxLength: 10 }), (body, noise) => {
        const parsed = parseStaffMessage(`${body} ${noise}${canary}`);
        if (parsed.kind === "invalid") {
          expect(parsed.reply).not.toContain(canary);
          expect(parsed.reply).not.toContain(canary.slice(0, 8));
        }
      }),
      { numRuns: 300 },
    );
  });
});

const camille = "@camille:x";
const start = Date.parse("2026-11-23T18:00:00Z");
const settings: PermanenceSettings = {
  counsellors: [{ userId: camille }],
  defaultMaxConversations: 2,
  offerTimeoutMs: 90 * second,
  inactivityTimeoutMs: 30 * minute,
  closingWarningMs: 10 * minute,
  typicalConversationMs: 30 * minute,
  erasureGraceMs: 0,
};
const schedule = slotClosingAt(start + 3 * hour);

describe("the staff desk under random input", () => {
  let permanence: Permanence;
  let homeserver: FakeHomeserver;
  let desk: ReturnType<typeof createStaffDesk>;
  const dispatched: PermanenceEvent[] = [];
  const barred: string[] = [];
  let eventCount = 0;

  beforeAll(async () => {
    homeserver = new FakeHomeserver();
    permanence = await Permanence.open({
      dir: mkdtempSync(path.join(os.tmpdir(), "staff-fuzz-")),
      context: { settings, schedule },
      run: async () => {},
      clock: { now: () => start },
      logger: createLogger({ write: () => {} }),
    });
    const dispatch = permanence.dispatch.bind(permanence);
    permanence.dispatch = (event) => {
      dispatched.push(event);
      return dispatch(event);
    };
    desk = createStaffDesk({
      homeserver,
      permanence,
      staffRoomId: "!staff:x",
      settings,
      schedule,
      timeZone: "Europe/Brussels",
      displayName: (userId) => userId,
      logger: createLogger({ write: () => {} }),
      bar: (conversationId) => {
        barred.push(conversationId);
        return true;
      },
      barMinutes: 60,
    });
  });

  afterAll(async () => {
    await permanence.close();
  });

  /** Hands one event to the desk; returns what it did. */
  async function handle(event: {
    type: string;
    sender: string;
    content?: Record<string, unknown>;
  }) {
    // Set-up, not under test: a live conversation "Jeune 4821" for "!terminer" and "!bloquer".
    const live = Object.values(permanence.state.conversations).some((c) => c.reference === 4821);
    if (!live) {
      await permanence.dispatch({
        type: "youth_arrived",
        conversationId: `!room${eventCount}:x`,
        youthId: `@y${eventCount}:x`,
        reference: 4821,
      });
    }
    const notices = homeserver.notices.length;
    const events = dispatched.length;
    const bars = barred.length;
    const state = JSON.stringify(permanence.state);
    eventCount += 1;
    await desk.handle({ ...event, room_id: "!staff:x", event_id: `$e${eventCount}` });
    return {
      replies: homeserver.notices.slice(notices).map((notice) => notice.body),
      dispatched: dispatched.slice(events),
      barred: barred.slice(bars),
      stateChanged: JSON.stringify(permanence.state) !== state,
    };
  }

  it("should answer what it does not understand with the help, and change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(staffMessage, async (body) => {
        const parsed = parseStaffMessage(body);
        const did = await handle({ type: "m.room.message", sender: camille, content: { body } });
        const what = JSON.stringify({ body, did });
        if (parsed.kind === "invalid") {
          expect(did.replies, what).toHaveLength(1);
          expect(did.replies[0]?.endsWith(helpText()), what).toBe(true);
        }
        if (parsed.kind !== "command") {
          expect(did.dispatched, what).toEqual([]);
          expect(did.barred, what).toEqual([]);
          expect(did.stateChanged, what).toBe(false);
        }
        if (parsed.kind === "not_a_command") expect(did.replies, what).toEqual([]);
        // A command is never swallowed: it changes something or it is answered.
        if (parsed.kind === "command") {
          expect(did.dispatched.length + did.replies.length, what).toBeGreaterThan(0);
        }
      }),
      {
        numRuns: 300,
        examples: [
          ...prototypeNames.map((name) => [`!${name}`]),
          ["!bloquer 4821"],
          ["!passer 4821 camille"],
          ["!terminer J-4821"],
          ["!dispo"],
          ["!statut"],
        ] as [string][],
      },
    );
  });

  it("should ignore anything that is not a counsellor's text message", async () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("@stranger:x", "@y:x", "@permanence:x", "@Camille:x", "", camille),
        fc.constantFrom("m.room.message", "m.room.member", "m.reaction", "m.room.topic", ""),
        fc.oneof(
          fc.dictionary(fc.string(), json),
          fc.record({ body: fc.oneof(json, staffMessage) }),
        ),
        async (sender, type, content) => {
          const counsellorText =
            sender === camille && type === "m.room.message" && typeof content.body === "string";
          fc.pre(!counsellorText);
          const did = await handle({ type, sender, content: content as Record<string, unknown> });
          expect(did).toEqual({ replies: [], dispatched: [], barred: [], stateChanged: false });
        },
      ),
      { numRuns: 200 },
    );
  });
});
