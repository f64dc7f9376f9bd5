import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";

// matrix-bot-sdk's native crypto binding is replaced by bot/crypto-stub through an npm override.
// When npm 11 writes package-lock.json from scratch, it records the stub's link relative to
// matrix-bot-sdk (node_modules/matrix-bot-sdk/bot/crypto-stub, which does not exist); npm 11 then
// repairs that at install, but the npm 10 of the Node 22 image follows it literally, and the bot's
// image built that way could not start (issue 14). The lock must point at the stub itself.

interface Lock {
  packages: Record<string, { resolved?: string; link?: boolean; name?: string } | undefined>;
}

const read = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(repoRoot, file), "utf8")) as unknown;

describe("package-lock.json and the crypto stub", () => {
  const lock = read("package-lock.json") as Lock;
  const manifest = read("package.json") as { overrides: Record<string, string> };
  const name = "@matrix-org/matrix-sdk-crypto-nodejs";

  it("should link the binding to the folder the override names", () => {
    const override = manifest.overrides[name] ?? "";
    expect(override).toMatch(/^file:/);
    const folder = path.posix.normalize(override.slice("file:".length));
    expect(lock.packages[`node_modules/${name}`]).toEqual({ resolved: folder, link: true });
    expect(lock.packages[folder]?.name).toBe(name);
  });

  it("should hold no entry for a stub anywhere else", () => {
    const strays = Object.keys(lock.packages).filter(
      (key) => key.endsWith("crypto-stub") && key !== "bot/crypto-stub",
    );
    expect(strays).toEqual([]);
  });
});
