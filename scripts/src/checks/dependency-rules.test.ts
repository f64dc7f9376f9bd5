import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDir, repoRoot } from "../paths.ts";

// The dependency rules of `npm run check` (.dependency-cruiser.mjs), run on a small made-up
// repository: each rule must refuse what it is about and let the rest through, so that a rule
// broken by an edit (a regular expression that no longer matches) cannot pass unseen. And the
// rules' temporary exceptions must still be needed: one that matches nothing is deleted.

const rulesFile = path.join(repoRoot, ".dependency-cruiser.mjs");

/** Files of the made-up repository, by path: each imports what its content says. */
const fixture: Record<string, string> = {
  // A cycle in the API, as app.ts and its route files had one.
  "bot/src/api/app.ts": 'import { route } from "./route.ts";\nexport const app = route;\n',
  "bot/src/api/route.ts": 'import type { App } from "./deps.ts";\nexport const route = 1;\n',
  "bot/src/api/deps.ts": 'import { app } from "./app.ts";\nexport type App = typeof app;\n',
  // The engine: its types may be imported, not Node, a package or an adapter.
  "bot/src/permanence/types.ts": "export type State = { n: number };\n",
  "bot/src/permanence/engine/pure.ts":
    'import type { State } from "../types.ts";\nexport type S = State;\n',
  "bot/src/permanence/engine/disk.ts":
    'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
  "bot/src/permanence/engine/adapter.ts":
    'import { x } from "../journal.ts";\nexport const y = x;\n',
  "bot/src/permanence/journal.ts": "export const x = 1;\n",
  // Two of the engine's files calling each other, as five of them did before its transitions were
  // set apart from its rules: no exception any more.
  "bot/src/permanence/engine/ending.ts": 'import { b } from "./requeue.ts";\nexport const a = b;\n',
  "bot/src/permanence/engine/requeue.ts":
    'import { a } from "./ending.ts";\nexport const b = () => a;\n',
  // The engine's dispatcher imports rules; a transition imports the foundations, not a rule.
  "bot/src/permanence/engine/decide.ts": 'import { a } from "./ending.ts";\nexport const d = a;\n',
  "bot/src/permanence/engine/state.ts": "export const s = 1;\n",
  "bot/src/permanence/engine/transitions/offer.ts":
    'import { s } from "../state.ts";\nexport const o = s;\n',
  "bot/src/permanence/engine/transitions/leak.ts":
    'import { a } from "../ending.ts";\nexport const l = a;\n',
  // The bot and a crypto library; shipped code and a fake.
  "bot/src/crypto.ts": 'import "@matrix-org/matrix-sdk-crypto-wasm";\n',
  "bot/src/matrix/homeserver.fake.ts": "export const fake = 1;\n",
  "bot/src/main.ts":
    'import { fake } from "./matrix/homeserver.fake.ts";\nexport const m = fake;\n',
  "bot/src/main.test.ts":
    'import { fake } from "./matrix/homeserver.fake.ts";\nexport const t = fake;\n',
  // A view and the Matrix SDK; a session adapter may.
  "web-client/src/views/Screen.tsx":
    'import { createClient } from "matrix-js-sdk";\nexport const c = createClient;\n',
  "web-client/src/session/matrix/session.ts":
    'import { createClient } from "matrix-js-sdk";\nexport const c = createClient;\n',
  // The console, the youth's page and what they share.
  "web-client/src/shared/store.ts": "export const store = 1;\n",
  "web-client/src/shared/leaky.ts":
    'import { wipe } from "../safety/wipe.ts";\nexport const l = wipe;\n',
  "web-client/src/safety/wipe.ts":
    'import { store } from "../shared/store.ts";\nexport const wipe = store;\n',
  "web-client/src/console/desk.ts":
    'import { store } from "../shared/store.ts";\nimport { wipe } from "../safety/wipe.ts";\nexport const d = [store, wipe];\n',
  "web-client/src/viewmodels/chat.ts":
    'import { d } from "../console/desk.ts";\nexport const c = d;\n',
  // One workspace reaching into another's sources.
  "scripts/src/tool.ts":
    'import type { State } from "../../bot/src/permanence/types.ts";\nexport type T = State;\n',
  // The wire contract, a workspace inside bot/: it stands alone, and the bot imports it by name.
  "bot/contract/src/codes.ts": "export const codes = [];\n",
  "bot/contract/src/index.ts": 'export { codes } from "./codes.ts";\n',
  "bot/contract/src/leaky.ts":
    'import type { State } from "../../src/permanence/types.ts";\nexport type L = State;\n',
  "bot/src/reach.ts":
    'import { codes } from "../contract/src/codes.ts";\nexport const r = codes;\n',
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

let dir = "";
let violations: Violation[] = [];

beforeAll(() => {
  // Inside the repository (.local/ is git-ignored) so that packages resolve from its node_modules.
  mkdirSync(localDir, { recursive: true });
  dir = mkdtempSync(path.join(localDir, "dependency-rules-"));
  for (const [file, content] of Object.entries(fixture)) {
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  let output: string;
  try {
    output = execFileSync(
      path.join(repoRoot, "node_modules", ".bin", "depcruise"),
      ["--config", rulesFile, "--output-type", "json", "bot", "web-client", "scripts"],
      { cwd: dir, encoding: "utf8" },
    );
  } catch (error) {
    // Violations make depcruise exit non-zero; its report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { summary: { violations: Violation[] } };
  violations = report.summary.violations;
}, 60_000);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function refused(rule: string): string[] {
  return violations
    .filter((violation) => violation.rule.name === rule)
    .map((violation) => `${violation.from} -> ${violation.to}`)
    .sort();
}

describe("the dependency rules", () => {
  it("should refuse a cycle, the engine's included", () => {
    // A cycle is reported once, from one of its files, with the path round it.
    const cycles = violations.filter((violation) => violation.rule.name === "no-cycle");
    expect(
      cycles.map((cycle) => [cycle.from, ...(cycle.cycle ?? []).map((step) => step.name)]),
    ).toEqual([
      ["bot/src/api/app.ts", "bot/src/api/route.ts", "bot/src/api/deps.ts", "bot/src/api/app.ts"],
      [
        "bot/src/permanence/engine/ending.ts",
        "bot/src/permanence/engine/requeue.ts",
        "bot/src/permanence/engine/ending.ts",
      ],
    ]);
  });

  it("should keep the engine from importing Node, packages or adapters", () => {
    expect(refused("engine-is-pure")).toEqual([
      "bot/src/permanence/engine/adapter.ts -> bot/src/permanence/journal.ts",
      "bot/src/permanence/engine/disk.ts -> fs",
    ]);
  });

  it("should keep the engine's rules from importing each other, and its transitions from rules", () => {
    expect(refused("engine-rules-compose-transitions")).toEqual([
      "bot/src/permanence/engine/ending.ts -> bot/src/permanence/engine/requeue.ts",
      "bot/src/permanence/engine/requeue.ts -> bot/src/permanence/engine/ending.ts",
      "bot/src/permanence/engine/transitions/leak.ts -> bot/src/permanence/engine/ending.ts",
    ]);
  });

  it("should keep the Matrix SDK out of views, and crypto out of the bot", () => {
    // Packages resolve from the repository's node_modules, folders up from the made-up one.
    expect(refused("views-without-matrix")).toEqual([
      expect.stringMatching(
        /^web-client\/src\/views\/Screen\.tsx -> (\.\.\/)*node_modules\/matrix-js-sdk\//,
      ),
    ]);
    expect(refused("bot-holds-no-keys")).toEqual([
      expect.stringMatching(
        /^bot\/src\/crypto\.ts -> (\.\.\/)*node_modules\/@matrix-org\/matrix-sdk-crypto-wasm\//,
      ),
    ]);
  });

  it("should keep the console and the youth's page apart, sharing only web-client/src/shared", () => {
    expect(refused("console-apart-from-youth-page")).toEqual([
      "web-client/src/console/desk.ts -> web-client/src/safety/wipe.ts",
    ]);
    expect(refused("youth-page-apart-from-console")).toEqual([
      "web-client/src/viewmodels/chat.ts -> web-client/src/console/desk.ts",
    ]);
    expect(refused("shared-stands-alone")).toEqual([
      "web-client/src/shared/leaky.ts -> web-client/src/safety/wipe.ts",
    ]);
  });

  it("should keep test scaffolding out of shipped code, not out of tests", () => {
    expect(refused("no-test-scaffolding-in-shipped-code")).toEqual([
      "bot/src/main.ts -> bot/src/matrix/homeserver.fake.ts",
    ]);
  });

  it("should refuse a relative import into another workspace, the contract inside bot/ too", () => {
    expect(refused("workspace-through-public-entry")).toEqual([
      "bot/contract/src/leaky.ts -> bot/src/permanence/types.ts",
      "bot/src/reach.ts -> bot/contract/src/codes.ts",
      "scripts/src/tool.ts -> bot/src/permanence/types.ts",
    ]);
  });

  it("should keep the wire contract from importing the workspaces that import it", () => {
    expect(refused("contract-stands-alone")).toEqual([
      "bot/contract/src/leaky.ts -> bot/src/permanence/types.ts",
    ]);
  });

  it("should list as temporary exceptions only imports that still exist", async () => {
    const rules = (await import(pathToFileURL(rulesFile).href)) as {
      temporaryDeepImports: Record<string, string[]>;
    };
    const stale: string[] = [];
    for (const [file, targets] of Object.entries(rules.temporaryDeepImports)) {
      const source = readFileSync(path.join(repoRoot, file), "utf8");
      const imported = [...source.matchAll(/\bfrom\s+"(\.[^"]+)"/g)].map((match) =>
        path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), match[1] ?? "")),
      );
      for (const target of targets) {
        if (!imported.includes(target)) stale.push(`${file} -> ${target}`);
      }
    }
    expect(stale).toEqual([]);
  });
});
