import path from "node:path";
import { helplinesDir, readDefinitionFile, type DefinitionFile } from "./helplines.ts";
import { writeOpenAroundTheClock } from "./open-around-the-clock.ts";

/**
 * The services `npm start` runs, in this order: the first is the deployment's default (served at
 * `/` and `/console`). The last is an ended pilot: its page points to its successors.
 */
export const seedHelplineIds = [
  "maintenant-jen-parle",
  "nu-praat-ik-er-over",
  "sos-viol",
  "chat-violences-sexuelles",
] as const;

/**
 * The seed services' definitions from `from` (config/helplines/ by default). With `openNow`, each
 * active one is a copy that is open around the clock, written under `dir`; an ended one stays as it
 * is, since it never opens.
 */
export function seedDefinitions(options: {
  dir: string;
  openNow: boolean;
  from?: string;
}): DefinitionFile[] {
  return seedHelplineIds.map((id) => {
    const source = readDefinitionFile(path.join(options.from ?? helplinesDir, `${id}.yaml`));
    if (!options.openNow || source.ended) return source;
    const copy = path.join(options.dir, "open-now", `${id}.yaml`);
    return { ...source, file: writeOpenAroundTheClock(copy, undefined, source.file) };
  });
}
