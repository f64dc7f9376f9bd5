import path from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { repoRoot } from "../paths.ts";

// The admin CLI (`helpline-admin` in the bot's image, `npm run admin` here) compiled into one
// JavaScript file, so the image runs it with plain `node`: no TypeScript source, no global tsx.
// The project's own workspaces (@helpline/*) are bundled in from their sources; every other
// package stays an import, resolved at run time from the image's node_modules, which holds the
// production dependencies of the bot and scripts workspaces (bot/Dockerfile).

export const adminEntry = path.join(repoRoot, "scripts", "src", "cli", "admin.ts");
export const adminBundle = path.join(repoRoot, "scripts", "dist", "helpline-admin.js");

/** Leaves npm packages to node_modules and bundles the workspaces; why: see above. */
const packagesStayImports: Plugin = {
  name: "packages-stay-imports",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@helpline/") ? undefined : { path: args.path, external: true },
    );
  },
};

/** Builds the CLI to `outfile`; returns the npm packages it imports at run time. */
export async function buildAdminCli(outfile = adminBundle): Promise<string[]> {
  const result = await build({
    entryPoints: [adminEntry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
    metafile: true,
    plugins: [packagesStayImports],
    // The bundle keeps scripts/src's depth (scripts/dist/), so paths.ts's repository root,
    // found from its own location, is the same in the bundle as in the sources.
  });
  return externalPackages(result.metafile);
}

function externalPackages(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith("node:")) continue;
      const parts = imported.path.split("/");
      names.add(imported.path.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? ""));
    }
  }
  return [...names].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const packages = await buildAdminCli();
  console.log(
    `admin CLI: ${path.relative(repoRoot, adminBundle)} (imports ${packages.join(", ") || "no package"})`,
  );
}
