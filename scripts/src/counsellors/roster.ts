import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Counsellors the local stack makes sure exist, and lists in the bot's config at each start. */
export interface RosterEntry {
  localpart: string;
  displayName?: string;
}

export const defaultRoster: RosterEntry[] = [{ localpart: "intervenante", displayName: "Camille" }];

function rosterFile(stackDir: string): string {
  return path.join(stackDir, "counsellors.json");
}

export function readRoster(stackDir: string): RosterEntry[] {
  const file = rosterFile(stackDir);
  if (!existsSync(file)) return defaultRoster;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed) || !parsed.every((e) => typeof e?.localpart === "string")) {
    throw new Error(`${file}: expected a list of { "localpart": string, "displayName"?: string }`);
  }
  return parsed as RosterEntry[];
}

export function addToRoster(stackDir: string, entry: RosterEntry): void {
  const roster = readRoster(stackDir).filter((e) => e.localpart !== entry.localpart);
  writeFileSync(rosterFile(stackDir), JSON.stringify([...roster, entry], null, 2) + "\n", {
    mode: 0o600,
  });
}
