import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRoster } from "@helpline/scripts/counsellors/roster";
import { seedDefinitions, seedHelplineIds } from "@helpline/scripts/seeds";
import { startStack, type Stack } from "@helpline/scripts/stack";

// `npm start`'s four seed services on one real stack, started as scripts/src/start.ts starts them
// (startStack with the seed definitions and the local roster, HELPLINE_OPEN_NOW=1, SQLite): one
// bot, one Synapse, one web server; each active one answers at its own API address.
describe("npm start's seed helplines, side by side", () => {
  let dir: string;
  let stack: Stack;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "helpline-seeds-"));
    stack = await startStack({
      dir,
      database: { kind: "sqlite" },
      helplines: seedDefinitions({ dir, openNow: true }).map(({ file }) => file),
      counsellors: defaultRoster,
      ...(process.env.HELPLINE_TEST_WEB_ROOT
        ? { webRoot: process.env.HELPLINE_TEST_WEB_ROOT }
        : {}),
    });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("should give the bot the four helplines, the default first, the ended one without a team", () => {
    const config = YAML.parse(readFileSync(path.join(stack.dir, "bot.yaml"), "utf8")) as {
      helplines: { definition: string; counsellors: { userId: string }[] }[];
    };
    expect(config.helplines.map(({ definition }) => path.basename(definition))).toEqual(
      seedHelplineIds.map((id) => `${id}.yaml`),
    );
    expect(config.helplines.map(({ counsellors }) => counsellors.length)).toEqual([1, 2, 1, 0]);
  });

  it("should answer each active helpline's status at its own address, the default's also at /api/", async () => {
    for (const { id, ended } of stack.helplines) {
      if (ended) continue;
      const response = await fetch(`${stack.webUrl}/api/h/${id}/status`);
      expect(response.status, id).toBe(200);
      expect(((await response.json()) as { admitting: boolean }).admitting, id).toBe(true);
    }
    const byDefault = await fetch(`${stack.webUrl}/api/status`);
    expect(byDefault.status).toBe(200);
  });

  it("should serve each helpline's page and console from the one web server", async () => {
    for (const { id } of stack.helplines) {
      for (const address of [`/${id}/`, `/${id}/console`]) {
        const response = await fetch(`${stack.webUrl}${address}`);
        expect(response.status, address).toBe(200);
        expect(response.headers.get("cache-control"), address).toBe("no-store");
      }
    }
  });
});
