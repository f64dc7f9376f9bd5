import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAdminCli } from "../cli/build-admin.ts";
import { localDir, repoRoot } from "../paths.ts";

// The images' build files. The bot's image (bot/Dockerfile) carries the admin CLI compiled into
// one file (scripts/src/cli/build-admin.ts), with the production dependencies of the bot and
// scripts workspaces only, and no TypeScript source. The deploy test (npm run test:deploy) runs it in the
// real image; here, without an engine, the same build is made and checked: what it leaves to
// node_modules is installed in the image, and it runs with plain node.

const run = promisify(execFile);
const dockerfile = readFileSync(path.join(repoRoot, "bot", "Dockerfile"), "utf8");
const launcher = readFileSync(path.join(repoRoot, "bot", "helpline-admin"), "utf8");

function dependencies(workspace: string): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(repoRoot, workspace, "package.json"), "utf8"),
  ) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

describe("bot/Dockerfile and the admin CLI", () => {
  // Two folders deep under the repository, like scripts/dist/, so that node finds the
  // repository's node_modules from the bundle as the image's bundle finds /app/node_modules.
  const outDir = path.join(localDir, "admin-cli-test", "dist");
  const bundle = path.join(outDir, "helpline-admin.js");
  let packages: string[] = [];

  beforeAll(async () => {
    rmSync(path.dirname(outDir), { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    packages = await buildAdminCli(bundle);
  });
  afterAll(() => rmSync(path.dirname(outDir), { recursive: true, force: true }));

  it("should build the CLI in the image and run that build, not TypeScript through tsx", () => {
    expect(dockerfile).toContain("RUN npm run build -w scripts");
    expect(dockerfile).toContain("COPY --from=build /app/scripts/dist scripts/dist");
    const instructions = dockerfile.split("\n").filter((line) => !line.startsWith("#"));
    expect(instructions.filter((line) => /\btsx\b/.test(line))).toEqual([]);
    expect(dockerfile).not.toMatch(/^COPY (bot|scripts|bot\/contract)\/src /m);
    expect(launcher).toMatch(
      /^node --enable-source-maps \/app\/scripts\/dist\/helpline-admin\.js "\$@"$/m,
    );
    const manifest = JSON.parse(
      readFileSync(path.join(repoRoot, "scripts", "package.json"), "utf8"),
    ) as { scripts: Record<string, string> };
    expect(manifest.scripts.build).toBe("node --import tsx src/cli/build-admin.ts");
  });

  it("should leave to node_modules only the production dependencies the image installs", () => {
    expect(dockerfile).toMatch(/--workspace bot --workspace scripts .*--omit=dev/);
    // The bundle really leaves packages to node_modules (the bot's config loader needs these).
    expect(packages).toEqual(expect.arrayContaining(["yaml", "zod"]));
    // ...and bundles the workspaces, which the image has only compiled.
    expect(packages.filter((name) => name.startsWith("@helpline/"))).toEqual([]);
    const installed = new Set([
      ...dependencies("bot"),
      ...dependencies("bot/contract"),
      ...dependencies("scripts"),
    ]);
    expect(packages.filter((name) => !installed.has(name))).toEqual([]);
  });

  it("should run with plain node and reach the bot's own config loader", async () => {
    const usage = await run(process.execPath, [bundle]);
    expect(usage.stdout).toContain("counsellor add <name>");
    // A config check on the example config fails on the files it names but has not got: the
    // bot's loader, zod and yaml all ran from the bundle.
    const check = await run(process.execPath, [
      bundle,
      "config",
      "check",
      "--config",
      path.join(repoRoot, "config", "bot.example.yaml"),
    ]).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("appservice.yaml: (file): expected a readable file");
  });
});

describe("web-client/Dockerfile", () => {
  const webDockerfile = readFileSync(path.join(repoRoot, "web-client", "Dockerfile"), "utf8");
  /** Where each workspace the pages may depend on lives. */
  const workspaceFolders: Record<string, string> = {
    "@helpline/bot": "bot",
    "@helpline/contract": "bot/contract",
    "@helpline/scripts": "scripts",
  };

  it("should copy the manifest and the sources of every workspace the pages depend on", () => {
    // Found by the deploy test: the pages took the wire contract, and the image's build of them
    // failed because it had neither its package.json (for npm ci) nor its sources (for Vite).
    const needed = dependencies("web-client")
      .filter((name) => name.startsWith("@helpline/"))
      .map((name) => workspaceFolders[name] ?? `unknown workspace ${name}`);
    expect(needed).toContain("bot/contract");
    for (const folder of needed) {
      expect(webDockerfile).toContain(`COPY ${folder}/package.json ${folder}/package.json`);
      expect(webDockerfile).toContain(`COPY ${folder} ${folder}`);
    }
  });
});
