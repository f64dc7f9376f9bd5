import { existsSync, mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fsyncDirectory } from "../permanence/journal/epoch.ts";

// Where each helpline keeps its state: `<stateDir>/helplines/<id>/` holds its journal
// (permanence/), its staff room's id (staff-room.json) and its statistics (statistics/). What the
// deployment shares stays at the top: the roles, the admin endpoint, and the fence's epochs.

/** A helpline's own state folder. */
export function helplineDir(stateDir: string, helplineId: string): string {
  return path.join(stateDir, "helplines", helplineId);
}

/** A helpline's journal folder. */
export function journalDirOf(stateDir: string, helplineId: string): string {
  return path.join(helplineDir(stateDir, helplineId), "permanence");
}

/**
 * The folder of the deployment's epochs (permanence/journal/epoch.ts): one epoch fences every
 * helpline's journal and every call to Synapse at once, since one bot runs them all.
 */
export function fenceDir(stateDir: string): string {
  return path.join(stateDir, "fence");
}

/** What a bot that ran a single helpline kept at the top of its state folder. */
const singleHelplineState = ["permanence", "staff-room.json", "statistics"] as const;

/**
 * Moves the state of a bot that ran a single helpline (before several were possible) into the
 * first helpline's folder, once, so that an upgraded deployment keeps its queue, conversations,
 * staff room and statistics. Everything is gathered in a side folder first and renamed into place
 * last: a crash midway leaves a state this function finishes at the next start.
 * Returns whether anything was moved.
 */
export function moveSingleHelplineState(stateDir: string, firstHelplineId: string): boolean {
  const target = helplineDir(stateDir, firstHelplineId);
  if (existsSync(target)) return false;
  const staging = `${target}.moving`;
  const left = singleHelplineState.filter((name) => existsSync(path.join(stateDir, name)));
  if (left.length === 0 && !existsSync(staging)) return false;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const name of left) renameSync(path.join(stateDir, name), path.join(staging, name));
  fsyncDirectory(stateDir);
  renameSync(staging, target);
  fsyncDirectory(path.dirname(target));
  return true;
}
