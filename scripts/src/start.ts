import path from "node:path";
import { readRoster } from "./counsellors/roster.ts";
import { writeOpenAroundTheClock } from "./open-around-the-clock.ts";
import { localDir } from "./paths.ts";
import { staffRoomName } from "@helpline/bot/permanence/staff";
import { startStack } from "./stack.ts";

/**
 * `npm start`: the whole helpline on this machine, on SQLite unless HELPLINE_DATABASE=postgres.
 * State (accounts, rooms, secrets, the permanence's journal) persists in .local/stack.
 *
 * The helpline keeps its real opening hours. HELPLINE_OPEN_NOW=1 runs a copy of its definition
 * that is open around the clock, to try it outside hours; it is written to .local/ only.
 */
const databaseKind = process.env.HELPLINE_DATABASE ?? "sqlite";
if (databaseKind !== "sqlite" && databaseKind !== "postgres") {
  console.error(`HELPLINE_DATABASE must be "sqlite" or "postgres", got "${databaseKind}".`);
  process.exit(1);
}

const dir = path.join(localDir, "stack");
const log = (line: string) => console.log(`· ${line}`);

function openAroundTheClock(): string {
  return writeOpenAroundTheClock(path.join(dir, "helpline-open-now.yaml"));
}

try {
  const openNow = process.env.HELPLINE_OPEN_NOW === "1";
  const stack = await startStack({
    dir,
    database:
      databaseKind === "postgres" ? { kind: "postgres", name: "helpline_dev" } : { kind: "sqlite" },
    ports: { synapse: 8008, synapseMetrics: 9008, appservice: 9009, bot: 8090, web: 8080 },
    counsellors: readRoster(dir),
    ...(openNow ? { helplineDefinition: openAroundTheClock() } : {}),
    log,
  });
  const counsellor = stack.counsellors[0];
  const status = (await (await fetch(`${stack.webUrl}/api/status`)).json()) as {
    admitting: boolean;
    nextOpensAt: { local: string } | null;
  };
  const hours = status.admitting
    ? openNow
      ? "open around the clock (HELPLINE_OPEN_NOW=1)"
      : "open now"
    : `closed now, next opening ${status.nextOpensAt?.local.replace("T", " ") ?? "unknown"} ` +
      `(to try it anyway: HELPLINE_OPEN_NOW=1 npm start)`;
  const web = stack.webUrl.replace("127.0.0.1", "localhost");
  console.log(`
The helpline is running, ${hours}.

  Youth page:        ${web}/
  Counsellors:       ${web}/console (the console)
                     user ${counsellor?.userId ?? "(none)"}
                     password: cat ${path.relative(process.cwd(), path.join(dir, "counsellor-intervenante.password"))}
                     then switch to "En service" (on duty)
  Or in Element:     set the homeserver to ${stack.synapsePublicUrl}, log in as above,
                     then write !dispo in the room "${staffRoomName}" to go on duty

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
