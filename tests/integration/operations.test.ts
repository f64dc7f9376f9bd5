import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "@helpline/scripts/admin/run";
import { defaultHelplineDefinition } from "@helpline/scripts/stack";
import { testWeek } from "../support/clock.ts";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorGoesOnDuty,
  eventually,
  youthLeaves,
  youthSees,
  youthStartsConversation,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth, requestOpenIdToken } from "../support/youth.ts";

/** The day the statistics are kept for: the test Monday, in Brussels. */
const monday = testWeek.date("monday");

// The operators' tools against a real Synapse and the real bot: the metrics endpoint, the
// statistics report and every admin command, including the ones that must refuse and change
// nothing. The bot's clock is moved by hand, so waits and durations are exact.

let stack: TestStack;
let team: ScriptedCounsellor[];
let camille: ScriptedCounsellor;
let botConfig: string;
const minute = 60_000;

/**
 * The real definition, with offers that wait ten minutes: the tests move the clock two minutes
 * between an offer and its acceptance, and the bot's own ticks must not withdraw it meanwhile.
 */
function patientOffersDefinition(): string {
  const definition = YAML.parse(readFileSync(defaultHelplineDefinition, "utf8")) as {
    conversations: Record<string, unknown>;
  };
  definition.conversations["offerTimeoutSeconds"] = 600;
  const file = path.join(
    mkdtempSync(path.join(tmpdir(), "helpline-operations-")),
    "maintenant-jen-parle.yaml",
  );
  writeFileSync(file, YAML.stringify(definition));
  return file;
}

beforeAll(async () => {
  stack = await startTestStack({
    helplineDefinition: patientOffersDefinition(),
    counsellors: [
      { localpart: "camille", maxConversations: 1 },
      { localpart: "alex", maxConversations: 1 },
    ],
  });
  team = await teamLogsIn(stack);
  camille = team[0] as ScriptedCounsellor;
  botConfig = path.join(stack.dir, "bot.yaml");
  // These tests check the counts themselves, so the reports show every one (the bot reads no
  // statistics setting; the admin CLI reads it at each run). report.test.ts checks suppression.
  const config = YAML.parse(readFileSync(botConfig, "utf8")) as Record<string, unknown>;
  writeFileSync(botConfig, YAML.stringify({ ...config, statistics: { minimumCell: 1 } }));
});
afterAll(async () => {
  for (const counsellor of team ?? []) await counsellor.stop();
  await stack?.stop();
});

