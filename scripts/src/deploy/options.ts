import { readdirSync } from "node:fs";
import path from "node:path";
import { helplineIdPattern } from "@helpline/contract";
import { defaultHelplineDefinition, helplinesDir } from "../helplines.ts";
import { repoRoot } from "../paths.ts";

/** The service a deployment runs when told nothing else. */
const defaultHelplineId = path.basename(defaultHelplineDefinition, ".yaml");

// The setup script's command line. It asks nothing: every value comes from a flag, else from the
// environment, else from the .env of an earlier run. A wrong value names the flag.

export interface ProductionOptions {
  /** The helpline's public name: the web address and the Matrix server name (cannot change later). */
  domain?: string;
  /** Let's Encrypt's contact for the TLS certificate (expiry warnings). */
  email?: string;
  /** Element Web for counsellors on its own name (a subdomain), or none. */
  elementDomain?: string;
  /**
   * The services this deployment runs side by side: their definitions in config/helplines/,
   * without .yaml. The first is the default, served at `/`.
   */
  helplines: string[];
  /** Whether --helplines was given (a rerun keeps bot.yaml, so it then says so). */
  helplinesGiven: boolean;
  /**
   * Helplines served on host names of their own, besides /<id>/ on the main one: [id, name] pairs
   * (production/caddy/helpline-hosts.caddy). Kept from the last run when not given.
   */
  helplineHosts?: [string, string][];
  /** The first counsellor's account name, in the team of each active helpline of the bot's config. */
  counsellor: string;
  /** Synapse with workers and Redis (docs/scaling.md); kept from the last run when not given. */
  workers?: boolean;
  /** A second bot waiting on the lock (docs/scaling.md); kept from the last run when not given. */
  standby?: boolean;
  /** Prometheus on the internal network (docs/deploy.md); kept from the last run when not given. */
  monitoring?: boolean;
  /** Where `.env` and `production/` are written: the repository root, beside docker-compose.yml. */
  output: string;
}

export class UsageError extends Error {}

export const usage = `Usage: npm run setup:production -- --domain chat.example.org --email it@example.org [options]

Writes .env (secrets, owner-only) and production/ (Synapse's, the bot's and Caddy's config) beside
docker-compose.yml. Run it again after an upgrade: secrets and the bot's config are kept.

  --domain NAME           the helpline's address and Matrix server name     ($HELPLINE_DOMAIN)
  --email ADDRESS         contact for the TLS certificate (Let's Encrypt)   ($HELPLINE_ACME_EMAIL)
  --element-domain NAME   serve Element Web for counsellors on this name    ($HELPLINE_ELEMENT_DOMAIN)
  --workers on|off        Synapse with workers and Redis (docs/scaling.md)   (off)
  --standby on|off        a standby bot that takes over within seconds       (off)
  --monitoring on|off     Prometheus, scraping the bot's and Synapse's metrics (off)
  --helplines ID,ID,...   the services to run, from config/helplines/ID.yaml; the first is the
                          default, at / (maintenant-jen-parle); each also at /ID/
  --helpline-hosts ID=NAME,...
                          also serve helpline ID at / on a host name of its own
                          ($HELPLINE_HOSTS; kept from the last run; "" for none)
  --counsellor NAME       the first counsellor's account name, in every active one's team
                          (intervenante)
  --output DIR            where to write (the repository root)
`;

