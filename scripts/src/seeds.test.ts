import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultRoster } from "./counsellors/roster.ts";
import { botHelplineEntries, helplinesDir } from "./helplines.ts";
import { seedDefinitions, seedHelplineIds } from "./seeds.ts";

// What `npm start` hands the bot: the four seed services side by side, the default first, the
// ended one without a team, and with HELPLINE_OPEN_NOW=1 copies of the active ones open all week.

const endedFile = "chat-violences-sexuelles.yaml";

/**
 * config/helplines/, with a stand-in for the ended pilot's definition while its real file is not
 * in this checkout yet (it comes with the bot's support for ended services).
 */
function definitionsFolder(work: string): string {
  if (existsSync(path.join(helplinesDir, endedFile))) return helplinesDir;
  const folder = path.join(work, "helplines");
  cpSync(helplinesDir, folder, { recursive: true });
  const successor = { name: { fr: "SOS Viol" }, url: "https://www.sosviol.be/" };
  writeFileSync(
    path.join(folder, endedFile),
    YAML.stringify({
      id: "chat-violences-sexuelles",
      ended: { on: "2021-07-01", successors: [successor] },
    }),
  );
  return folder;
}

/** npm start's counsellors, as startStack pairs them with their accounts. */
const team = defaultRoster.map((entry) => ({ ...entry, userId: `@${entry.localpart}:localhost` }));

describe("npm start's helplines", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "helpline-seeds-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("should give the bot the four seed services, the default first, with their teams", () => {
    const from = definitionsFolder(work);
    const entries = botHelplineEntries(seedDefinitions({ dir: work, openNow: false, from }), team);
    expect(entries.map(({ definition }) => definition)).toEqual(
      seedHelplineIds.map((id) => path.join(from, `${id}.yaml`)),
    );
    expect(entries.map(({ counsellors }) => counsellors.map(({ userId }) => userId))).toEqual([
      ["@intervenante:localhost"],
      ["@intervenante:localhost", "@hulpverlener:localhost"],
      ["@intervenante:localhost"],
      [],
    ]);
  });

  it("should open every active service around the clock with HELPLINE_OPEN_NOW=1, never the ended one", () => {
    const from = definitionsFolder(work);
    const definitions = seedDefinitions({ dir: work, openNow: true, from });
    expect(definitions.map(({ id }) => id)).toEqual(seedHelplineIds);
    for (const { id, file, ended } of definitions) {
      if (ended) {
        expect(file, id).toBe(path.join(from, `${id}.yaml`));
        continue;
      }
      expect(file.startsWith(path.join(work, "open-now")), id).toBe(true);
      const copy = YAML.parse(readFileSync(file, "utf8")) as {
        id: string;
        hours: { weekly: Record<string, unknown>; closures: unknown[] };
      };
      // Each copy is its own service, not the default's under another name.
      expect(copy.id).toBe(id);
      expect(Object.values(copy.hours.weekly)).toEqual(
        Array(7).fill([{ from: "00:00", to: "24:00" }]),
      );
      expect(copy.hours.closures).toEqual([]);
    }
    expect(definitions.filter(({ ended }) => ended).map(({ id }) => id)).toEqual([
      "chat-violences-sexuelles",
    ]);
  });

  it("should name the file and the key when a definition has no id", () => {
    const from = definitionsFolder(work);
    const broken = path.join(work, "broken");
    cpSync(from, broken, { recursive: true });
    writeFileSync(path.join(broken, "sos-viol.yaml"), "name: { fr: x }\n");
    expect(() => seedDefinitions({ dir: work, openNow: false, from: broken })).toThrow(
      `${path.join(broken, "sos-viol.yaml")}: id: expected`,
    );
  });
});
