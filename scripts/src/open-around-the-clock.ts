import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { defaultHelplineDefinition } from "./stack.ts";

/** The parts of a helpline definition (config/helplines/*.yaml) a copy may adjust. */
export type DefinitionDraft = Record<string, unknown> & {
  hours: Record<string, unknown>;
  conversations: Record<string, unknown>;
};

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * Writes a copy of the default helpline's definition that is open around the clock, every day and
 * without closures, to `file`, and returns its path. For trying the helpline outside its hours
 * (`HELPLINE_OPEN_NOW=1 npm start`) and for tests whose bot runs on the real clock. `adjust` may
 * change the copy further (e.g. capacity) before it is written.
 */
export function writeOpenAroundTheClock(
  file: string,
  adjust: (definition: DefinitionDraft) => void = () => {},
): string {
  const definition = YAML.parse(readFileSync(defaultHelplineDefinition, "utf8")) as DefinitionDraft;
  const allDay = [{ from: "00:00", to: "24:00" }];
  definition.hours.weekly = Object.fromEntries(weekdays.map((day) => [day, allDay]));
  definition.hours.closures = [];
  adjust(definition);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, YAML.stringify(definition));
  return file;
}
