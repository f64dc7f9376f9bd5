import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type StartedBot } from "@helpline/bot/app";
import { loadBotConfig } from "@helpline/bot/config/load";
import { runAdmin } from "@helpline/scripts/admin/run";
import { ensureSynapseInstalled } from "@helpline/scripts/synapse/install";
import {
  dropPostgresDatabase,
  ensurePostgresDatabase,
  localPostgres,
} from "@helpline/scripts/synapse/postgres";
import { startSynapse, type RunningSynapse } from "@helpline/scripts/synapse/process";
import type { YouthStatus } from "@helpline/bot/permanence/types";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth, type ApiYouth } from "../support/youth.ts";
import { eventually, youthStartsConversation } from "../support/permanence.ts";

// Backup and restore for real, on PostgreSQL: a helpline with a counsellor on duty and a queued
// youth is backed up with the operators' command, then everything is wiped (the stack's folder
// and its database); the archive is restored into a fresh database and folder, Synapse and the bot
// start again from what was restored only, and the counsellor and the queue are back.

const run = promisify(execFile);

async function tablesIn(database: string): Promise<number> {
  const server = localPostgres();
  const { stdout } = await run("psql", [
    ...["-h", server.host, "-p", String(server.port), "-U", server.user, "-d", database],
    ...["-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
  ]);
  return Number(stdout.trim());
}

async function admin(argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runAdmin(argv, {
    out: (text) => (out += `${text}\n`),
    err: (text) => (out += `${text}\n`),
    env: {},
  });
  return { code, out };
}

async function logIn(synapseUrl: string, user: string, password: string) {
  return postJson(`${synapseUrl}/_matrix/client/v3/login`, {
    type: "m.login.password",
    identifier: { type: "m.id.user", user },
    password,
  });
}

/** The counsellor API's view of her, with an OpenID token as the console sends it. */
async function deskOf(apiUrl: string, synapseUrl: string, userId: string, accessToken: string) {
  const openId = await postJson(
    `${synapseUrl}/_matrix/client/v3/user/${encodeURIComponent(userId)}/openid/request_token`,
    {},
    { Authorization: `Bearer ${accessToken}` },
  );
  const bearer = { Authorization: `Bearer ${openId.body.access_token as string}` };
  return {
    async read() {
      const response = await fetch(`${apiUrl}/api/counsellor/me`, { headers: bearer });
      return (await response.json()) as {
        availability: string;
        load: number;
        queue: { reference: number; state: string }[];
      };
    },
    async goOnDuty() {
      const response = await fetch(`${apiUrl}/api/counsellor/availability`, {
        method: "PUT",
        headers: { ...bearer, "Content-Type": "application/json" },
        body: JSON.stringify({ availability: "on_duty" }),
      });
      expect(response.status).toBe(200);
    },
  };
}

async function statusIn(synapseUrl: string, youth: ApiYouth, roomId: string) {
  const response = await fetch(
    `${synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/org.helplinechat.status/`,
    { headers: { Authorization: `Bearer ${youth.accessToken}` } },
  );
  return response.status === 200 ? ((await response.json()) as YouthStatus) : null;
}

describe("backing up and restoring the helpline", () => {
  let stack: TestStack;
  let stackStopped = false;
  let database = "";
  let backupDir = "";
  let synapse: RunningSynapse | undefined;
  let bot: StartedBot | undefined;

  beforeAll(async () => {
    stack = await startTestStack({
      database: "postgres",
      counsellors: [{ localpart: "camille", maxConversations: 1 }],
    });
    if (stack.database.kind !== "postgres") throw new Error("this test needs PostgreSQL");
    database = stack.database.name;
    backupDir = `${stack.dir}-backups`;
  });

  afterAll(async () => {
    await bot?.stop();
    await synapse?.stop();
    if (!stackStopped) await stack?.stop();
    else {
      await dropPostgresDatabase(localPostgres(), database).catch(() => {});
      rmSync(stack.dir, { recursive: true, force: true });
    }
    rmSync(backupDir, { recursive: true, force: true });
  });

  it("should bring back the accounts, the counsellor on duty and the queue from one archive", async () => {
    const camille = stack.counsellor;
    const login = await logIn(stack.synapseUrl, "camille", camille.password);
    expect(login.status).toBe(200);
    const before = await deskOf(
      stack.bot.apiUrl,
      stack.synapseUrl,
      camille.userId,
      login.body.access_token as string,
    );
    await before.goOnDuty();
    // The first youth is offered to Camille (her one place), the second waits in the queue.
    await youthStartsConversation(stack, await registerYouth(stack));
    const queued = await registerYouth(stack);
    const queuedRoom = await youthStartsConversation(stack, queued);
    await eventually(
      () => before.read(),
      (desk) => desk.load === 1 && desk.queue.map((q) => q.state).join() === "offered,queued",
      "one youth offered to Camille and one waiting",
    );
    const queueBefore = (await before.read()).queue;
    // The bot answers a youth once her arrival is journaled; her status follows (runtime.ts).
    await stack.bot.settled();
    expect((await statusIn(stack.synapseUrl, queued, queuedRoom))?.state).toBe("waiting");

    const server = localPostgres();
    const source = [
      "--database-url",
      `postgresql://${server.user}@${server.host}:${server.port}/${database}`,
      "--state",
      path.join(stack.dir, "bot-state"),
      "--files",
      stack.dir,
      ...readdirSync(stack.dir)
        .filter((name) => name !== "bot-state")
        .flatMap((name) => ["--include", name]),
    ];
    const backedUp = await admin(["backup", backupDir, ...source]);
    expect(backedUp.out).toMatch(/^Backed up .* to .*helpline-backup-.*\.tar\.gz \(owner-only/);
    expect(backedUp.code).toBe(0);
    const [archiveFile, ...others] = readdirSync(backupDir);
    expect(others).toEqual([]);
    const archive = path.join(backupDir, archiveFile ?? "");
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    // Everything goes: Synapse, the bot, the web server, the database, the folder.
    await stack.stop();
    stackStopped = true;
    await ensurePostgresDatabase(server, database);
    mkdirSync(stack.dir, { mode: 0o700 });
    expect(await tablesIn(database)).toBe(0);

    // A truncated copy is refused, and nothing changes.
    const truncated = path.join(backupDir, "truncated.tar.gz");
    writeFileSync(truncated, readFileSync(archive).subarray(0, statSync(archive).size - 4096));
    const refused = await admin(["restore", truncated, ...source]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/cannot be read as a \.tar\.gz.*Nothing was changed/s);
    expect(await tablesIn(database)).toBe(0);
    expect(readdirSync(stack.dir)).toEqual([]);

    const restored = await admin(["restore", archive, ...source]);
    expect(restored.out).toMatch(/^Restored the backup of /);
    expect(restored.code).toBe(0);
    expect(await tablesIn(database)).toBeGreaterThan(10);
    // Nothing secret was printed, by either command.
    for (const secret of [
      camille.password,
      stack.secrets.registrationSharedSecret,
      stack.secrets.appserviceToken,
    ]) {
      expect(backedUp.out + restored.out).not.toContain(secret);
    }
    // A second restore would overwrite what is there now: refused without --force.
    const again = await admin(["restore", archive, ...source]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/is not empty .*--force/);

    // Synapse and the bot start from the restored files alone.
    const { python } = await ensureSynapseInstalled(() => {});
    synapse = await startSynapse({
      python,
      configFile: stack.rendered.configFile,
      baseUrl: stack.synapseUrl,
    });
    bot = await startBot(loadBotConfig(path.join(stack.dir, "bot.yaml")), { clock: stack.clock });

    const password = readFileSync(
      path.join(stack.dir, "counsellor-camille.password"),
      "utf8",
    ).trim();
    expect(password).toBe(camille.password);
    const again2 = await logIn(stack.synapseUrl, "camille", password);
    expect(again2.status).toBe(200);
    const after = await deskOf(
      bot.apiUrl,
      stack.synapseUrl,
      camille.userId,
      again2.body.access_token as string,
    );
    const desk = await after.read();
    expect(desk).toMatchObject({ availability: "on_duty", load: 1 });
    expect(desk.queue).toEqual(queueBefore);
    expect((await statusIn(stack.synapseUrl, queued, queuedRoom))?.state).toBe("waiting");
  });
});
