import { setupProduction } from "../deploy/setup.ts";
import { parseOptions, usage, UsageError } from "../deploy/options.ts";

// `npm run setup:production -- --domain … --email …`: see scripts/src/deploy/ and docs/deploy.md.
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(usage);
} else {
  try {
    const result = await setupProduction(parseOptions(args, process.env));
    for (const file of result.written) process.stdout.write(`wrote ${file}\n`);
    for (const file of result.kept) process.stdout.write(`kept  ${file}\n`);
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(
      "\nNext: docker compose build && docker compose up -d (docs/deploy.md, first install).\n",
    );
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
