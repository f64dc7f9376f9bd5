import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Counsellors the local stack makes sure exist, and lists in the bot's config at each start. */
export interface RosterEntry {
  localpart: string;
  displayName?: string;
  /** The ids of the helplines she serves; every active one when absent. */
  helplines?: string[];
}

/** A French-speaking counsellor in every team, and a Dutch-speaking one for nu praat ik er over. */
export const defaultRoster: RosterEntry[] = [
  { localpart: "intervenante", displayName: "Camille" },
  { localpart: "hulpverlener", displayName: "Noor", helplines: ["nu-praat-ik-er-over"] },
];

function isEntry(entry: unknown): entry is RosterEntry {
  const { localpart, displayName, helplines } = (entry ?? {}) as Record<string, unknown>;
  return (
    typeof localpart === "string" &&
    (displayName === undefined || typeof displayName === "string") &&
    (helplines === undefined ||
      (Array.isArray(helplines) && helplines.every((id) => typeof id === "string")))
  );
}

function rosterFile(stackDir: string): string {
  return path.join(stackDir, "counsellors.json");
}

export function readRoster(stackDir: string): RosterEntry[] {
  const file = rosterFile(stackDir);
  if (!existsSync(file)) return defaultRoster;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed) || !parsed.every(isEntry)) {
    throw new Error(
      `${file}: expected a list of { "localpart": string, "displayName"?: string, "helplines"?: string[] }`,
    );
  }
  return parsed;
}

export function addToRoster(stackDir: string, entry: RosterEntry): void {
  const roster = readRoster(stackDir).filter((e) => e.localpart !== entry.localpart);
  writeFileSync(rosterFile(stackDir), JSON.stringify([...roster, entry], null, 2) + "\n", {
    mode: 0o600,
  });
}
