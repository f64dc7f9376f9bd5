import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { helplineDir, moveSingleHelplineState } from "./state-dirs.ts";

function singleHelplineState(): string {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "state-dirs-"));
  mkdirSync(path.join(stateDir, "permanence"));
  writeFileSync(path.join(stateDir, "permanence", "journal.jsonl"), '{"seq":1}\n');
  writeFileSync(path.join(stateDir, "staff-room.json"), '{"roomId":"!staff:x"}\n');
  mkdirSync(path.join(stateDir, "statistics"));
  writeFileSync(path.join(stateDir, "roles.json"), "{}\n");
  return stateDir;
}

describe("moving a single helpline's state", () => {
  it("should move the journal, staff room and statistics into the first helpline's folder, once", () => {
    const stateDir = singleHelplineState();
    expect(moveSingleHelplineState(stateDir, "first")).toBe(true);
    const moved = helplineDir(stateDir, "first");
    expect(readFileSync(path.join(moved, "permanence", "journal.jsonl"), "utf8")).toBe(
      '{"seq":1}\n',
    );
    expect(existsSync(path.join(moved, "staff-room.json"))).toBe(true);
    expect(existsSync(path.join(moved, "statistics"))).toBe(true);
    expect(existsSync(path.join(stateDir, "permanence"))).toBe(false);
    // What the deployment shares stays where it was.
    expect(existsSync(path.join(stateDir, "roles.json"))).toBe(true);
    // Once: a later start (even with a stray old file) moves nothing over the helpline's state.
    writeFileSync(path.join(stateDir, "staff-room.json"), '{"roomId":"!other:x"}\n');
    expect(moveSingleHelplineState(stateDir, "first")).toBe(false);
    expect(readFileSync(path.join(moved, "staff-room.json"), "utf8")).toContain("!staff:x");
  });

  it("should finish a move a crash interrupted", () => {
    const stateDir = singleHelplineState();
    const staging = `${helplineDir(stateDir, "first")}.moving`;
    mkdirSync(staging, { recursive: true });
    // The crash came after the journal was moved, before the rest.
    writeFileSync(path.join(staging, "marker"), "");
    expect(moveSingleHelplineState(stateDir, "first")).toBe(true);
    const moved = helplineDir(stateDir, "first");
    expect(existsSync(path.join(moved, "marker"))).toBe(true);
    expect(existsSync(path.join(moved, "staff-room.json"))).toBe(true);
    expect(existsSync(staging)).toBe(false);
  });

  it("should do nothing on a fresh state folder", () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "state-dirs-"));
    expect(moveSingleHelplineState(stateDir, "first")).toBe(false);
    expect(existsSync(path.join(stateDir, "helplines"))).toBe(false);
  });
});
