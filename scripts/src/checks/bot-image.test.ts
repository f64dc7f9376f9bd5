import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";

// The bot's image (bot/Dockerfile) carries the admin CLI as TypeScript source: bot/src and
// scripts/src, with the production dependencies of the bot and scripts workspaces only. No engine
// runs here to build it, so check what it needs from the source itself: every file the CLI imports
// is in a copied folder, and every package is a production dependency of a copied workspace.

const dockerfile = readFileSync(path.join(repoRoot, "bot", "Dockerfile"), "utf8");
const copiedFolders = ["bot/src", "scripts/src"];

function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"/g)]
    .filter((match) => !/^\s*(?:import|export)\s+type\s/.test(match[0].trim()))
    .map((match) => match[1] ?? "");
}

function reachableFrom(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() ?? "";
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith(".")) pending.push(path.resolve(path.dirname(file), specifier));
      else if (!specifier.startsWith("node:")) {
        const parts = specifier.split("/");
        packages.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? ""));
      }
    }
  }
  return { files, packages };
}

function dependencies(workspace: string): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(repoRoot, workspace, "package.json"), "utf8"),
  ) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

describe("bot/Dockerfile", () => {
  const { files, packages } = reachableFrom(path.join(repoRoot, "scripts/src/cli/admin.ts"));

  it("should copy every folder the admin CLI imports from", () => {
    // The walk itself works: the CLI reaches the bot's config loader and its packages.
    expect(files).toContain(path.join(repoRoot, "bot/src/config/load.ts"));
    expect([...packages]).toEqual(expect.arrayContaining(["yaml", "zod"]));
    for (const folder of copiedFolders) expect(dockerfile).toContain(`COPY ${folder} ${folder}`);
    const outside = [...files]
      .map((file) => path.relative(repoRoot, file))
      .filter((file) => !copiedFolders.some((folder) => file.startsWith(`${folder}/`)));
    expect(outside).toEqual([]);
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  it("should install every package the admin CLI imports (production dependencies only)", () => {
    expect(dockerfile).toMatch(/--workspace bot --workspace scripts .*--omit=dev/);
    const installed = new Set([...dependencies("bot"), ...dependencies("scripts")]);
    expect([...packages].filter((name) => !installed.has(name))).toEqual([]);
  });
});
