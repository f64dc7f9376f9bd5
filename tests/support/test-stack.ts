import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dropPostgresDatabase, localPostgres } from "@helpline/scripts/synapse/postgres";
import { createCounsellorAccount } from "@helpline/scripts/counsellors/create";
import { startStack, type Stack, type StackOptions } from "@helpline/scripts/stack";
import YAML from "yaml";
import { ManualClock, mondayEvening } from "./clock.ts";

/** Which database the tests run Synapse on: SQLite by default, PostgreSQL in CI. */
export function testDatabaseKind(): "sqlite" | "postgres" {
  const wanted = process.env.HELPLINE_TEST_DATABASE ?? "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgres") {
    throw new Error(`HELPLINE_TEST_DATABASE must be "sqlite" or "postgres", got "${wanted}"`);
  }
  return wanted;
}

/** One helpline of a bot running several: its definition file and its team (account names). */
export interface TestHelpline {
  definition: string;
  counsellors: string[];
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
    /**
     * Several helplines on the one bot, the first being the default; `counsellors` and
     * `helplineDefinition` are then derived from these.
     */
    helplines?: TestHelpline[];
  } = {},
): Promise<TestStack> {
  const clock = options.clock ?? new ManualClock(mondayEvening);
  const dir = mkdtempSync(path.join(os.tmpdir(), "helpline-test-"));
  const kind = options.database ?? testDatabaseKind();
  const pgName = `helpline_test_${randomBytes(6).toString("hex")}`;
  const [firstHelpline] = options.helplines ?? [];
  let stack: Stack;
  try {
    stack = await startStack({
      dir,
      database: kind === "postgres" ? { kind, name: pgName } : { kind },
      counsellors: firstHelpline?.counsellors.map((localpart) => ({ localpart })) ??
        options.counsellors ?? [{ localpart: "camille", displayName: "Camille" }],
      ...(options.unencryptedRoomsForTest ? { unencryptedRoomsForTest: true } : {}),
      ...(options.botOptions ? { botOptions: options.botOptions } : {}),
      ...(firstHelpline
        ? { helplineDefinition: firstHelpline.definition }
        : options.helplineDefinition
          ? { helplineDefinition: options.helplineDefinition }
          : {}),
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
  if (options.helplines !== undefined) {
    try {
      await addHelplines(stack, options.helplines);
    } catch (error) {
      await stack.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
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

/**
 * Turns the stack's bot into one running several helplines: the accounts of the other teams are
 * created, the bot's config lists every helpline, and the bot restarts on it (the first helpline
 * keeps the state of the first start, as an upgraded deployment does).
 */
async function addHelplines(stack: Stack, helplines: readonly TestHelpline[]): Promise<void> {
  const userIdOf = (localpart: string) => `@${localpart}:${stack.serverName}`;
  for (const localpart of new Set(helplines.flatMap((helpline) => helpline.counsellors))) {
    if (stack.counsellors.some((c) => c.userId === userIdOf(localpart))) continue;
    stack.counsellors.push(
      await createCounsellorAccount({
        homeserverUrl: stack.synapseUrl,
        sharedSecret: stack.secrets.registrationSharedSecret,
        localpart,
      }),
    );
  }
  const file = path.join(stack.dir, "bot.yaml");
  const config = YAML.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  config.helplines = helplines.map((helpline) => ({
    definition: helpline.definition,
    counsellors: helpline.counsellors.map((localpart) => ({ userId: userIdOf(localpart) })),
  }));
  writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
  await stack.restartBot();
}

/** What startTestStack accepts: for callers that pass a set-up through (the bench's nights). */
export type StartTestStackOptions = NonNullable<Parameters<typeof startTestStack>[0]>;