/** Runs `npm run admin -- <args>` in-process against the test stack's bot config. */
async function admin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin([...args, "--config", botConfig], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {},
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The bot's metrics by series; its one helpline's label is left out of the keys. */
async function scrape(): Promise<Map<string, number>> {
  const text = await (await fetch(`${stack.bot.privateUrl}/metrics`)).text();
  expect(text).toContain('helpline_queue_length{helpline="maintenant-jen-parle"} ');
  return new Map(
    text
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.replace(/\{helpline="[^"]+"\}|(?<=\{)helpline="[^"]+",/, ""))
      .map((line) => {
        const at = line.lastIndexOf(" ");
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      }),
  );
}

async function login(user: string, password: string) {
  return postJson(`${stack.synapseUrl}/_matrix/client/v3/login`, {
    type: "m.login.password",
    identifier: { type: "m.id.user", user },
    password,
  });
}

describe("metrics and statistics during real conversations", () => {
  it("should count a conversation picked up after 2 minutes that lasts 10, and one abandoned", async () => {
    await counsellorGoesOnDuty(stack, camille);
    const before = await scrape();
    expect(before.get("helpline_conversations_started_total")).toBe(0);

    const youth = await registerYouth(stack);
    const invite = camille.nextInvite();
    const roomId = await youthStartsConversation(stack, youth);
    await invite;
    stack.clock.advance(2 * minute);
    await camille.client.joinRoom(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
    const during = await scrape();
    expect(during.get("helpline_conversations_active")).toBe(1);
    expect(during.get('helpline_counsellors{availability="on_duty"}')).toBe(1);

    // A second youth waits (camille is full), then leaves before anyone joined.
    const other = await registerYouth(stack);
    const otherRoom = await youthStartsConversation(stack, other);
    await eventually(scrape, (m) => m.get("helpline_queue_length") === 1, "a youth in the queue");
    await youthLeaves(stack, other, otherRoom);

    stack.clock.advance(10 * minute);
    await youthLeaves(stack, youth, roomId);
    const after = await eventually(
      scrape,
      (m) => m.get('helpline_conversations_ended_total{reason="youth_left"}') === 2,
      "both conversations to end",
    );
    expect(after.get("helpline_conversations_started_total")).toBe(2);
    expect(after.get("helpline_conversations_abandoned_total")).toBe(1);
    expect(after.get("helpline_wait_seconds_count")).toBe(1);
    expect(after.get("helpline_wait_seconds_sum")).toBe(120);
    expect(after.get('helpline_wait_seconds_bucket{le="120"}')).toBe(1);
    expect(after.get("helpline_conversation_duration_seconds_sum")).toBe(600);
    expect(after.get("helpline_queue_length")).toBe(0);
    expect(after.get("process_resident_memory_bytes")).toBeGreaterThan(0);

    // The report: the test Monday in Brussels, as JSON, CSV and SVG.
    const json = await admin("stats", "--from", monday, "--to", monday, "--format", "json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      by: "day",
      rows: [
        {
          period: monday,
          conversations: 2,
          pickedUp: 1,
          abandoned: 1,
          waitMedianSeconds: 120,
          waitP90Seconds: 120,
          durationMedianSeconds: 600,
        },
      ],
    });
    const csv = await admin(
      "stats",
      "--from",
      testWeek.month.first,
      "--to",
      testWeek.month.last,
      "--by",
      "week",
    );
    // Who the youth writes about stays empty (this service does not ask), and so do the case
    // forms, the feedback and the list of suppressed cells.
    expect(csv.out.split("\n")).toContain(
      `${monday},2,1,1,0,0,0,0,0,0,120,120,600,600,unknown=2,${",".repeat(10)}`,
    );
    const svg = await admin(
      "stats",
      "--from",
      testWeek.month.first,
      "--to",
      testWeek.month.last,
      "--by",
      "month",
      "--format",
      "svg",
    );
    expect(svg.out).toContain(`${testWeek.month.first}: 2 conversations, 1 abandoned`);

    const stored = readFileSync(
      path.join(
        stack.dir,
        "bot-state",
        "helplines",
        "maintenant-jen-parle",
        "statistics",
        "statistics.json",
      ),
      "utf8",
    );
    expect(stored).not.toMatch(/@|!|Jeune/);
  });

  it("should tally the page's language, known languages by name and anything else as other", async () => {
    for (const language of ["nl-BE", "klingon"]) {
      const youth = await registerYouth(stack);
      const opened = await postJson(`${stack.webUrl}/api/conversations`, {
        registrationToken: youth.registrationToken,
        openIdToken: await requestOpenIdToken(stack, youth),
        language,
      });
      expect(opened.status).toBe(201);
      const roomId = opened.body.roomId as string;
      await postJson(
        `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
        {},
        { Authorization: `Bearer ${youth.accessToken}` },
      );
      await youthLeaves(stack, youth, roomId);
    }
    const json = await admin("stats", "--from", monday, "--to", monday, "--format", "json");
    expect(JSON.parse(json.out).rows[0].languages).toEqual({ nl: 1, other: 1, unknown: 2 });
    await eventually(scrape, (m) => m.get("helpline_queue_length") === 0, "an empty queue again");
    await eventually(
      scrape,
      (m) => m.get("helpline_conversations_active") === 0,
      "no conversation",
    );
  });

  it("should count a visit while closed", async () => {
    const now = stack.clock.now();
    stack.clock.set(testWeek.at("monday", "23:30")); // closed
    expect((await fetch(`${stack.webUrl}/api/status`)).status).toBe(200);
    stack.clock.set(now);
    expect((await scrape()).get("helpline_closed_visits_total")).toBe(1);
    const json = await admin("stats", "--from", monday, "--to", monday, "--format", "json");
    expect(JSON.parse(json.out).rows[0].closedVisits).toBe(1);
  });

  it("should expose what an on-call person acts on: opening hours, refusals, disk, runtime", async () => {
    const now = stack.clock.now();
    stack.clock.set(testWeek.at("monday", "23:30")); // closed
    expect((await scrape()).get("helpline_open")).toBe(0);
    stack.clock.set(now);
    const before = await scrape();
    expect(before.get("helpline_open")).toBe(1);
    expect(before.get("helpline_admitting")).toBe(1);

    // A forged proof of work is refused and counted, by why only.
    const forged = await postJson(`${stack.webUrl}/api/registration-tokens`, {
      challenge: "not-a-challenge",
      solution: "0",
    });
    expect(forged.status).toBe(403);
    const after = await scrape();
    expect(after.get('helpline_proof_of_work_refused_total{reason="invalid"}')).toBe(
      (before.get('helpline_proof_of_work_refused_total{reason="invalid"}') ?? NaN) + 1,
    );
    expect(after.get('helpline_rate_limited_total{bucket="registrationTokens"}')).toBe(0);
    expect(after.get("helpline_barred_refused_total")).toBe(0);

    const available = after.get("helpline_state_filesystem_avail_bytes") ?? NaN;
    expect(available).toBeGreaterThan(0);
    expect(available).toBeLessThanOrEqual(after.get("helpline_state_filesystem_size_bytes") ?? 0);
    expect(after.get("process_open_fds")).toBeGreaterThan(0);
    expect(after.get("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(after.get("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(after.get("nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    expect(after.has("nodejs_heap_used_bytes")).toBe(false);
  });

  it("should keep the private listener out of the web server and the public API", async () => {
    const privateUrl = new URL(stack.bot.privateUrl);
    expect(privateUrl.hostname).toBe("127.0.0.1");
    expect(privateUrl.port).not.toBe(new URL(stack.bot.apiUrl).port);
    for (const url of [
      `${stack.webUrl}/metrics`,
      `${stack.webUrl}/api/metrics`,
      `${stack.webUrl}/api/admin/status`,
      `${stack.webUrl}/admin/status`,
      `${stack.bot.apiUrl}/metrics`,
      `${stack.bot.apiUrl}/admin/status`,
    ]) {
      // The web server answers unknown paths with the youth's page: what matters is the body.
      const response = await fetch(url);
      if (url.startsWith(stack.bot.apiUrl)) expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toMatch(/helpline_queue_length|counsellors/);
    }
    expect((await fetch(`${stack.bot.privateUrl}/admin/status`)).status).toBe(401);
  });

  it("should serve Synapse's metrics on loopback, and not through the web server", async () => {
    const synapseMetrics = await fetch(`${stack.rendered.metricsUrl}/_synapse/metrics`);
    expect(synapseMetrics.status).toBe(200);
    expect(await synapseMetrics.text()).toContain("synapse_http_server_requests_received_total");
    const viaWeb = await fetch(`${stack.webUrl}/_synapse/metrics`);
    expect(await viaWeb.text()).not.toContain("synapse_");
  });
});

/** Waits until Camille's client has the bot's invite to this room. */
async function invitedTo(roomId: string): Promise<void> {
  await eventually(
    async () => camille.client.getRoom(roomId)?.getMyMembership(),
    (membership) => membership === "invite",
    "camille's invite",
  );
}

describe("the admin CLI", () => {
  it("should show who is on duty and the queue, and close a waiting conversation", async () => {
    const youth = await registerYouth(stack);
    const busy = await registerYouth(stack);
    const first = await youthStartsConversation(stack, busy);
    // The bot's invite reaches her once the room is ready for a counsellor (its name and the
    // youth's level are written after the youth's invite): joined before it, she would not be in.
    await invitedTo(first);
    await camille.client.joinRoom(first);
    const roomId = await youthStartsConversation(stack, youth);
    const status = await eventually(
      () => admin("status"),
      (s) => /Queue \(1\)/.test(s.out),
      "a youth waiting in the status",
    );
    expect(status.code).toBe(0);
    expect(status.out).toContain("Helpline maintenant-jen-parle: open, admitting");
    expect(status.out).toMatch(/@camille:localhost {2}on duty, 1 conversation\(s\)/);
    expect(status.out).toMatch(/@alex:localhost {2}off duty/);
    expect(status.out).not.toContain(youth.userId);
    expect(status.out).not.toContain(roomId);
    const reference = /Jeune (\d+)/.exec(status.out.split("Queue")[1] ?? "")?.[1] as string;

    const closed = await admin("conversation", "close", reference);
    expect(closed).toMatchObject({ code: 0 });
    expect(closed.out).toContain(`Ended "Jeune ${reference}".`);
    await youthSees(stack, youth, roomId, "ended");
    expect((await admin("status")).out).toContain("Queue: empty");

    const again = await admin("conversation", "close", reference);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`error: No live conversation is "Jeune ${reference}".`);
    await youthLeaves(stack, busy, first);
  });

  it("should erase a conversation in progress now, and stay in step when its erasure falls due", async () => {
    const youth = await registerYouth(stack);
    const roomId = await youthStartsConversation(stack, youth);
    // Camille's client keeps earlier (withdrawn) invites: join this room by its id.
    await eventually(
      () => admin("status"),
      (s) => s.out.includes("offered"),
      "the youth offered to camille",
    );
    // Offered is the bot's decision; her invite follows once the room is ready for her.
    await invitedTo(roomId);
    await camille.client.joinRoom(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
    const status = await admin("status");
    const reference = /In progress[^\n]*\n {2}Jeune (\d+)/.exec(
      status.out.replace("Conversations in progress", "In progress"),
    )?.[1] as string;
    expect(reference).toMatch(/^\d+$/);

    const erased = await admin("conversation", "erase", reference);
    expect(erased).toMatchObject({ code: 0 });
    expect(erased.out).toBe(
      `Ended "Jeune ${reference}" and erased the youth's account and the room now.`,
    );
    const whoami = await fetch(`${stack.synapseUrl}/_matrix/client/v3/account/whoami`, {
      headers: { Authorization: `Bearer ${youth.accessToken}` },
    });
    expect(whoami.status).toBe(401);

    // The permanence erases it again when the grace period is over: harmless, and nothing stalls.
    stack.clock.advance(60 * minute);
    await stack.bot.tick();
    await stack.bot.settled();
    const next = await registerYouth(stack);
    const nextRoom = await youthStartsConversation(stack, next);
    await youthSees(stack, next, nextRoom, "counsellor_joining");
    const nextStatus = await admin("status");
    const nextReference = /Jeune (\d+) {2}waiting/.exec(nextStatus.out)?.[1] as string;
    expect((await admin("conversation", "close", nextReference)).code).toBe(0);
    await youthSees(stack, next, nextRoom, "ended");
    stack.clock.advance(60 * minute);
    await stack.bot.tick();
  });

  it("should disable and re-enable a counsellor by locking her account, and reset a password", async () => {
    const alexPassword = stack.counsellors[1]?.password as string;
    const disabled = await admin("counsellor", "disable", "alex");
    expect(disabled.code).toBe(0);
    expect(disabled.out).toContain("Disabled @alex:localhost");
    expect((await login("alex", alexPassword)).status).not.toBe(200);
    expect((await admin("status")).out).toMatch(
      /@alex:localhost {2}off duty, 0 conversation\(s\), DISABLED/,
    );

    const enabled = await admin("counsellor", "enable", "@alex:localhost");
    expect(enabled.code).toBe(0);
    expect((await login("alex", alexPassword)).status).toBe(200);
    expect((await admin("status")).out).not.toContain("DISABLED");

    const reset = await admin("counsellor", "reset-password", "alex");
    expect(reset.code).toBe(0);
    const password = /: (\S+)\n/.exec(reset.out)?.[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await login("alex", alexPassword)).status).not.toBe(200);
    expect((await login("alex", password)).status).toBe(200);
  });

  it("should give and take the supervisor role", async () => {
    expect((await admin("counsellor", "supervisor", "alex", "on")).code).toBe(0);
    expect((await admin("status")).out).toMatch(/@alex:localhost .*supervisor/);
    expect((await admin("counsellor", "supervisor", "alex", "off")).code).toBe(0);
    expect((await admin("status")).out).not.toContain("supervisor");
  });

  it("should refuse bad input with a precise message, an exit code, and no change", async () => {
    const rolesFile = path.join(stack.dir, "bot-state", "counsellor-roles.json");
    const rolesBefore = readFileSync(rolesFile, "utf8");
    const cases: [string[], number, string | RegExp][] = [
      [["frobnicate"], 2, 'error: unknown command "frobnicate".'],
      [
        ["counsellor", "disable", "nobody"],
        1,
        /@nobody:localhost is not a counsellor of the helpline "maintenant-jen-parle"/,
      ],
      [
        ["status", "--helpline", "nowhere"],
        1,
        /there is no helpline "nowhere" in .*bot\.yaml; its helplines are: maintenant-jen-parle\./,
      ],
      [
        ["counsellor", "disable", "alex", "--helpline", "nowhere"],
        1,
        /there is no helpline "nowhere"/,
      ],
      [
        ["conversation", "close", "4821", "--helpline", "nowhere"],
        1,
        /there is no helpline "nowhere"/,
      ],
      [["counsellor", "reset-password", "nobody"], 1, /@nobody:localhost is not a counsellor/],
      [
        ["counsellor", "supervisor", "alex", "maybe"],
        2,
        /say "on" or "off" after the name, got "maybe"/,
      ],
      [["counsellor", "fire", "alex"], 2, /unknown counsellor command "fire"/],
      [["conversation", "close", "abc"], 2, /give the conversation's number/],
      [["stats", "--from", "2026-11-31x", "--to", testWeek.month.last], 2, /--from must be a date/],
      [["stats", "--from", testWeek.month.last, "--to", testWeek.month.first], 2, /is after --to/],
      [
        ["stats", "--from", testWeek.month.first, "--to", testWeek.month.last, "--by", "year"],
        2,
        /--by must be day, week or month/,
      ],
      [["counsellor", "add", "camille"], 1, 'error: An account named "camille" already exists.'],
    ];
    for (const [args, code, message] of cases) {
      const result = await admin(...args);
      expect(result.code, args.join(" ")).toBe(code);
      if (typeof message === "string") expect(result.err.split("\n")[0]).toBe(message);
      else expect(result.err).toMatch(message);
    }
    expect(readFileSync(rolesFile, "utf8")).toBe(rolesBefore);
    expect((await admin("status")).out).not.toContain("DISABLED");
  });

  it("should add a counsellor and print her password once", async () => {
    const added = await admin("counsellor", "add", "sam", "--display-name", "Sam");
    expect(added.code).toBe(0);
    expect(added.out).toContain("Created @sam:localhost.");
    expect(added.out).toContain(`under the counsellors of her helpline(s) in ${botConfig}`);
    const password = /privately\): (\S+)/.exec(added.out)?.[1] as string;
    expect((await login("sam", password)).status).toBe(200);
  });

  it("should find the bot again after a restart, with the same secret, roles and statistics", async () => {
    const endpointFile = path.join(stack.dir, "bot-state", "admin-endpoint.json");
    const before = JSON.parse(readFileSync(endpointFile, "utf8")) as { secret: string };
    const statsBefore = await admin("stats", "--from", monday, "--to", monday);
    expect((await admin("counsellor", "supervisor", "alex", "on")).code).toBe(0);
    await stack.restartBot();
    const after = JSON.parse(readFileSync(endpointFile, "utf8")) as { secret: string; url: string };
    expect(after.secret).toBe(before.secret);
    expect(after.url).toBe(stack.bot.privateUrl);
    expect((await admin("status")).out).toMatch(/@alex:localhost .*supervisor/);
    expect((await admin("stats", "--from", monday, "--to", monday)).out).toBe(statsBefore.out);
    expect((await admin("counsellor", "supervisor", "alex", "off")).code).toBe(0);
  });

  it("should validate the config, naming the file and key of a mistake", async () => {
    const ok = await admin("config", "check");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`${botConfig}: valid.`);
    expect(ok.out).toMatch(/maintenant-jen-parle.yaml: valid \(helpline "maintenant-jen-parle"/);

    const broken = path.join(stack.dir, "broken.yaml");
    const text = readFileSync(botConfig, "utf8").replace(
      /registrationTokenLifetimeSeconds: \d+/,
      "registrationTokenLifetimeSeconds: 5",
    );
    writeFileSync(broken, text);
    let errors = "";
    const result = await runAdmin(["config", "check", "--config", broken], {
      out: () => {},
      err: (line) => (errors = line),
      env: {},
    });
    expect(result).toBe(1);
    expect(errors).toContain(`${broken}: registrationTokenLifetimeSeconds:`);
    const missing = path.join(stack.dir, "missing.yaml");
    const absent = await runAdmin(["status", "--config", missing], {
      out: () => {},
      err: (line) => (errors = line),
      env: {},
    });
    expect(absent).toBe(1);
    expect(errors).toBe(
      `error: ${missing} does not exist: pass --config <the bot's config>, or run npm start once for the local one.`,
    );
  });
});
