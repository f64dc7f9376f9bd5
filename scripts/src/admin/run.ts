import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigError,
  loadBotConfig,
  loadRegistrationFile,
  loadSecretsFile,
} from "@helpline/bot/config/load";
import type { BotConfig } from "@helpline/bot/config/schema";
import { caseCategoriesOf } from "@helpline/bot/helpline/case-categories";
import { loadHelplines, type ConfiguredHelpline } from "@helpline/bot/helplines/definitions";
import { helplineDir } from "@helpline/bot/helplines/state-dirs";
import {
  buildSampledReport,
  buildTotal,
  toCsv,
  toJson,
  toSvg,
  type Period,
} from "@helpline/bot/operations/statistics-report";
import { readStatistics, statisticsFileName } from "@helpline/bot/operations/statistics-store";
import {
  suppressRow,
  suppressRows,
  suppressSeries,
} from "@helpline/bot/operations/statistics-suppression";
import { createCounsellorAccount } from "../counsellors/create.ts";
import { addToRoster } from "../counsellors/roster.ts";
import { localDir } from "../paths.ts";
import { generatePassword, UserExistsError } from "../synapse/shared-secret.ts";
import { backupUsage, runBackupCommand } from "../backup/cli.ts";
import { botAdmin } from "./bot-admin.ts";
import { writeReport } from "./report.ts";
import { AdminError, unreachable } from "./errors.ts";
import * as provenance from "./provenance.ts";
import { synapseAdmin } from "./synapse-admin.ts";

export const usage = `Usage: npm run admin -- <command> [--config <bot.yaml>] [--helpline <id>]

Commands:
  status                                     who is on duty, how busy, the queue (metadata only)
  counsellor add <name> [--display-name X]   create a counsellor's account; prints its password once
  counsellor disable <name>                  take her off duty and lock her account: never offered
  counsellor enable <name>                   unlock her account (she goes on duty herself)
  counsellor reset-password <name>           a new password, printed once; logs out her sessions
  counsellor supervisor <name> on|off        give or take the supervisor role
  conversation close <reference>             end "Jeune <reference>" now (erased after the grace period)
  conversation erase <reference>             end it and erase the youth's account and the room now
  config check                               validate the bot's config and the helpline definitions
  stats --from YYYY-MM-DD --to YYYY-MM-DD [--by day|week|month] [--format csv|json|svg]
                                             the anonymous statistics report
  report --from YYYY-MM-DD --to YYYY-MM-DD [--by week|month] [--out DIR]
                                             a funder's report of the period: HTML, PDF (headless
                                             Chromium, $CHROMIUM_PATH or /usr/bin/chromium), CSV
                                             and JSON in DIR (default .), as <helpline>-<from>-<to>.*
${provenance.provenanceUsage}
${backupUsage}

<name> is an account name (camille) or a Matrix id (@camille:example.org).
--helpline names the helpline (its definition's id) that status, counsellor, conversation and
stats act on; the first helpline in the bot's config by default. stats and report hide every count
under the bot config's statistics.minimumCell (default 5), and a second one when only one would be
hidden (docs/operations.md). Disabling or enabling a
counsellor acts in every helpline she serves (her account is one).
--config defaults to $HELPLINE_BOT_CONFIG, else .local/stack/bot.yaml (npm start's).
Exit codes: 0 done; 1 failed, and nothing was changed unless the message says so; 2 wrong usage.`;

export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

const usageError = (message: string) => new AdminError(message, 2);

function defaultConfigFile(env: AdminIo["env"]): string {
  return env.HELPLINE_BOT_CONFIG ?? path.join(localDir, "stack", "bot.yaml");
}

function loadConfig(file: string): BotConfig {
  if (!existsSync(file)) {
    throw new AdminError(
      `${file} does not exist: pass --config <the bot's config>, or run npm start once for the local one.`,
    );
  }
  try {
    return loadBotConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new AdminError(`the bot's config is not valid:\n${error.message}`);
    }
    throw error;
  }
}

/**
 * The helpline a command acts on: `--helpline <id>`, else the default (the first). An unknown id
 * is refused before anything is asked or changed.
 */
function helplineOf(config: BotConfig, file: string, id: string | undefined): ConfiguredHelpline {
  const helplines = definitionsOf(config);
  const found = id === undefined ? helplines[0] : helplines.find((h) => h.id === id);
  if (found === undefined) {
    throw new AdminError(
      `there is no helpline "${id ?? ""}" in ${file}; its helplines are: ${helplines.map((h) => h.id).join(", ")}.`,
    );
  }
  return found;
}

