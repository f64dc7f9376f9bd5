import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { synapseTemplatesDir, venvDir } from "../paths.ts";

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

async function installedVersion(python: string): Promise<string | undefined> {
  if (!existsSync(python)) return undefined;
  try {
    const { stdout } = await run(python, [
      "-c",
      "from importlib.metadata import version; print(version('matrix-synapse'))",
    ]);
    return stdout.trim();
  } catch {
    return undefined;
  }
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
  if (current === wanted) return { python, version: current };

  if (!existsSync(python)) {
    log(`Creating the Python virtualenv in ${venvDir}`);
    await run("python3", ["-m", "venv", venvDir]);
  }
  log(`Installing Synapse ${wanted} from PyPI (a minute or two, once)`);
  await run(python, ["-m", "pip", "install", "--quiet", "--upgrade", "pip"], {
    maxBuffer: 16 * 1024 * 1024,
  });
  await run(
    python,
    ["-m", "pip", "install", "--quiet", "-r", path.join(synapseTemplatesDir, "requirements.txt")],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const after = await installedVersion(python);
  if (after !== wanted) {
    throw new Error(
      `Synapse ${wanted} should be installed in ${venvDir}, found ${after ?? "none"}`,
    );
  }
  return { python, version: after };
}
