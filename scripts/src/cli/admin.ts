import { runAdmin } from "../admin/run.ts";

// `npm run admin -- <command>`: see scripts/src/admin/run.ts and docs/operations.md.
const write = (stream: NodeJS.WriteStream) => (text: string) =>
  stream.write(text.endsWith("\n") ? text : `${text}\n`);

process.exitCode = await runAdmin(process.argv.slice(2), {
  out: write(process.stdout),
  err: write(process.stderr),
  env: process.env,
});