function definitionsOf(config: BotConfig): ConfiguredHelpline[] {
  try {
    return loadHelplines(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new AdminError(`a helpline definition is not valid:\n${error.message}`);
    }
    throw error;
  }
}

function userIdOf(config: BotConfig, name: string): string {
  return name.startsWith("@") ? name : `@${name}:${config.homeserver.serverName}`;
}

/** A counsellor of this helpline in the bot's config; anyone else is refused before anything changes. */
function configuredCounsellor(
  config: BotConfig,
  file: string,
  helpline: ConfiguredHelpline,
  name: string | undefined,
): string {
  if (name === undefined) throw usageError("name the counsellor, e.g. camille.");
  const userId = userIdOf(config, name);
  if (!helpline.config.counsellors.some((c) => c.userId === userId)) {
    const index = config.helplines.indexOf(helpline.config);
    throw new AdminError(
      `${userId} is not a counsellor of the helpline "${helpline.id}" (not in helplines[${index}].counsellors of ${file}).`,
    );
  }
  return userId;
}

function synapseOf(config: BotConfig) {
  const registration = loadRegistrationFile(config.appservice.registrationFile);
  return synapseAdmin(config.homeserver.url, registration.as_token);
}

async function existingAccount(config: BotConfig, userId: string) {
  const synapse = synapseOf(config);
  const user = await synapse.user(userId);
  if (user === null) throw new AdminError(`${userId} has no account on ${config.homeserver.url}.`);
  if (user.deactivated) throw new AdminError(`${userId}'s account is deactivated for good.`);
  return { synapse, user };
}

const day = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string | undefined, option: string): string {
  if (value === undefined) throw usageError(`${option} is required (YYYY-MM-DD).`);
  if (!day.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw usageError(`${option} must be a date like 2026-11-01, got "${value}".`);
  }
  return value;
}

