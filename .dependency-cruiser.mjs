// The walls between the parts of this repository, checked by `npm run check` (dependency-cruiser,
// `npm run lint:deps`). Each rule says what it keeps true and why; the exceptions at the top are
// what is still wrong today, named one by one so that none can grow unseen, and meant to shrink to
// nothing (issue 15). scripts/src/checks/dependency-rules.test.ts runs these rules on a made-up
// repository, so a rule that stops matching fails a test, and fails too when a listed exception no
// longer exists: delete it with the code that needed it.

/** Escapes a repository path for a rule's regular expression, anchored on both ends. */
function exactly(path) {
  return `^${escaped(path)}$`;
}

function escaped(path) {
  return path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The same, with the path's workspace as the expression's first group (for "$1" in `to`). */
function exactlyInWorkspace(path) {
  const [workspace, ...rest] = path.split("/");
  return `^(${escaped(workspace)})/${escaped(rest.join("/"))}$`;
}

// bot/contract first: it is a workspace of its own inside bot/, so it must not read as "bot".
const workspaces = "(bot/contract|bot|web-client|scripts|tests)";

/**
 * Tests, fakes, fuzzers and the helpers only they use: never part of what ships, so no shipped
 * module may import one (bot/tsconfig.build.json leaves them out of dist/, which only holds if
 * nothing shipped pulls them back in).
 */
const testScaffolding = [
  "\\.test\\.tsx?$",
  "\\.fake\\.ts$",
  "/fake/",
  "/fuzz/",
  "/testing/",
  "/testing\\.ts$",
];

/**
 * Imports that reach into another workspace's sources by a relative path, allowed one by one.
 * There were 86 edges in 37 files when the rule came; none is left, every workspace now imports
 * another by its package name, through what that package.json "exports". Keep it empty: an entry
 * here is a debt, named so that it cannot grow unseen.
 * Keys: the importing file; values: the only files of other workspaces it may still import.
 * @type {Record<string, string[]>}
 */
export const temporaryDeepImports = {};

// "$1" is the importing file's workspace. The lookahead keeps bot/contract/ out of "bot": from the
// bot's sources, the contract is another workspace (no workspace but bot has a contract/ folder).
const otherWorkspace = { path: `^${workspaces}/`, pathNot: "^$1/(?!contract/)" };

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-cycle",
      comment:
        "Modules import each other one way: a cycle means two files are one concept, or a third " +
        "is missing that both should import (as bot/src/api/deps.ts is for the API's routes).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "engine-is-pure",
      comment:
        "The permanence engine is (state, event, now) -> (state, commands): no Node module, no " +
        "package (no Matrix SDK, no express, no fs, no clock), nothing of the bot outside the " +
        "engine but its types. Its I/O is the adapters' (permanence/matrix, journal, runtime).",
      severity: "error",
      from: { path: "^bot/src/permanence/engine/", pathNot: testScaffolding },
      to: {
        pathNot: ["^bot/src/permanence/engine/", exactly("bot/src/permanence/types.ts")],
      },
    },
    {
      name: "engine-rules-compose-transitions",
      comment:
        "The engine's rules (one file per event family, at the top of engine/) compose its " +
        "transitions (engine/transitions/) and never import each other, and transitions never " +
        "import a rule: dependencies run one way, rules -> transitions -> foundations (state.ts, " +
        "phase.ts, decision.ts). Only the dispatcher, decide.ts, imports the rules.",
      severity: "error",
      from: {
        path: "^bot/src/permanence/engine/",
        pathNot: [exactly("bot/src/permanence/engine/decide.ts"), ...testScaffolding],
      },
      to: {
        path: "^bot/src/permanence/engine/[^/]+\\.ts$",
        pathNot: ["state", "phase", "decision"].map((file) =>
          exactly(`bot/src/permanence/engine/${file}.ts`),
        ),
      },
    },
    {
      name: "views-without-matrix",
      comment:
        "Views render what their view model gives them; only the session adapters " +
        "(session/matrix, console/matrix) speak to the Matrix SDK and its crypto.",
      severity: "error",
      from: { path: ["^web-client/src/views/", "^web-client/src/.*/views/"] },
      to: { path: "(^|/)node_modules/(matrix-js-sdk|@matrix-org/)" },
    },
    {
      name: "console-apart-from-youth-page",
      comment:
        "The counsellors' console and the youth's page are two apps in one workspace: what both " +
        "use lives in web-client/src/shared/, so neither reaches into the other's internals.",
      severity: "error",
      from: { path: "^web-client/src/console/" },
      to: {
        path: "^web-client/src/",
        pathNot: ["^web-client/src/console/", "^web-client/src/shared/"],
      },
    },
    {
      name: "youth-page-apart-from-console",
      comment:
        "The youth's page never loads the console's code (see console-apart-from-youth-page).",
      severity: "error",
      from: { path: "^web-client/src/", pathNot: "^web-client/src/console/" },
      to: { path: "^web-client/src/console/" },
    },
    {
      name: "shared-stands-alone",
      comment: "web-client/src/shared/ serves both apps, so it imports neither.",
      severity: "error",
      from: { path: "^web-client/src/shared/" },
      to: { path: "^web-client/src/", pathNot: "^web-client/src/shared/" },
    },
    {
      name: "bot-holds-no-keys",
      comment:
        "The bot never holds room keys: it must not load a Matrix crypto library (the one " +
        "matrix-bot-sdk asks for is bot/crypto-stub, an npm override that throws if used).",
      severity: "error",
      from: { path: "^bot/" },
      to: { path: ["(^|/)node_modules/@matrix-org/matrix-sdk-crypto-", "^bot/crypto-stub/"] },
    },
    {
      name: "no-test-scaffolding-in-shipped-code",
      comment:
        "Tests, fakes, fuzzers and test helpers stay out of what ships: a shipped module that " +
        "imports one drags it into bot/dist or the page's bundle.",
      severity: "error",
      from: { path: "^(bot|web-client)/src/", pathNot: testScaffolding },
      to: { path: testScaffolding },
    },
    {
      name: "contract-stands-alone",
      comment:
        "The wire contract (bot/contract, @helpline/contract) is what the bot and its clients " +
        "both import: it imports neither of them, nor any other workspace.",
      severity: "error",
      from: { path: "^bot/contract/" },
      to: { path: `^${workspaces}/`, pathNot: "^bot/contract/" },
    },
    {
      name: "workspace-through-public-entry",
      comment:
        "A workspace imports another only by its package name, through what that package.json " +
        'exports (e.g. "exports": { "./paths": "./src/paths.ts" } in scripts/package.json, then ' +
        'import from "@helpline/scripts/paths": TypeScript, Vitest and tsx all resolve it), never ' +
        "by a relative path into its sources.",
      severity: "error",
      from: {
        path: `^${workspaces}/`,
        pathNot: Object.keys(temporaryDeepImports).map(exactly),
      },
      to: { ...otherWorkspace, dependencyTypes: ["local"] },
    },
    // The exceptions above, one rule per file, so that each file may keep only the imports it has.
    ...Object.entries(temporaryDeepImports).map(([file, targets]) => ({
      name: "workspace-through-public-entry",
      comment: `Temporary exception for ${file}: see temporaryDeepImports.`,
      severity: "error",
      from: { path: exactlyInWorkspace(file) },
      to: {
        ...otherWorkspace,
        pathNot: [otherWorkspace.pathNot, ...targets.map(exactly)],
        dependencyTypes: ["local"],
      },
    })),
  ],
  options: {
    doNotFollow: { path: ["(^|/)node_modules/", "^bot/crypto-stub/"] },
    exclude: { path: "(^|/)(dist|\\.local)/" },
    // Type-only imports count: a cycle through types still ties two files into one.
    tsPreCompilationDeps: true,
    // Package names resolve through package.json "exports", as Node, TypeScript and Vite do.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
