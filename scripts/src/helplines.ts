import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { repoRoot } from "./paths.ts";

// The helplines a local stack runs side by side (one bot, one Synapse, one web server), and how
// they and their counsellors become the `helplines` list of the bot's config. `npm start` runs the
// seed services; the tests mostly run one.

export const helplinesDir = path.join(repoRoot, "config", "helplines");

/** The service a stack runs when told nothing else: Maintenant j'en parle. */
export const defaultHelplineDefinition = path.join(helplinesDir, "maintenant-jen-parle.yaml");

/** A definition file, with what the stack needs to know of it before the bot reads it. */
export interface DefinitionFile {
  file: string;
  id: string;
  /** An ended service admits no one: it has no hours to open and needs no counsellor. */
  ended: boolean;
}

/** Reads a definition's id and whether it ended; the bot checks everything else at its start. */
export function readDefinitionFile(file: string): DefinitionFile {
  const parsed = YAML.parse(readFileSync(file, "utf8")) as { id?: unknown; ended?: unknown } | null;
  if (typeof parsed?.id !== "string") {
    throw new Error(`${file}: id: expected the helpline's id (e.g. maintenant-jen-parle)`);
  }
  return { file, id: parsed.id, ended: parsed.ended !== undefined };
}

/** A counsellor the stack makes sure exists, and the helplines she serves. */
export interface WantedCounsellor {
  localpart: string;
  displayName?: string;
  maxConversations?: number;
  /** `supervisor: true` in the bot config's entry (supervisor endpoints of the console). */
  supervisor?: boolean;
  /** The ids of the helplines she serves; every active one when absent. */
  helplines?: readonly string[];
}

/** Whether `counsellor` serves `helpline`: an ended one has no team. */
export function serves(counsellor: WantedCounsellor, helpline: DefinitionFile): boolean {
  return !helpline.ended && (counsellor.helplines?.includes(helpline.id) ?? true);
}

/**
 * The bot config's `helplines`: each definition with the entries of the counsellors who serve it,
 * in the order given. An ended service lists none.
 */
export function botHelplineEntries(
  definitions: readonly DefinitionFile[],
  counsellors: readonly (WantedCounsellor & { userId: string })[],
) {
  return definitions.map((helpline) => ({
    definition: helpline.file,
    counsellors: counsellors
      .filter((counsellor) => serves(counsellor, helpline))
      .map((counsellor) => ({
        userId: counsellor.userId,
        ...(counsellor.maxConversations === undefined
          ? {}
          : { maxConversations: counsellor.maxConversations }),
        ...(counsellor.supervisor === true ? { supervisor: true } : {}),
      })),
  }));
}