/** Runs one admin command; returns the process exit code. Never exits the process itself. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof AdminError) {
      io.err(
        `error: ${error.message}${error.exitCode === 2 ? "\n\nRun with --help for the commands." : ""}`,
      );
      return error.exitCode;
    }
    io.err(`error: ${(error as Error).message}`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: AdminIo): Promise<void> {
  // Backup and restore take no bot config (they read a database and folders): own options.
  const [first, ...afterFirst] = argv;
  if ((first === "backup" || first === "restore") && !afterFirst.includes("--help")) {
    await runBackupCommand(first, afterFirst, { out: io.out, env: io.env, cwd: process.cwd() });
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: "string" },
        "display-name": { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        by: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        helpline: { type: "string" },
        key: { type: "string" },
        user: { type: "string" },
        "master-key": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, sub, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    io.out(usage);
    return;
  }
  const configFile = values.config ?? defaultConfigFile(io.env);
  const config = () => loadConfig(configFile);
  const helpline = (loaded: BotConfig) => helplineOf(loaded, configFile, values.helpline);
  const tooMany = (max: number) => {
    if (positionals.length > max) {
      throw usageError(
        `unexpected "${positionals[max] ?? ""}" after "${positionals.slice(0, max).join(" ")}".`,
      );
    }
  };

  switch (command) {
    case "status": {
      tooMany(1);
      const loaded = config();
      const status = await botAdmin(loaded.stateDir, helpline(loaded).id).status();
      io.out(formatStatus(status));
      return;
    }
    case "config": {
      if (sub !== "check") throw usageError('the config command is "config check".');
      tooMany(2);
      io.out(checkConfig(configFile));
      return;
    }
    case "conversation": {
      if (sub !== "close" && sub !== "erase") {
        throw usageError('the conversation commands are "conversation close|erase <reference>".');
      }
      tooMany(3);
      const reference = rest[0];
      if (reference === undefined || !/^\d{1,9}$/.test(reference)) {
        throw usageError('give the conversation\'s number, e.g. 4821 for "Jeune 4821".');
      }
      const loaded = config();
      const bot = botAdmin(loaded.stateDir, helpline(loaded).id);
      if (sub === "erase") {
        await bot.eraseConversation(Number(reference));
        io.out(`Ended "Jeune ${reference}" and erased the youth's account and the room now.`);
        return;
      }
      const closed = await bot.closeConversation(Number(reference));
      io.out(
        `Ended "Jeune ${reference}".` +
          (closed.erasureAt
            ? ` The youth's account and the room will be erased at ${closed.erasureAt}.`
            : ""),
      );
      return;
    }
    case "counsellor": {
      const loaded = config();
      await counsellor(sub, rest, values, loaded, helpline(loaded), configFile, io);
      return;
    }
    case "stats": {
      tooMany(1);
      const loaded = config();
      io.out(stats(loaded, helpline(loaded), values));
      return;
    }
    case "report": {
      tooMany(1);
      const loaded = config();
      const files = await report(loaded, helpline(loaded), values, io.env);
      io.out(`Wrote ${files.html}\n      ${files.pdf}\n      ${files.csv}\n      ${files.json}`);
      return;
    }
    case "provenance": {
      await provenanceCommand(sub, rest, values, config, helpline, io);
      return;
    }
    default:
      throw usageError(`unknown command "${command}".`);
  }
}

/** The helpline key's commands (provenance.ts); create-key and vouch read no config at all. */
async function provenanceCommand(
  sub: string | undefined,
  rest: string[],
  values: {
    out?: string | undefined;
    key?: string | undefined;
    helpline?: string | undefined;
    user?: string | undefined;
    "master-key"?: string | undefined;
  },
  config: () => BotConfig,
  helpline: (loaded: BotConfig) => ConfiguredHelpline,
  io: AdminIo,
): Promise<void> {
  const expectArgs = (count: number) => {
    if (rest.length > count) throw usageError(`unexpected "${rest[count] ?? ""}".`);
  };
  switch (sub) {
    case "create-key": {
      expectArgs(0);
      const publicKey = provenance.createKey(values.out);
      io.out(
        [
          `Wrote the helpline's private key to ${values.out ?? ""} (owner-only). Keep it offline;`,
          "it is needed again only to vouch for a counsellor. Its public key, for the helpline's",
          "definition (provenance: { publicKey: … }):",
          publicKey,
        ].join("\n"),
      );
      return;
    }
    case "vouch": {
      expectArgs(0);
      const { voucher, publicKey } = provenance.vouch(values);
      io.out(
        [
          `Voucher for ${values.user ?? ""} (helpline ${values.helpline ?? ""}, key ${publicKey}):`,
          voucher,
          "On the server: provenance install <voucher> --helpline " + (values.helpline ?? ""),
        ].join("\n"),
      );
      return;
    }
    case "identity": {
      expectArgs(1);
      const loaded = config();
      const name = rest[0];
      if (name === undefined) throw usageError("name the counsellor, e.g. camille.");
      const userId = userIdOf(loaded, name);
      const masterKey = await provenance.identity(synapseOf(loaded), userId);
      io.out(`${userId}\n${masterKey}`);
      return;
    }
    case "install": {
      expectArgs(1);
      const loaded = config();
      const { voucher, added } = await provenance.install(
        loaded.stateDir,
        helpline(loaded),
        rest[0],
      );
      io.out(
        `${added ? "Installed" : "Installed again"}: youths' pages now show ${voucher.user}'s ` +
          `messages as a counsellor's of "${voucher.helpline}", for as long as her master key is ` +
          `${voucher.masterKey}.`,
      );
      return;
    }
    case "list": {
      expectArgs(0);
      const loaded = config();
      io.out(await provenance.list(loaded.stateDir, helpline(loaded)));
      return;
    }
    case "remove": {
      expectArgs(1);
      const loaded = config();
      const name = rest[0];
      if (name === undefined) throw usageError("name the counsellor, e.g. camille.");
      const userId = userIdOf(loaded, name);
      const chosen = helpline(loaded);
      const removed = provenance.remove(loaded.stateDir, chosen, userId, values["master-key"]);
      io.out(
        `Removed ${removed} voucher(s) of ${userId}: youths' pages no longer mark her messages ` +
          `as the helpline's (a copy kept elsewhere still verifies until the key is replaced).`,
      );
      return;
    }
    default:
      throw usageError(
        sub === undefined
          ? "say what to do: provenance create-key|identity|vouch|install|list|remove."
          : `unknown provenance command "${sub}".`,
      );
  }
}

