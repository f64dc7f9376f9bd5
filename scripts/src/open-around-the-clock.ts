import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { defaultHelplineDefinition } from "./helplines.ts";

/** The parts of a helpline definition (config/helplines/*.yaml) a copy may adjust. */
export type DefinitionDraft = Record<string, unknown> & {
  hours: Record<string, unknown>;
  conversations: Record<string, unknown>;
};

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * Writes a copy of a helpline's definition (`from`, the default helpline's unless given) that is
 * open around the clock, every day and without closures, to `file`, and returns its path. For
 * trying the helplines outside their hours (`HELPLINE_OPEN_NOW=1 npm start`) and for tests whose
 * bot runs on the real clock. `adjust` may change the copy further (e.g. capacity) before it is
 * written.
 */
export function writeOpenAroundTheClock(
  file: string,
  adjust: (definition: DefinitionDraft) => void = () => {},
  from: string = defaultHelplineDefinition,
): string {
  const parsed = YAML.parse(readFileSync(from, "utf8")) as Partial<DefinitionDraft>;
  if (parsed.hours === undefined || parsed.conversations === undefined) {
    throw new Error(`${from}: hours: none to open around the clock (an ended service never opens)`);
  }
  const definition = parsed as DefinitionDraft;
  const allDay = [{ from: "00:00", to: "24:00" }];
  definition.hours.weekly = Object.fromEntries(weekdays.map((day) => [day, allDay]));
  definition.hours.closures = [];
  adjust(definition);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, YAML.stringify(definition));
  return file;
}
