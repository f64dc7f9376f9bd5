import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { beforeEach, describe, expect, it } from "vitest";
import { synapseModulesDir } from "./process.ts";
import { renderSynapseConfig, type SynapseSetup } from "./render.ts";
import { loadOrCreateSecrets } from "./secrets.ts";
import { userTypes } from "./shared-secret.ts";

describe("renderSynapseConfig", () => {
  let dir: string;
  let setup: SynapseSetup;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "render-test-"));
    // An existing key means no Python is needed to render.
    writeFileSync(path.join(dir, "signing.key"), "ed25519 a_key fake\n");
    setup = {
      dir,
      python: "/nonexistent/python",
      serverName: "helpline.test",
      port: 18123,
      metricsPort: 18124,
      publicBaseUrl: "https://helpline.test/",
      database: { kind: "sqlite" },
      appservice: { url: "http://127.0.0.1:19000", botLocalpart: "permanence" },
      secrets: loadOrCreateSecrets(dir),
    };
  });

  function renderedConfig(): Record<string, unknown> {
    return YAML.parse(readFileSync(path.join(dir, "homeserver.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
  }

  it("should close the server to federation and serve only the client and openid resources", async () => {
    await renderSynapseConfig(setup);
    const config = renderedConfig();
    expect(config.federation_domain_whitelist).toEqual([]);
    expect(config.trusted_key_servers).toEqual([]);
    expect(config.federation_sender_instances).toEqual([]);
    const listeners = config.listeners as {
      type: string;
      resources?: { names: string[] }[];
      bind_addresses: string[];
    }[];
    expect(listeners.map((l) => l.type)).toEqual(["http", "metrics"]);
    expect(listeners[0]?.resources?.flatMap((r) => r.names)).toEqual(["client", "openid"]);
    expect(listeners[0]?.bind_addresses).toEqual(["127.0.0.1"]);
  });

  it("should enable metrics on a loopback-only listener of their own", async () => {
    const rendered = await renderSynapseConfig(setup);
    const config = renderedConfig();
    expect(config.enable_metrics).toBe(true);
    const metrics = (
      config.listeners as { type: string; port: number; bind_addresses: string[] }[]
    ).filter((l) => l.type === "metrics");
    expect(metrics).toEqual([{ type: "metrics", port: 18124, bind_addresses: ["127.0.0.1"] }]);
    expect(rendered.metricsUrl).toBe("http://127.0.0.1:18124");
  });

  it("should apply the privacy baseline", async () => {
    await renderSynapseConfig(setup);
    const config = renderedConfig();
    expect(config).toMatchObject({
      // Youths' accounts come from synapse/modules/youth_accounts.py only.
      enable_registration: false,
      registration_requires_token: true,
      allow_guest_access: false,
      presence: { enabled: false },
      user_directory: { enabled: false },
      limit_profile_requests_to_users_who_share_rooms: true,
      encryption_enabled_by_default_for_room_type: "invite",
      url_preview_enabled: false,
    });
  });

  it("should make every publicly registered account a restricted youth", async () => {
    await renderSynapseConfig(setup);
    const config = renderedConfig();
    expect(config.user_types).toEqual({
      default_user_type: userTypes.youth,
      extra_user_types: [userTypes.youth, userTypes.counsellor],
    });
    expect(config.modules).toEqual([
      { module: "helpline_guard.HelplineGuard", config: {} },
      { module: "youth_accounts.YouthAccounts", config: {} },
    ]);
    // The module's Python file names the same type.
    const guard = readFileSync(path.join(synapseModulesDir, "helpline_guard.py"), "utf8");
    expect(guard).toContain(`YOUTH_USER_TYPE = "${userTypes.youth}"`);
  });

  it("should keep nothing for long and list no room", async () => {
    await renderSynapseConfig(setup);
    const config = renderedConfig();
    expect(config).toMatchObject({
      retention: {
        enabled: true,
        default_policy: { max_lifetime: "1d" },
        allowed_lifetime_max: "1d",
        purge_jobs: [{ interval: "1h" }],
      },
      redaction_retention_period: "1h",
      forget_rooms_on_leave: true,
      forgotten_room_retention_period: "1h",
      media_retention: { local_media_lifetime: "2d" },
      max_upload_size: "1M",
      max_pending_media_uploads: 2,
      unused_expiration_time: "1h",
      enable_search: false,
      room_list_publication_rules: [{ action: "deny" }],
      alias_creation_rules: [{ action: "deny" }],
      user_ips_max_age: "1h",
    });
  });

  it("should limit a youth's message rate in production, not only in tests", async () => {
    await renderSynapseConfig(setup);
    expect(renderedConfig().rc_message).toEqual({ per_second: 0.3, burst_count: 10 });
  });

  it("should only turn encryption off when a test asks for it explicitly", async () => {
    await renderSynapseConfig({ ...setup, encryptionByDefault: false });
    expect(renderedConfig().encryption_enabled_by_default_for_room_type).toBe("off");
  });

  it("should write secrets into owner-only files and never into the templates", async () => {
    const rendered = await renderSynapseConfig(setup);
    expect(renderedConfig().registration_shared_secret).toBe(
      setup.secrets.registrationSharedSecret,
    );
    expect(statSync(rendered.configFile).mode & 0o077).toBe(0);
    expect(statSync(rendered.appserviceFile).mode & 0o077).toBe(0);
    const appservice = YAML.parse(readFileSync(rendered.appserviceFile, "utf8")) as Record<
      string,
      unknown
    >;
    expect(appservice.as_token).toBe(setup.secrets.appserviceToken);
    expect(appservice.namespaces).toMatchObject({
      users: [{ exclusive: true, regex: "^@permanence:helpline\\.test$" }],
      aliases: [{ exclusive: true, regex: "^#helpline-side-[0-9a-f]{40}:helpline\\.test$" }],
    });
  });

  it("should set no registration limit: Synapse's registration is closed", async () => {
    await renderSynapseConfig(setup);
    expect(renderedConfig().rc_registration).toBeUndefined();
  });

  it("should deep-merge overrides", async () => {
    await renderSynapseConfig({ ...setup, overrides: { rc_room_creation: { burst_count: 99 } } });
    expect(renderedConfig().rc_room_creation).toEqual({ per_second: 0.016, burst_count: 99 });
  });

  it("should configure PostgreSQL when asked", async () => {
    await renderSynapseConfig({
      ...setup,
      database: {
        kind: "postgres",
        database: "synapse",
        host: "127.0.0.1",
        port: 5432,
        user: "postgres",
      },
    });
    expect(renderedConfig().database).toMatchObject({
      name: "psycopg2",
      args: { database: "synapse" },
    });
  });
});

describe("loadOrCreateSecrets", () => {
  it("should generate distinct secrets once, keep them, and keep the file private", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "secrets-test-"));
    const first = loadOrCreateSecrets(dir);
    const again = loadOrCreateSecrets(dir);
    expect(again).toEqual(first);
    expect(new Set(Object.values(first)).size).toBe(5);
    expect(statSync(path.join(dir, "secrets.json")).mode & 0o077).toBe(0);
  });

  it("should refuse a corrupt secrets file with the file's name", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "secrets-test-"));
    writeFileSync(path.join(dir, "secrets.json"), "{ not json");
    expect(() => loadOrCreateSecrets(dir)).toThrow(/secrets\.json: not valid JSON/);
  });
});
