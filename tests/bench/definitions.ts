import { createLogger } from "@helpline/bot/logging/logger";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { defaultHelplineDefinition } from "@helpline/scripts/stack";
import type { TestStack } from "../support/test-stack.ts";

/**
 * The real service definition with a few changes for a benchmark, written to a temp file:
 * `openNow` for a bot process on the real clock,
 * `erasureGraceMinutes` to erase at once.
 */
export function benchDefinition(changes: {
  openNow?: boolean;
  erasureGraceMinutes?: number;
}): string {
  const definition = YAML.parse(readFileSync(defaultHelplineDefinition, "utf8")) as {
    hours: Record<string, unknown>;
    conversations: Record<string, unknown>;
  };
  if (changes.openNow) {
    // One exceptional opening of three hours that began ten minutes ago, and no other slot: a
    // realistic evening for a bot on the real clock. (Opening around the clock, with touching
    // all-day slots, is a different case: it makes each decision cost ~30 ms on this machine,
    // against ~1 ms with real hours; see docs/benchmarks.md.)
    const timeZone =
      typeof definition.hours.timeZone === "string" ? definition.hours.timeZone : "Europe/Brussels";
    const local = (at: number) =>
      Object.fromEntries(
        new Intl.DateTimeFormat("en-CA", {
          timeZone,
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        })
          .formatToParts(at)
          .map((part) => [part.type, part.value]),
      ) as Record<string, string>;
    const from = local(Date.now() - 10 * 60_000);
    const to = local(Date.now() + 170 * 60_000);
    // The schema wants a weekly slot: one at night, three days away, that cannot touch this one.
    const farDay = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long" })
      .format(Date.now() + 3 * 86_400_000)
      .toLowerCase();
    definition.hours.weekly = { [farDay]: [{ from: "03:00", to: "04:00" }] };
    definition.hours.closures = [];
    definition.hours.openings = [
      {
        date: `${from.year}-${from.month}-${from.day}`,
        from: `${from.hour}:${from.minute}`,
        to: `${to.hour}:${to.minute}`,
        reason: "Benchmark",
      },
    ];
  }
  if (changes.erasureGraceMinutes !== undefined) {
    definition.conversations.erasureGraceMinutes = changes.erasureGraceMinutes;
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "helpline-bench-")), "helpline.yaml");
  writeFileSync(file, YAML.stringify(definition));
  return file;
}

/** The in-process bot logs warnings and errors only: its info lines would bury the figures. */
export const quietBot = { logger: createLogger({ level: "warn" }) };

/**
 * Every page of a benchmark comes from one address (127.0.0.1, through the web server), so the
 * bot's per-client limits (20 registration tokens at once, then 2 a minute) would refuse the 21st
 * youth: they are widened in the stack's bot config, and the bot restarted on it.
 */
export async function withoutPerClientLimits(stack: TestStack): Promise<void> {
  const file = path.join(stack.dir, "bot.yaml");
  const config = YAML.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const wide = { capacity: 100_000, refillPerMinute: 100_000 };
  config.abuse = {
    ...(config.abuse as Record<string, unknown> | undefined),
    rateLimits: {
      registrationTokens: wide,
      conversations: wide,
      challenges: wide,
      status: wide,
      counsellor: wide,
      counsellorTokenChecks: wide,
    },
  };
  writeFileSync(file, YAML.stringify(config));
  await stack.restartBot(quietBot);
}
