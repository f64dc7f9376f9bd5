import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dropPostgresDatabase, localPostgres } from "@helpline/scripts/synapse/postgres";
import { startStack, type Stack, type StackOptions } from "@helpline/scripts/stack";
import { ManualClock, mondayEvening } from "./clock.ts";

/** Which database the tests run Synapse on: SQLite by default, PostgreSQL in CI. */
export function testDatabaseKind(): "sqlite" | "postgres" {
  const wanted = process.env.HELPLINE_TEST_DATABASE ?? "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgres") {
    throw new Error(`HELPLINE_TEST_DATABASE must be "sqlite" or "postgres", got "${wanted}"`);
  }
  return wanted;
}

export interface TestStack extends Stack {
  counsellor: Stack["counsellors"][number];
  /** The bot's clock: it starts on a Monday evening, inside opening hours, and moves by hand. */
  clock: ManualClock;
}

/**
 * A real Synapse, the real bot and the web server, on free ports in a fresh temp folder, with a
 * fresh database. Everything is removed again by `stop()`.
 */
export async function startTestStack(
  options: Partial<
    Pick<
      StackOptions,
      | "unencryptedRoomsForTest"
      | "counsellors"
      | "botOptions"
      | "helplineDefinition"
      | "webBindAddress"
    >
  > & {
    database?: "sqlite" | "postgres";
    clock?: ManualClock;
    /** Test-only: more homeserver.yaml keys, on top of the relaxed rate limits below. */
    synapseOverrides?: Record<string, unknown>;
  } = {},
): Promise<TestStack> {
  const clock = options.clock ?? new ManualClock(mondayEvening);
  const dir = mkdtempSync(path.join(os.tmpdir(), "helpline-test-"));
  const kind = options.database ?? testDatabaseKind();
  const pgName = `helpline_test_${randomBytes(6).toString("hex")}`;
  let stack: Stack;
  try {
    stack = await startStack({
      dir,
      database: kind === "postgres" ? { kind, name: pgName } : { kind },
      counsellors: options.counsellors ?? [{ localpart: "camille", displayName: "Camille" }],
      ...(options.unencryptedRoomsForTest ? { unencryptedRoomsForTest: true } : {}),
      ...(options.botOptions ? { botOptions: options.botOptions } : {}),
      ...(options.helplineDefinition ? { helplineDefinition: options.helplineDefinition } : {}),
      ...(options.webBindAddress ? { webBindAddress: options.webBindAddress } : {}),
      // Another build of the page (e.g. one engineer's while another rebuilds web-client/dist).
      ...(process.env.HELPLINE_TEST_WEB_ROOT
        ? { webRoot: process.env.HELPLINE_TEST_WEB_ROOT }
        : {}),
      clock,
      // No rate limit is overridden: the tests run the limits production ships
      // (tests/integration/rate-limits-as-shipped.test.ts proves them as they are). A test may
      // still override a setting, saying why (forged-messages.test.ts turns the guard module off).
      ...(options.synapseOverrides ? { synapseOverrides: options.synapseOverrides } : {}),
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (kind === "postgres") await dropPostgresDatabase(localPostgres(), pgName).catch(() => {});
    throw error;
  }
  const counsellor = stack.counsellors[0];
  if (!counsellor) throw new Error("the test stack needs at least one counsellor");
  const stopStack = stack.stop;
  // Not a spread: `bot` is a getter that follows restarts.
  return Object.assign(stack, {
    counsellor,
    clock,
    async stop() {
      await stopStack();
      if (kind === "postgres") await dropPostgresDatabase(localPostgres(), pgName);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
