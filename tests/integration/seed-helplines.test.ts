import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRoster } from "@helpline/scripts/counsellors/roster";
import { seedDefinitions, seedHelplineIds } from "@helpline/scripts/seeds";
import { startTestStack, type TestStack } from "../support/test-stack.ts";

// `npm start`'s four seed services on one real stack, as scripts/src/start.ts starts them: one
// bot, one Synapse, one web server; each active one answers at its own API address.
describe("npm start's seed helplines, side by side", () => {
  let definitions: string;
  let stack: TestStack;
  beforeAll(async () => {
    definitions = mkdtempSync(path.join(os.tmpdir(), "helpline-seeds-"));
    stack = await startTestStack({
      helplines: seedDefinitions({ dir: definitions, openNow: true }).map(({ file }) => file),
      counsellors: defaultRoster,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(definitions, { recursive: true, force: true });
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
