import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PageProvenance } from "@helpline/contract/provenance";
import type { ConfiguredHelpline } from "@helpline/bot/helplines/definitions";
import { helplineIdFromPath } from "@helpline/contract";

// Counsellor provenance (docs/threat-model.md): each helpline's public key reaches its youth's
// page from the web server, beside the page's own code, never from the bot's API. Whoever serves
// the page's code is trusted by the page anyway; the bot and Synapse are not, so neither may be
// able to hand the page another key. These files are written from the helplines' definitions,
// where the bot cannot write: by `npm start` and the tests (scripts/src/stack.ts) for the
// development server, by `npm run setup:production` for Caddy (production/provenance/).

/** The layout the page reads: `provenance.json` for the default helpline, `<id>/provenance.json`. */
export const provenanceFileName = "provenance.json";

/** Each helpline that has a key, with its file's relative path; the default also at the top. */
export function provenanceFiles(
  helplines: readonly Pick<ConfiguredHelpline, "id" | "definition">[],
): Map<string, PageProvenance> {
  const files = new Map<string, PageProvenance>();
  helplines.forEach((helpline, index) => {
    const publicKey = helpline.definition.provenance?.publicKey;
    if (publicKey === undefined) return;
    const served: PageProvenance = {
      helpline: helpline.id,
      name: helpline.definition.name,
      publicKey,
    };
    files.set(path.join(helpline.id, provenanceFileName), served);
    // The first helpline is the deployment's default, at `/`.
    if (index === 0) files.set(provenanceFileName, served);
  });
  return files;
}

/**
 * Writes the files into `dir`, replacing what was there (a key taken out of a definition must
 * stop being served). Built aside and renamed, so the web server never serves half of it.
 */
export function writeProvenanceFiles(
  dir: string,
  helplines: readonly Pick<ConfiguredHelpline, "id" | "definition">[],
): void {
  const staging = `${dir}.new`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [file, served] of provenanceFiles(helplines)) {
    mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
    writeFileSync(path.join(staging, file), JSON.stringify(served, null, 2) + "\n", {
      mode: 0o644,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/**
 * The file a request path names in such a folder (`/provenance.json`, `/<id>/provenance.json`),
 * or null when the path is not a provenance file's. The id must be a helpline id, so nothing
 * outside the folder can ever be named.
 */
export function provenanceFileOf(dir: string, pathname: string): string | null {
  if (pathname === `/${provenanceFileName}`) return path.join(dir, provenanceFileName);
  const segments = pathname.split("/");
  if (segments.length !== 3 || segments[2] !== provenanceFileName) return null;
  const id = helplineIdFromPath(pathname);
  return id === null ? null : path.join(dir, id, provenanceFileName);
}

/** The file's contents, or null when that helpline serves no key. */
export function readProvenanceFile(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}
