import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { beforeEach, describe, expect, it } from "vitest";
import { botConfigSchema } from "@helpline/bot/config/schema";
import { readEnvFile } from "./env-file.ts";
import { parseOptions, UsageError, type ProductionOptions } from "./options.ts";
import { runAdmin } from "../admin/run.ts";
import { repoRoot } from "../paths.ts";
import { envKeys, setupProduction } from "./setup.ts";

// The production setup, run in a temp folder as an operator would (without handing files to the
// containers' users, which needs root).

const flags = ["--domain", "chat.example.org", "--email", "it@example.org"];
const haveCaddy = spawnSync("caddy", ["version"], { stdio: "ignore" }).status === 0;

describe("setupProduction", () => {
  let output: string;
  let options: ProductionOptions;

  beforeEach(() => {
    output = mkdtempSync(path.join(os.tmpdir(), "setup-production-"));
    options = parseOptions([...flags, "--output", output], {});
  });

  const file = (...parts: string[]) => path.join(output, ...parts);
  const yaml = (...parts: string[]) =>
    YAML.parse(readFileSync(file(...parts), "utf8")) as Record<string, unknown>;
  const env = () => readEnvFile(file(".env")).values;
  const mode = (...parts: string[]) => statSync(file(...parts)).mode & 0o777;

  it("should write .env with a generated database password, owner-only", async () => {
    await setupProduction(options, { chown: false });
    expect(mode(".env")).toBe(0o600);
    expect(env().get("HELPLINE_DOMAIN")).toBe("chat.example.org");
    expect(env().get("HELPLINE_ACME_EMAIL")).toBe("it@example.org");
    expect(env().get("COMPOSE_PROJECT_NAME")).toBe("helpline");
    expect(env().get("POSTGRES_PASSWORD")).toMatch(/^[\w-]{43}$/);
    // The bot's lock role has its own password: the bot never gets Synapse's.
    expect(env().get("BOT_LOCK_PASSWORD")).toMatch(/^[\w-]{43}$/);
    expect(env().get("BOT_LOCK_PASSWORD")).not.toBe(env().get("POSTGRES_PASSWORD"));
    expect([...env().keys()].filter((key) => !envKeys.includes(key as never))).toEqual([]);
  });

  it("should keep every file holding a secret owner-only", async () => {
    await setupProduction(options, { chown: false });
    for (const secret of [
      [".env"],
      ["production", "secrets.json"],
      ["production", "synapse", "homeserver.yaml"],
      ["production", "synapse", "appservice.yaml"],
      ["production", "synapse", "signing.key"],
      ["production", "synapse", "log.yaml"],
      ["production", "bot", "bot.yaml"],
      ["production", "bot", "appservice.yaml"],
      ["production", "bot", "secrets.json"],
    ]) {
      expect(mode(...secret), secret.join("/")).toBe(0o600);
    }
    expect(mode("production")).toBe(0o700);
  });

  it("should keep secrets, the signing key and the bot's config on a rerun", async () => {
    await setupProduction(options, { chown: false });
    const before = {
      env: readFileSync(file(".env"), "utf8"),
      secrets: readFileSync(file("production", "secrets.json"), "utf8"),
      key: readFileSync(file("production", "synapse", "signing.key"), "utf8"),
    };
    const botFile = file("production", "bot", "bot.yaml");
    writeFileSync(botFile, readFileSync(botFile, "utf8") + "# edited by the operator\n");
    const again = await setupProduction(parseOptions(["--output", output], {}), { chown: false });
    expect(readFileSync(file(".env"), "utf8")).toBe(before.env);
    expect(readFileSync(file("production", "secrets.json"), "utf8")).toBe(before.secrets);
    expect(readFileSync(file("production", "synapse", "signing.key"), "utf8")).toBe(before.key);
    expect(readFileSync(botFile, "utf8")).toMatch(/# edited by the operator\n$/);
    expect(again.kept).toContain(botFile);
  });

  it("should create the output folder if it does not exist", async () => {
    const nested = file("a", "b");
    await setupProduction(parseOptions([...flags, "--output", nested], {}), { chown: false });
    expect(existsSync(path.join(nested, ".env"))).toBe(true);
  });

  it("should keep an operator's own lines in .env", async () => {
    await setupProduction(options, { chown: false });
    writeFileSync(file(".env"), readFileSync(file(".env"), "utf8") + "MY_OWN=1\n");
    await setupProduction(options, { chown: false });
    expect(env().get("MY_OWN")).toBe("1");
  });

  it("should refuse to change the server's name of an installation", async () => {
    await setupProduction(options, { chown: false });
    const other = parseOptions(["--domain", "other.example.org", "--output", output], {});
    await expect(setupProduction(other, { chown: false })).rejects.toThrow(
      /--domain: this installation is set up for chat\.example\.org/,
    );
  });

  it("should render Synapse's config for the container, on PostgreSQL, from the shared templates", async () => {
    await setupProduction(options, { chown: false });
    const config = yaml("production", "synapse", "homeserver.yaml");
    expect(config).toMatchObject({
      server_name: "chat.example.org",
      public_baseurl: "https://chat.example.org/",
      signing_key_path: "/config/signing.key",
      log_config: "/config/log.yaml",
      media_store_path: "/data/media",
      pid_file: "/data/homeserver.pid",
      app_service_config_files: ["/config/appservice.yaml"],
      // The same privacy baseline as development: it comes from the same template.
      federation_domain_whitelist: [],
      registration_requires_token: true,
      presence: { enabled: false },
      database: {
        name: "psycopg2",
        args: {
          host: "postgres",
          port: 5432,
          user: "synapse",
          database: "synapse",
          password: env().get("POSTGRES_PASSWORD"),
        },
      },
    });
    expect(config.listeners).toEqual([
      {
        port: 8008,
        bind_addresses: ["0.0.0.0"],
        type: "http",
        tls: false,
        // Caddy strips X-Forwarded-For: Synapse must not trust a forwarded address.
        x_forwarded: false,
        resources: [{ names: ["client", "openid"], compress: false }],
      },
      { port: 9000, bind_addresses: ["0.0.0.0"], type: "metrics" },
    ]);
    const log = yaml("production", "synapse", "log.yaml") as {
      handlers: { file: { filename: string } };
    };
    expect(log.handlers.file.filename).toBe("/data/homeserver.log");
    const appservice = yaml("production", "synapse", "appservice.yaml");
    expect(appservice.url).toBe("http://bot:9009");
    expect(readFileSync(file("production", "bot", "appservice.yaml"), "utf8")).toBe(
      readFileSync(file("production", "synapse", "appservice.yaml"), "utf8"),
    );
  });

  it("should write a signing key in Synapse's format", async () => {
    await setupProduction(options, { chown: false });
    expect(readFileSync(file("production", "synapse", "signing.key"), "utf8")).toMatch(
      /^ed25519 a_\w{4} [A-Za-z0-9+/]{43}\n$/,
    );
  });

  it("should write a valid bot config, listening inside the network with metrics on 9464", async () => {
    await setupProduction(options, { chown: false });
    const config = botConfigSchema.parse(yaml("production", "bot", "bot.yaml"));
    expect(config.privateApi).toEqual({ bindAddress: "0.0.0.0", port: 9464 });
    expect(config.homeserver).toEqual({
      url: "http://synapse:8008",
      serverName: "chat.example.org",
    });
    expect(config.helplines[0]?.counsellors).toEqual([
      { userId: "@intervenante:chat.example.org" },
    ]);
    expect(config.helplines[0]?.definition).toBe("/helplines/maintenant-jen-parle.yaml");
    expect(config.stateDir).toBe("/state");
    const botSecrets = JSON.parse(
      readFileSync(file("production", "bot", "secrets.json"), "utf8"),
    ) as Record<string, string>;
    const allSecrets = JSON.parse(
      readFileSync(file("production", "secrets.json"), "utf8"),
    ) as Record<string, string>;
    // The bot gets the one secret it needs.
    expect(botSecrets).toEqual({ registrationSharedSecret: allSecrets.registrationSharedSecret });
  });

  it("should list the helplines the operator chose, the first the default, each with the counsellor", async () => {
    const chosen = parseOptions(
      [
        ...flags,
        "--output",
        output,
        "--helplines",
        "sos-viol,maintenant-jen-parle,nu-praat-ik-er-over",
      ],
      {},
    );
    await setupProduction(chosen, { chown: false });
    const config = botConfigSchema.parse(yaml("production", "bot", "bot.yaml"));
    expect(config.helplines).toEqual([
      {
        definition: "/helplines/sos-viol.yaml",
        counsellors: [{ userId: "@intervenante:chat.example.org" }],
      },
      {
        definition: "/helplines/maintenant-jen-parle.yaml",
        counsellors: [{ userId: "@intervenante:chat.example.org" }],
      },
      {
        definition: "/helplines/nu-praat-ik-er-over.yaml",
        counsellors: [{ userId: "@intervenante:chat.example.org" }],
      },
    ]);
  });

  it("should write the helplines' provenance keys for Caddy, and warn when a definition is unreadable", async () => {
    await setupProduction(options, { chown: false });
    // No committed definition has a key (each deployment makes its own): an empty folder.
    expect(readdirSync(file("production", "provenance"))).toEqual([]);
    const botFile = file("production", "bot", "bot.yaml");
    const config = yaml("production", "bot", "bot.yaml");
    writeFileSync(
      botFile,
      YAML.stringify({ ...config, helplines: [{ definition: "/helplines/missing.yaml" }] }),
    );
    // What an earlier run served: gone, not left behind for Caddy to go on serving.
    writeFileSync(file("production", "provenance", "stale.json"), "{}");
    const rerun = await setupProduction(options, { chown: false });
    expect(rerun.warnings.join("\n")).toMatch(/production\/provenance\/ was not written/);
    expect(existsSync(file("production", "provenance"))).toBe(false);

    writeFileSync(botFile, YAML.stringify({ ...config, helplines: [{}] }));
    const absent = await setupProduction(options, { chown: false });
    expect(absent.warnings.join("\n")).toContain(
      `${botFile}: helplines[0].definition should be a file under /helplines/`,
    );
    expect(absent.warnings.join("\n")).toContain("found none");
  });

  it("should give an ended service no team", async () => {
    const chosen = parseOptions(
      [
        ...flags,
        "--output",
        output,
        "--helplines",
        "maintenant-jen-parle,chat-violences-sexuelles",
      ],
      {},
    );
    await setupProduction(chosen, { chown: false });
    const config = botConfigSchema.parse(yaml("production", "bot", "bot.yaml"));
    expect(config.helplines.map(({ counsellors }) => counsellors.length)).toEqual([1, 0]);
  });

  it("should keep the bot's config on a rerun, and say that --helplines then changed nothing", async () => {
    await setupProduction(options, { chown: false });
    const before = readFileSync(file("production", "bot", "bot.yaml"), "utf8");
    const rerun = await setupProduction(
      parseOptions([...flags, "--output", output, "--helplines", "sos-viol"], {}),
      { chown: false },
    );
    expect(readFileSync(file("production", "bot", "bot.yaml"), "utf8")).toBe(before);
    expect(rerun.warnings.join("\n")).toMatch(/--helplines changed nothing.*Adding a helpline/);
    const quiet = await setupProduction(options, { chown: false });
    expect(quiet.warnings.join("\n")).not.toMatch(/--helplines/);
  });

  it("should give a helpline a host name of its own, keep it on a rerun, and drop it when told", async () => {
    const site = () => readFileSync(file("production", "caddy", "helpline-hosts.caddy"), "utf8");
    const withHost = [...flags, "--output", output, "--helpline-hosts", "sos-viol=SOS.example.org"];
    await setupProduction(parseOptions(withHost, {}), { chown: false });
    expect(site()).toContain(
      "sos.example.org {\n\turi path_regexp ^/api/ /api/h/sos-viol/\n" +
        "\turi path_regexp ^/provenance\\.json$ /sos-viol/provenance.json\n",
    );
    expect(env().get("HELPLINE_HOSTS")).toBe("sos-viol=sos.example.org");
    await setupProduction(options, { chown: false });
    expect(site()).toContain("sos.example.org {");
    await setupProduction(parseOptions(["--output", output, "--helpline-hosts="], {}), {
      chown: false,
    });
    expect(site()).not.toContain("{");
    expect(env().has("HELPLINE_HOSTS")).toBe(false);
  });

  it("should refuse the main name as a helpline's own, changing nothing", async () => {
    const clash = [...flags, "--output", output, "--helpline-hosts", "sos-viol=chat.example.org"];
    await expect(setupProduction(parseOptions(clash, {}), { chown: false })).rejects.toThrow(
      /^--helpline-hosts: chat\.example\.org is already the main or Element's name/,
    );
    expect(existsSync(file(".env"))).toBe(false);
  });

  // Caddy itself reads the site written for a helpline's host name, with the production Caddyfile
  // (the Caddy probes run such a site against real requests).
  it.skipIf(!haveCaddy)("should write a site Caddy accepts, for that name", async () => {
    const withHost = [...flags, "--output", output, "--helpline-hosts", "sos-viol=sos.example.org"];
    await setupProduction(parseOptions(withHost, {}), { chown: false });
    const caddyfile = readFileSync(path.join(repoRoot, "config", "Caddyfile"), "utf8")
      .replace("/etc/caddy/sites/", `${file("production", "caddy")}/`)
      .replace("/etc/caddy/workers/", `${file("none")}/`);
    writeFileSync(file("Caddyfile"), caddyfile);
    const adapted = spawnSync(
      "caddy",
      ["adapt", "--config", file("Caddyfile"), "--adapter", "caddyfile"],
      {
        encoding: "utf8",
        env: {
          PATH: process.env.PATH ?? "",
          HELPLINE_DOMAIN: "chat.example.org",
          HELPLINE_ACME_EMAIL: "it@example.org",
        },
      },
    );
    expect(adapted.status, adapted.stderr).toBe(0);
    expect(adapted.stdout).toContain('"host":["sos.example.org"]');
    expect(adapted.stdout).toContain('"/api/h/sos-viol/"');
  });

  it("should pass the admin CLI's config check, as the bot's container will see it", async () => {
    await setupProduction(options, { chown: false });
    // The container's mounts, as folders of this machine (docker-compose.yml's bot volumes).
    const botDir = file("production", "bot");
    const seen = readFileSync(path.join(botDir, "bot.yaml"), "utf8")
      .replaceAll("/config/", `${botDir}/`)
      .replaceAll("/helplines/", `${path.join(repoRoot, "config", "helplines")}/`)
      .replace("stateDir: /state", `stateDir: ${file("state")}`);
    writeFileSync(file("bot-as-seen.yaml"), seen);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(["config", "check", "--config", file("bot-as-seen.yaml")], {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: {},
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/maintenant-jen-parle\.yaml: valid/);
  });

  it("should add the standby bot and Prometheus when asked, keep them on a rerun, and drop them when told", async () => {
    await setupProduction(options, { chown: false });
    expect(env().get("COMPOSE_PROFILES")).toBe("");
    await setupProduction(
      parseOptions(["--standby", "on", "--monitoring", "on", "--output", output], {}),
      { chown: false },
    );
    expect(env().get("COMPOSE_PROFILES")).toBe("standby,monitoring");
    await setupProduction(parseOptions(["--output", output], {}), { chown: false });
    expect(env().get("COMPOSE_PROFILES")).toBe("standby,monitoring");
    await setupProduction(parseOptions(["--standby", "off", "--output", output], {}), {
      chown: false,
    });
    expect(env().get("COMPOSE_PROFILES")).toBe("monitoring");
    expect(() => parseOptions(["--standby", "yes"], {})).toThrow(
      '--standby: "yes" is neither on nor off',
    );
  });

  it("should leave Element off unless asked, and serve it on its own name when asked", async () => {
    await setupProduction(options, { chown: false });
    expect(env().get("COMPOSE_PROFILES")).toBe("");
    const site = file("production", "caddy", "element.caddy");
    expect(readFileSync(site, "utf8")).not.toMatch(/reverse_proxy/);

    await setupProduction(
      parseOptions(["--element-domain", "element.chat.example.org", "--output", output], {}),
      { chown: false },
    );
    expect(env().get("COMPOSE_PROFILES")).toBe("element");
    expect(readFileSync(site, "utf8")).toMatch(/^element\.chat\.example\.org \{$/m);
    expect(readFileSync(site, "utf8")).toMatch(/reverse_proxy element:80/);
    const element = JSON.parse(
      readFileSync(file("production", "element", "config.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(element).toMatchObject({
      default_server_config: {
        "m.homeserver": { base_url: "https://chat.example.org", server_name: "chat.example.org" },
      },
      disable_custom_urls: true,
      disable_guests: true,
    });
  });

  it("should add Synapse's workers and Redis when asked, and keep that choice on a rerun", async () => {
    await setupProduction(parseOptions([...flags, "--workers", "on", "--output", output], {}), {
      chown: false,
    });
    await setupProduction(parseOptions(["--output", output], {}), { chown: false });
    expect(env().get("COMPOSE_FILE")).toBe(
      "docker-compose.yml:synapse/workers/docker-compose.workers.yml",
    );
    const config = yaml("production", "synapse", "homeserver.yaml");
    expect(config).toMatchObject({
      redis: { enabled: true, host: "redis" },
      stream_writers: { events: ["synapse-persister1"] },
      instance_map: { main: { host: "synapse", port: 9093 } },
    });
    const listeners = config.listeners as { port: number; resources?: { names: string[] }[] }[];
    expect(listeners.map((l) => l.port)).toEqual([8008, 9000, 9093]);
    expect(listeners[2]?.resources).toEqual([{ names: ["replication"] }]);
    // The rest of the config is the same as without workers.
    expect(config.federation_domain_whitelist).toEqual([]);

    await setupProduction(parseOptions(["--workers", "off", "--output", output], {}), {
      chown: false,
    });
    expect(env().get("COMPOSE_FILE")).toBe("docker-compose.yml");
    expect(yaml("production", "synapse", "homeserver.yaml").redis).toBeUndefined();
  });

  it("should tell what remains to do when not run as root", async () => {
    const result = await setupProduction(options, { chown: false });
    expect(result.warnings.join("\n")).toMatch(/chown -R 991:991 .*production\/synapse/);
  });

  it("should ask for the domain and e-mail on the first run, naming the flag", async () => {
    await expect(
      setupProduction(parseOptions(["--output", output], {}), { chown: false }),
    ).rejects.toThrow(/^--domain: needed on the first run/);
    await expect(
      setupProduction(parseOptions(["--domain", "a.example.org", "--output", output], {}), {
        chown: false,
      }),
    ).rejects.toThrow(/^--email: needed on the first run/);
    expect(existsSync(file(".env"))).toBe(false);
  });
});

describe("parseOptions", () => {
  it.each([
    [["--domain", "not a domain"], /^--domain: "not a domain" is not a domain name/],
    [["--domain", "https://chat.example.org"], /^--domain: /],
    [["--email", "nobody"], /^--email: "nobody" is not an e-mail address/],
    [
      ["--element-domain", "chat.example.org", "--domain", "chat.example.org"],
      /^--element-domain: must differ/,
    ],
    [
      ["--helplines", "sos-viol,nowhere"],
      /^--helplines: no helpline "nowhere" \(config\/helplines\/nowhere\.yaml\); there are: .*maintenant-jen-parle, nu-praat-ik-er-over, sos-viol/,
    ],
    [["--helplines", "../sos-viol"], /^--helplines: no helpline "..\/sos-viol"/],
    [["--helplines", "sos-viol,"], /^--helplines: no helpline ""/],
    [["--helplines", "sos-viol,sos-viol"], /^--helplines: "sos-viol" is given twice/],
    [["--helpline", "nowhere"], /^--helplines: no helpline "nowhere"/],
    [["--helpline-hosts", "sos-viol"], /^--helpline-hosts: "sos-viol" is not ID=NAME/],
    [["--helpline-hosts", "nowhere=a.example.org"], /^--helpline-hosts: "nowhere=a.example.org"/],
    [["--helpline-hosts", "sos-viol=not a name"], /^--helpline-hosts: "sos-viol=not a name"/],
    [
      ["--helpline-hosts", "sos-viol=a.example.org,sos-viol=b.example.org"],
      /^--helpline-hosts: "sos-viol" is given twice/,
    ],
    [
      ["--helpline-hosts", "sos-viol=a.example.org,nu-praat-ik-er-over=a.example.org"],
      /^--helpline-hosts: a\.example\.org is given twice/,
    ],
    [["--counsellor", "Camille Dupont"], /^--counsellor: /],
    [["--domian", "chat.example.org"], /^--domian: unknown option/],
    [["--domain"], /^--domain: a value is needed/],
    [["--domain", "--email"], /^--domain: a value is needed/],
    [["--workers", "yes"], /^--workers: "yes" is neither on nor off/],
  ])("should refuse %j, naming the flag", (args, message) => {
    expect(() => parseOptions(args, {})).toThrow(UsageError);
    expect(() => parseOptions(args, {})).toThrow(message);
  });

  it("should run the single default helpline unless told otherwise", () => {
    expect(parseOptions([], {}).helplines).toEqual(["maintenant-jen-parle"]);
    expect(parseOptions(["--helplines", "sos-viol,maintenant-jen-parle"], {}).helplines).toEqual([
      "sos-viol",
      "maintenant-jen-parle",
    ]);
    // The spelling of earlier versions, for one helpline.
    expect(parseOptions(["--helpline", "sos-viol"], {}).helplines).toEqual(["sos-viol"]);
  });

  it("should take values from the environment, and flags over it", () => {
    const env = { HELPLINE_DOMAIN: "env.example.org", HELPLINE_ACME_EMAIL: "a@example.org" };
    expect(parseOptions([], env)).toMatchObject({
      domain: "env.example.org",
      email: "a@example.org",
    });
    expect(parseOptions(["--domain=flag.example.org"], env).domain).toBe("flag.example.org");
  });
});
