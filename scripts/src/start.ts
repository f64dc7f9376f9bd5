import path from "node:path";
import { helplineApiBase, readStatus } from "@helpline/contract";
import { staffRoomName } from "@helpline/bot/permanence/staff";
import { readRoster } from "./counsellors/roster.ts";
import type { DefinitionFile } from "./helplines.ts";
import { localDir } from "./paths.ts";
import { seedDefinitions } from "./seeds.ts";
import { startBanner, type HoursNow } from "./start-banner.ts";
import { startStack } from "./stack.ts";

/**
 * `npm start`: the seed helplines side by side on this machine (config/helplines/: Maintenant j'en
 * parle, the default, then nu praat ik er over, SOS Viol and the ended Ch@t violences sexuelles),
 * on SQLite unless HELPLINE_DATABASE=postgres. State (accounts, rooms, secrets, the permanences'
 * journals) persists in .local/stack.
 *
 * The helplines keep their real opening hours. HELPLINE_OPEN_NOW=1 runs copies of their
 * definitions that are open around the clock, to try them outside hours; they are written to
 * .local/ only.
 */
const databaseKind = process.env.HELPLINE_DATABASE ?? "sqlite";
if (databaseKind !== "sqlite" && databaseKind !== "postgres") {
  console.error(`HELPLINE_DATABASE must be "sqlite" or "postgres", got "${databaseKind}".`);
  process.exit(1);
}

const dir = path.join(localDir, "stack");
const log = (line: string) => console.log(`· ${line}`);

/** Whether a helpline is open now, as its own status route says. */
async function hoursNow(webUrl: string, helpline: DefinitionFile, openNow: boolean) {
  if (helpline.ended) return { kind: "ended" } satisfies HoursNow;
  try {
    const response = await fetch(`${webUrl}${helplineApiBase(helpline.id)}/status`);
    if (!response.ok) return { kind: "unknown", reason: `HTTP ${response.status}` } as const;
    const status = readStatus(await response.json());
    return status.admitting
      ? ({ kind: "open", aroundTheClock: openNow } as const)
      : ({
          kind: "closed",
          nextOpening: status.nextOpensAt?.local.replace("T", " ") ?? null,
        } as const);
  } catch (error) {
    return { kind: "unknown", reason: (error as Error).message } as const;
  }
}

try {
  const openNow = process.env.HELPLINE_OPEN_NOW === "1";
  const helplines = seedDefinitions({ dir, openNow });
  const stack = await startStack({
    dir,
    database:
      databaseKind === "postgres" ? { kind: "postgres", name: "helpline_dev" } : { kind: "sqlite" },
    ports: { synapse: 8008, synapseMetrics: 9008, appservice: 9009, bot: 8090, web: 8080 },
    counsellors: readRoster(dir),
    helplines: helplines.map(({ file }) => file),
    log,
  });
  const web = stack.webUrl.replace("127.0.0.1", "localhost");
  console.log(
    startBanner({
      web,
      synapsePublicUrl: stack.synapsePublicUrl,
      helplines: await Promise.all(
        stack.helplines.map(async (helpline) => ({
          ...helpline,
          hours: await hoursNow(stack.webUrl, helpline, openNow),
        })),
      ),
      passwords: stack.counsellors.map(({ userId }) => ({
        userId,
        // As startStack keeps it: counsellor-<localpart>.password.
        file: path.relative(
          process.cwd(),
          path.join(dir, `counsellor-${userId.slice(1, userId.indexOf(":"))}.password`),
        ),
      })),
      staffRoomName,
    }),
  );
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
