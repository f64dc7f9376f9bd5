import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOptions } from "@helpline/scripts/deploy/options";
import { setupProduction } from "@helpline/scripts/deploy/setup";
import { freePort } from "@helpline/scripts/net/free-port";
import { ensureSynapseInstalled } from "@helpline/scripts/synapse/install";
import {
  dropPostgresDatabase,
  ensurePostgresDatabase,
  localPostgres,
} from "@helpline/scripts/synapse/postgres";
import { startSynapse, type RunningSynapse } from "@helpline/scripts/synapse/process";
import { testDatabaseKind } from "../support/test-stack.ts";

// The Synapse config that `npm run setup:production` renders for the container boots the pinned
// Synapse: guard module, appservice registration, log config, metrics listener and all. Only what
// belongs to the container is moved to this machine: its paths (/config, /data) become a temp
// folder, its ports free ports on loopback, and its database (`postgres`, with a password) the
// test database.

describe("the production Synapse config", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "production-config-"));
  const database = `helpline_production_${randomBytes(4).toString("hex")}`;
  let synapse: RunningSynapse | undefined;
  let baseUrl = "";
  let metricsUrl = "";

  beforeAll(async () => {
    const { python } = await ensureSynapseInstalled();
    await setupProduction(
      parseOptions(
        ["--domain", "chat.example.org", "--email", "it@example.org", "--output", dir],
        {},
      ),
      { chown: false },
    );
    const configDir = path.join(dir, "production", "synapse");
    const dataDir = path.join(dir, "data");
    mkdirSync(dataDir);
    const onThisMachine = (file: string) =>
      readFileSync(file, "utf8")
        .replaceAll("/config/", `${configDir}/`)
        .replaceAll("/data/", `${dataDir}/`);
    const logFile = path.join(configDir, "log.yaml");
    writeFileSync(logFile, onThisMachine(logFile));

    const configFile = path.join(configDir, "homeserver.yaml");
    const config = YAML.parse(onThisMachine(configFile)) as {
      listeners: { port: number; bind_addresses: string[] }[];
      database: Record<string, unknown>;
    };
    const [client, metrics] = config.listeners;
    if (!client || !metrics) throw new Error("expected a client and a metrics listener");
    client.port = await freePort();
    metrics.port = await freePort();
    client.bind_addresses = metrics.bind_addresses = ["127.0.0.1"];
    if (testDatabaseKind() === "postgres") {
      const server = localPostgres();
      await ensurePostgresDatabase(server, database);
      config.database = {
        name: "psycopg2",
        args: { ...(config.database.args as object), ...server, database },
      };
    } else {
      config.database = {
        name: "sqlite3",
        args: { database: path.join(dataDir, "homeserver.db") },
      };
    }
    writeFileSync(configFile, YAML.stringify(config));
    baseUrl = `http://127.0.0.1:${client.port}`;
    metricsUrl = `http://127.0.0.1:${metrics.port}`;
    synapse = await startSynapse({ python, configFile, baseUrl });
  }, 120_000);

  afterAll(async () => {
    await synapse?.stop();
    if (testDatabaseKind() === "postgres") {
      await dropPostgresDatabase(localPostgres(), database).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("should start and answer its health check and the client API", async () => {
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/_matrix/client/versions`)).status).toBe(200);
  });

  it("should serve its metrics on the metrics listener", async () => {
    const text = await (await fetch(`${metricsUrl}/_synapse/metrics`)).text();
    expect(text).toMatch(/^synapse_/m);
  });

  it("should keep federation and registration closed, and youths' accounts behind a token", async () => {
    expect((await fetch(`${baseUrl}/_matrix/federation/v1/version`)).status).toBe(404);
    const register = await fetch(`${baseUrl}/_matrix/client/v3/register`, {
      method: "POST",
      body: "{}",
    });
    expect(register.status).toBe(403);
    // The module is loaded (its folder on PYTHONPATH, as in the container) and wants a token.
    const account = await fetch(`${baseUrl}/_synapse/client/org.helplinechat/youth_account`, {
      method: "POST",
      body: JSON.stringify({ token: "not-one-of-the-bot's" }),
    });
    expect(account.status).toBe(403);
  });
});
