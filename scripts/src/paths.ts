import { fileURLToPath } from "node:url";
import path from "node:path";

/** The repository root, whatever the current directory of the caller. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Everything generated at run time lives here and is git-ignored. */
export const localDir = path.join(repoRoot, ".local");
export const venvDir = path.join(localDir, "venv");
export const synapseTemplatesDir = path.join(repoRoot, "synapse");