const domainName = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const emailAddress = /^[^@\s"'$`\\#]+@[^@\s"'$`\\#]+\.[^@\s"'$`\\#]+$/;
const localpart = /^[a-z0-9._=-]+$/;

const flags = {
  "--domain": "domain",
  "--email": "email",
  "--element-domain": "elementDomain",
  "--helplines": "helplines",
  // The single-helpline spelling of earlier versions.
  "--helpline": "helplines",
  "--helpline-hosts": "helplineHosts",
  "--counsellor": "counsellor",
  "--output": "output",
  "--workers": "workers",
  "--standby": "standby",
  "--monitoring": "monitoring",
} as const;

type Flag = keyof typeof flags;

function isFlag(text: string): text is Flag {
  return text in flags;
}

export function parseOptions(args: string[], env: NodeJS.ProcessEnv): ProductionOptions {
  const given: Partial<Record<(typeof flags)[Flag], string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const equals = arg.indexOf("=");
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    if (!isFlag(name)) throw new UsageError(`${arg}: unknown option (see --help)`);
    const value = inline ?? args[++i];
    // Only --helpline-hosts may be given empty: it then removes every host name of a helpline.
    const empty = value === "" && name !== "--helpline-hosts";
    if (value === undefined || empty || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(`${name}: a value is needed`);
    }
    given[flags[name]] = value;
  }
  const options: ProductionOptions = {
    helplines: (given.helplines ?? defaultHelplineId).split(","),
    helplinesGiven: given.helplines !== undefined,
    counsellor: given.counsellor ?? "intervenante",
    output: path.resolve(given.output ?? repoRoot),
  };
  const domain = given.domain ?? env.HELPLINE_DOMAIN;
  const email = given.email ?? env.HELPLINE_ACME_EMAIL;
  const elementDomain = given.elementDomain ?? env.HELPLINE_ELEMENT_DOMAIN;
  if (domain !== undefined) options.domain = domain.toLowerCase();
  if (email !== undefined) options.email = email;
  if (elementDomain !== undefined && elementDomain !== "") {
    options.elementDomain = elementDomain.toLowerCase();
  }
  const hosts = given.helplineHosts ?? env.HELPLINE_HOSTS;
  if (hosts !== undefined) options.helplineHosts = parseHelplineHosts(hosts);
  for (const switchName of ["workers", "standby", "monitoring"] as const) {
    const value = given[switchName];
    if (value === undefined) continue;
    if (value !== "on" && value !== "off") {
      throw new UsageError(`--${switchName}: "${value}" is neither on nor off`);
    }
    options[switchName] = value === "on";
  }
  validate(options);
  return options;
}

function validate(options: ProductionOptions): void {
  if (options.domain !== undefined && !domainName.test(options.domain)) {
    throw new UsageError(
      `--domain: "${options.domain}" is not a domain name like chat.example.org`,
    );
  }
  if (options.email !== undefined && !emailAddress.test(options.email)) {
    throw new UsageError(`--email: "${options.email}" is not an e-mail address`);
  }
  if (options.elementDomain !== undefined) {
    if (!domainName.test(options.elementDomain)) {
      throw new UsageError(
        `--element-domain: "${options.elementDomain}" is not a domain name like element.chat.example.org`,
      );
    }
    if (options.elementDomain === options.domain) {
      throw new UsageError(
        "--element-domain: must differ from --domain (Element must not share the youth page's origin)",
      );
    }
  }
  if (!localpart.test(options.counsellor)) {
    throw new UsageError(
      `--counsellor: "${options.counsellor}" is not an account name (lower-case letters, digits, . _ = -)`,
    );
  }
  const known = knownHelplines();
  for (const id of options.helplines) {
    if (!helplineIdPattern.test(id) || !known.includes(id)) {
      throw new UsageError(
        `--helplines: no helpline "${id}" (config/helplines/${id}.yaml); there are: ${known.join(", ")}`,
      );
    }
  }
  const twice = options.helplines.find((id, index) => options.helplines.indexOf(id) !== index);
  if (twice !== undefined) throw new UsageError(`--helplines: "${twice}" is given twice`);
}

/** The ids of config/helplines/, sorted. */
function knownHelplines(): string[] {
  return readdirSync(helplinesDir)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => name.slice(0, -".yaml".length))
    .sort();
}

/** `sos-viol=sos.example.org,…` as pairs; "" is none. A wrong pair names the option. */
export function parseHelplineHosts(text: string): [string, string][] {
  if (text === "") return [];
  const known = knownHelplines();
  const pairs = text.split(",").map((pair): [string, string] => {
    const [id = "", host = "", ...rest] = pair.split("=");
    if (rest.length > 0 || !known.includes(id) || !domainName.test(host.toLowerCase())) {
      throw new UsageError(
        `--helpline-hosts: "${pair}" is not ID=NAME, with ID one of ${known.join(", ")} and NAME a domain name like sos.example.org`,
      );
    }
    return [id, host.toLowerCase()];
  });
  for (const [index, [id, host]] of pairs.entries()) {
    if (pairs.findIndex(([other]) => other === id) !== index) {
      throw new UsageError(`--helpline-hosts: "${id}" is given twice`);
    }
    if (pairs.findIndex(([, other]) => other === host) !== index) {
      throw new UsageError(`--helpline-hosts: ${host} is given twice`);
    }
  }
  return pairs;
}