async function counsellor(
  sub: string | undefined,
  rest: string[],
  values: { "display-name"?: string | undefined },
  config: BotConfig,
  helpline: ConfiguredHelpline,
  configFile: string,
  io: AdminIo,
): Promise<void> {
  const [name, extra] = rest;
  const expectArgs = (count: number) => {
    const given = rest.length;
    if (given > count) throw usageError(`unexpected "${rest[count] ?? ""}".`);
  };
  switch (sub) {
    case "add": {
      expectArgs(1);
      if (name === undefined) throw usageError("give the new account's name, e.g. camille.");
      const localpart = name.startsWith("@") ? (/^@([^:]+):/.exec(name)?.[1] ?? name) : name;
      const displayName = values["display-name"];
      let created;
      try {
        created = await createCounsellorAccount({
          homeserverUrl: config.homeserver.url,
          sharedSecret: loadSecretsFile(config.secretsFile).registrationSharedSecret,
          localpart,
          ...(displayName ? { displayName } : {}),
        });
      } catch (error) {
        if (error instanceof UserExistsError) throw new AdminError(error.message);
        if ((error as { cause?: { code?: string } }).cause !== undefined) {
          throw unreachable("Synapse", config.homeserver.url, error);
        }
        throw new AdminError((error as Error).message);
      }
      const stackDir = path.join(localDir, "stack");
      const inLocalStack = path.resolve(path.dirname(configFile)) === stackDir;
      if (inLocalStack)
        addToRoster(stackDir, { localpart, ...(displayName ? { displayName } : {}) });
      io.out(
        [
          `Created ${created.userId}.`,
          `Password (shown once, give it to her privately): ${created.password}`,
          inLocalStack
            ? "Restart npm start for the bot to invite her too."
            : `Add "- userId: ${created.userId}" under the counsellors of her helpline(s) in ${configFile}, then restart the bot.`,
        ].join("\n"),
      );
      return;
    }
    case "disable":
    case "enable": {
      expectArgs(1);
      const userId = configuredCounsellor(config, configFile, helpline, name);
      const { synapse } = await existingAccount(config, userId);
      // Her account is one: she is disabled (or enabled) in every helpline she serves.
      const serves = definitionsOf(config).filter((h) =>
        h.config.counsellors.some((c) => c.userId === userId),
      );
      const setDisabled = async (disabled: boolean) => {
        for (const h of serves) await botAdmin(config.stateDir, h.id).setDisabled(userId, disabled);
      };
      if (sub === "disable") {
        // The bot first: she is off duty and never offered before her account is locked.
        await setDisabled(true);
        await synapse.setLocked(userId, true);
        io.out(
          `Disabled ${userId}: she is off duty, is never offered a youth, and cannot log in. ` +
            `Conversations she was in go on until they end. "counsellor enable" undoes it.`,
        );
      } else {
        await synapse.setLocked(userId, false);
        await setDisabled(false);
        io.out(`Enabled ${userId}: she can log in again and go on duty with !dispo.`);
      }
      return;
    }
    case "reset-password": {
      expectArgs(1);
      const userId = configuredCounsellor(config, configFile, helpline, name);
      const { synapse } = await existingAccount(config, userId);
      const password = generatePassword();
      await synapse.resetPassword(userId, password);
      io.out(
        `New password for ${userId} (shown once, give it to her privately): ${password}\n` +
          `Her devices were logged out.`,
      );
      return;
    }
    case "supervisor": {
      expectArgs(2);
      const userId = configuredCounsellor(config, configFile, helpline, name);
      if (extra !== "on" && extra !== "off") {
        throw usageError(
          `say "on" or "off" after the name, got ${extra === undefined ? "nothing" : `"${extra}"`}.`,
        );
      }
      await botAdmin(config.stateDir, helpline.id).setSupervisor(userId, extra === "on");
      io.out(
        extra === "on" ? `${userId} is now a supervisor.` : `${userId} is no longer a supervisor.`,
      );
      return;
    }
    default:
      throw usageError(
        sub === undefined
          ? "say what to do: counsellor add|disable|enable|reset-password|supervisor."
          : `unknown counsellor command "${sub}".`,
      );
  }
}

