import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { synapseTemplatesDir, venvDir } from "../paths.ts";
import { describePipLine, lastLines } from "./pip-progress.ts";

const run = promisify(execFile);

export interface SynapseInstallation {
  python: string;
  version: string;
}

/** The version pinned in synapse/requirements.txt, the single place it is written down. */
export function pinnedSynapseVersion(): string {
  const text = readFileSync(path.join(synapseTemplatesDir, "requirements.txt"), "utf8");
  const match = /^matrix-synapse(?:\[[^\]]*\])?==([^\s#]+)/m.exec(text);
  if (!match?.[1])
    throw new Error("synapse/requirements.txt: no pinned matrix-synapse==X.Y.Z line");
  return match[1];
}

/**
 * Every `name==version` line of synapse/requirements.txt, extras left out: Synapse and the packages
 * pinned beside it (txredisapi, for its workers' Redis).
 */
export function pinnedRequirements(): Map<string, string> {
  const text = readFileSync(path.join(synapseTemplatesDir, "requirements.txt"), "utf8");
  return new Map(
    [...text.matchAll(/^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s#]+)/gm)].map(
      (match) => [match[1] as string, match[2] as string] as const,
    ),
  );
}

async function installedVersion(
  python: string,
  name = "matrix-synapse",
): Promise<string | undefined> {
  if (!existsSync(python)) return undefined;
  try {
    const { stdout } = await run(python, [
      "-c",
      "import sys; from importlib.metadata import version; print(version(sys.argv[1]))",
      name,
    ]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** The pins besides Synapse that the virtualenv does not have (e.g. one made before a pin was added). */
async function missingPins(python: string): Promise<string[]> {
  const missing: string[] = [];
  for (const [name, version] of pinnedRequirements()) {
    if (name === "matrix-synapse") continue;
    if ((await installedVersion(python, name)) !== version) missing.push(`${name}==${version}`);
  }
  return missing;
}

/**
 * Makes sure the pinned Synapse is installed in the project-local virtualenv, installing it from
 * PyPI when missing or when the pin changed. Idempotent and quick when nothing is to do.
 */
export async function ensureSynapseInstalled(
  log: (line: string) => void = () => {},
): Promise<SynapseInstallation> {
  const python = path.join(venvDir, "bin", "python");
  const wanted = pinnedSynapseVersion();
  const current = await installedVersion(python);
  if (current === wanted) {
    const missing = await missingPins(python);
    if (missing.length === 0) return { python, version: current };
    log(`Installing ${missing.join(", ")} beside Synapse ${wanted}`);
    await pip(python, ["install", "-r", path.join(synapseTemplatesDir, "requirements.txt")], log);
    const still = await missingPins(python);
    if (still.length > 0) throw new Error(`${still.join(", ")} should be installed in ${venvDir}`);
    return { python, version: current };
  }

  if (!existsSync(python)) {
    log(`Creating the Python virtualenv in ${venvDir}`);
    await run("python3", ["-m", "venv", venvDir]);
  }
  log(`Installing Synapse ${wanted} from PyPI (a minute or two, once)`);
  await pip(python, ["install", "--upgrade", "pip"], log);
  await pip(python, ["install", "-r", path.join(synapseTemplatesDir, "requirements.txt")], log);
  const after = await installedVersion(python);
  if (after !== wanted) {
    throw new Error(
      `Synapse ${wanted} should be installed in ${venvDir}, found ${after ?? "none"}`,
    );
  }
  return { python, version: after };
}

/** Runs pip, saying what it fetches as it goes; on failure, the end of what pip said. */
function pip(python: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-m", "pip", ...args, "--progress-bar", "off"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let pending = "";
    const started = Date.now();
    // pip can sit on one large download or a build for a while: say it is still at work.
    const heartbeat = setInterval(() => {
      log(`  … still installing (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 20_000);
    const read = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output = (output + text).slice(-64 * 1024);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const progress = describePipLine(line);
        if (progress !== null) log(`  · ${progress}`);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-64 * 1024);
    });
    child.on("error", (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new Error(`pip ${args.join(" ")} failed (exit ${code}):\n${lastLines(output)}`));
    });
  });
}
