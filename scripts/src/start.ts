import path from "node:path";
import { localDir } from "./paths.ts";
import { readRoster } from "./counsellors/roster.ts";
import { startStack } from "./stack.ts";

/**
 * `npm start`: the whole helpline on this machine, on SQLite unless HELPLINE_DATABASE=postgres.
 * State (accounts, rooms, secrets) persists in .local/stack between runs.
 */
const databaseKind = process.env.HELPLINE_DATABASE ?? "sqlite";
if (databaseKind !== "sqlite" && databaseKind !== "postgres") {
  console.error(`HELPLINE_DATABASE must be "sqlite" or "postgres", got "${databaseKind}".`);
  process.exit(1);
}

const dir = path.join(localDir, "stack");
const log = (line: string) => console.log(`· ${line}`);
try {
  const stack = await startStack({
    dir,
    database:
      databaseKind === "postgres" ? { kind: "postgres", name: "helpline_dev" } : { kind: "sqlite" },
    ports: { synapse: 8008, appservice: 9009, bot: 8090, web: 8080 },
    counsellors: readRoster(dir),
    log,
  });
  const counsellor = stack.counsellors[0];
  console.log(`
The helpline is running.

  Youth page:        ${stack.webUrl.replace("127.0.0.1", "localhost")}/
  Counsellor login:  in Element, set the homeserver to ${stack.synapseUrl}
                     user ${counsellor?.userId ?? "(none)"}
                     password: cat ${path.relative(process.cwd(), path.join(dir, "counsellor-intervenante.password"))}

Press Ctrl+C to stop.`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
} catch (error) {
  console.error(`Could not start the helpline: ${(error as Error).message}`);
  process.exit(1);
}