function checkConfig(file: string): string {
  const config = loadConfig(file);
  const lines = [`${file}: valid.`];
  const problems: string[] = [];
  try {
    for (const helpline of loadHelplines(config)) {
      lines.push(
        `${helpline.config.definition}: valid (helpline "${helpline.id}", ${helpline.config.counsellors.length} counsellor(s), hours in ${helpline.definition.hours.timeZone}).`,
      );
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error.message);
  }
  for (const load of [
    () => loadRegistrationFile(config.appservice.registrationFile),
    () => loadSecretsFile(config.secretsFile),
  ]) {
    try {
      load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new AdminError(`the config is not valid:\n${problems.join("\n")}`);
  return lines.join("\n");
}

/** The range asked for, refused (exit 2) when it is not one. */
function rangeOf(values: { from?: string | undefined; to?: string | undefined }) {
  const from = validDay(values.from, "--from");
  const to = validDay(values.to, "--to");
  if (from > to) throw usageError(`--from (${from}) is after --to (${to}).`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > 3660) throw usageError("ask for ten years at most at once.");
  return { from, to };
}

function periodOf(value: string | undefined, fallback: Period): Period {
  const by = (value ?? fallback) as Period;
  if (!["day", "week", "month"].includes(by)) {
    throw usageError(`--by must be day, week or month, got "${value ?? ""}".`);
  }
  return by;
}

function statisticsOf(config: BotConfig, helpline: ConfiguredHelpline) {
  const file = path.join(
    helplineDir(config.stateDir, helpline.id),
    "statistics",
    statisticsFileName,
  );
  try {
    return readStatistics(file);
  } catch (error) {
    throw new AdminError((error as Error).message);
  }
}

function stats(
  config: BotConfig,
  helpline: ConfiguredHelpline,
  values: {
    from?: string | undefined;
    to?: string | undefined;
    by?: string | undefined;
    format?: string | undefined;
  },
): string {
  const range = rangeOf(values);
  const by = periodOf(values.by, "day");
  const format = values.format ?? "csv";
  if (!["csv", "json", "svg"].includes(format)) {
    throw usageError(`--format must be csv, json or svg, got "${format}".`);
  }
  const { minimumCell } = config.statistics;
  const rows = suppressRows(
    buildSampledReport(statisticsOf(config, helpline), range, by),
    minimumCell,
  );
  return format === "csv"
    ? toCsv(rows)
    : format === "json"
      ? toJson(rows, by, minimumCell)
      : toSvg(rows, by);
}

/**
 * The funder's report: the whole period as one row in every format (one table of counts, so no
 * two of its cells can be subtracted into a hidden one), and in the HTML a chart of conversations
 * by week or month, suppressed as one more question adding up to the total.
 */
async function report(
  config: BotConfig,
  helpline: ConfiguredHelpline,
  values: {
    from?: string | undefined;
    to?: string | undefined;
    by?: string | undefined;
    out?: string | undefined;
  },
  env: AdminIo["env"],
) {
  const range = rangeOf(values);
  const by = periodOf(values.by, "month");
  if (by === "day") throw usageError("--by must be week or month for a report.");
  const data = statisticsOf(config, helpline);
  const { minimumCell } = config.statistics;
  const total = suppressRow(buildTotal(data, range), minimumCell);
  const { name, defaultLanguage } = helpline.definition;
  return writeReport({
    outDir: values.out ?? ".",
    helplineId: helpline.id,
    ...range,
    csv: toCsv([total]),
    json: toJson([total], by, minimumCell),
    html: {
      helplineName: name[defaultLanguage] ?? helpline.id,
      language: defaultLanguage,
      // The helpline's own names for its case categories, as its counsellors see them.
      answerLabels: Object.fromEntries(
        caseCategoriesOf(helpline.definition).map(({ id, label }) => [
          id,
          label[defaultLanguage] ?? id,
        ]),
      ),
      ...range,
      minimumCell,
      total,
      series: suppressSeries(buildSampledReport(data, range, by), minimumCell),
    },
    env,
  });
}

function formatStatus(status: Awaited<ReturnType<ReturnType<typeof botAdmin>["status"]>>): string {
  const minutes = (seconds: number) => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const lines = [
    `Helpline ${status.helpline}: ${status.admitting ? "open, admitting" : status.open ? "open, no longer admitting" : "closed"}` +
      (status.open && status.closesAt ? `, closes at ${status.closesAt}` : "") +
      (!status.open && status.nextOpensAt ? `, opens at ${status.nextOpensAt}` : "") +
      ".",
    "",
    "Counsellors:",
    ...status.counsellors.map(
      (c) =>
        `  ${c.userId}  ${c.availability.replace("_", " ")}, ${c.activeConversations} conversation(s)` +
        `${c.supervisor ? ", supervisor" : ""}${c.disabled ? ", DISABLED" : ""}`,
    ),
    "",
    `Conversations in progress: ${status.conversationsActive}`,
    ...status.inProgress.map((c) => `  Jeune ${c.reference}  since ${minutes(c.sinceSeconds)}`),
    status.queue.length === 0 ? "Queue: empty" : `Queue (${status.queue.length}):`,
    ...status.queue.map(
      (q) =>
        `  Jeune ${q.reference}  waiting ${minutes(q.waitingSeconds)}${q.phase === "offered" ? ", offered" : ""}`,
    ),
  ];
  return lines.join("\n");
}
