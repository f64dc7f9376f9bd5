import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { createCounsellorAccount } from "../counsellors/create.ts";
import { addToRoster } from "../counsellors/roster.ts";
import { localDir } from "../paths.ts";
import { UserExistsError } from "../synapse/shared-secret.ts";

const usage = `Usage: npm run counsellor:create -- <account-name> [--display-name "Camille"]

Creates a counsellor's account on the local helpline (started with npm start) and adds it to the
counsellors the bot invites. The generated password is written to an owner-only file.`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${usage}`);
  process.exit(1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { "display-name": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    fail((error as Error).message);
  }
})();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const localpart = positionals[0];
if (!localpart || positionals.length > 1) fail("give exactly one account name.");

const stackDir = path.join(localDir, "stack");
const botConfigFile = path.join(stackDir, "bot.yaml");
if (!existsSync(botConfigFile)) fail(`${botConfigFile} is missing: run npm start once first.`);
const botConfig = YAML.parse(readFileSync(botConfigFile, "utf8")) as {
  homeserver: { url: string; serverName: string };
};
const secrets = JSON.parse(readFileSync(path.join(stackDir, "secrets.json"), "utf8")) as {
  registrationSharedSecret: string;
};

try {
  const displayName = values["display-name"];
  const created = await createCounsellorAccount({
    homeserverUrl: botConfig.homeserver.url,
    sharedSecret: secrets.registrationSharedSecret,
    localpart,
    ...(displayName ? { displayName } : {}),
  });
  const passwordFile = path.join(stackDir, `counsellor-${localpart}.password`);
  writeFileSync(passwordFile, created.password + "\n", { mode: 0o600 });
  addToRoster(stackDir, { localpart, ...(displayName ? { displayName } : {}) });
  console.log(`Created ${created.userId}.
Password: cat ${path.relative(process.cwd(), passwordFile)}
Restart npm start for the bot to invite this counsellor too.`);
} catch (error) {
  if (error instanceof UserExistsError) fail(error.message);
  if ((error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED") {
    fail(`Synapse is not answering at ${botConfig.homeserver.url}: is npm start running?`);
  }
  fail((error as Error).message);
}
