import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOptions } from "@helpline/scripts/deploy/options";
import { setupProduction } from "@helpline/scripts/deploy/setup";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson } from "../support/youth.ts";

// Synapse's login and registration limits (rc_login, rc_registration in
// synapse/homeserver.template.yaml) exactly as shipped: the test stack overrides none of them.
// Every request goes through the web server, as the console's, Element's and the youth page's do in
// production, so Synapse sees one client address for everybody, as it sees only Caddy's.

const team = Array.from({ length: 10 }, (_, i) => `intervenante${i + 1}`);
/** The account a stranger guesses at; not one of the team. */
const target = "dominique";

let stack: TestStack;
const passwords = new Map<string, string>();

beforeAll(async () => {
  stack = await startTestStack({
    counsellors: [...team, target].map((localpart) => ({ localpart })),
  });
  for (const counsellor of stack.counsellors) {
    passwords.set(counsellor.userId.slice(1).split(":")[0] ?? "", counsellor.password);
  }
});
afterAll(() => stack?.stop());

function passwordOf(localpart: string): string {
  const password = passwords.get(localpart);
  if (password === undefined) throw new Error(`no counsellor ${localpart}`);
  return password;
}

function member(index: number): string {
  const localpart = team[index];
  if (localpart === undefined) throw new Error(`no team member ${index}`);
  return localpart;
}

/** What the console sends when a counsellor presses "Se connecter". */
function logsIn(user: string, password: string) {
  return postJson(`${stack.webUrl}/_matrix/client/v3/login`, {
    type: "m.login.password",
    identifier: { type: "m.id.user", user },
    password,
    initial_device_display_name: "Console",
  });
}

const aWrongPassword = () => randomBytes(12).toString("base64url");

function countStatuses(answers: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const limitsTested = ["rc_login", "rc_registration"] as const;

function limitsIn(configFile: string): Record<string, unknown> {
  const config = YAML.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
  return Object.fromEntries(limitsTested.map((key) => [key, config[key]]));
}

it("should run the login and registration limits that `npm run setup:production` renders", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rate-limits-production-"));
  try {
    await setupProduction(
      parseOptions(
        ["--domain", "chat.example.org", "--email", "it@example.org", "--output", dir],
        {},
      ),
      { chown: false },
    );
    const production = limitsIn(path.join(dir, "production", "synapse", "homeserver.yaml"));
    expect(limitsIn(stack.rendered.configFile)).toEqual(production);
    expect(production.rc_login).toBeDefined();
    expect(production.rc_registration).toBeDefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("counsellors' logins (rc_login as shipped)", () => {
  it("should let ten counsellors log in within a minute while a stranger floods logins", async () => {
    // rc_login.address is one bucket for everybody behind the web server. When it held five, the
    // sixth login of the evening, a counsellor's or a stranger's, got 429 for minutes.
    const flood = (async () => {
      const answers: { status: number }[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: 20 }, () =>
              logsIn(`x${randomBytes(6).toString("hex")}`, aWrongPassword()),
            ),
          )),
        );
      }
      return answers;
    })();
    const started = Date.now();
    const statuses: number[] = [];
    for (const localpart of team) {
      const answer = await logsIn(localpart, passwordOf(localpart));
      statuses.push(answer.status);
      if (answer.status === 200) {
        expect(answer.body.user_id).toBe(`@${localpart}:${stack.serverName}`);
      }
    }
    expect(statuses).toEqual(team.map(() => 200));
    expect(Date.now() - started).toBeLessThan(60_000);
    // The stranger's 200 tries were refused as wrong (403), not slowed for everybody.
    expect(countStatuses(await flood)).toEqual({ 403: 200 });
  });

  it("should let a counsellor reload her console six times in a row", async () => {
    // rc_login.account: each console load is a new login and a new device (its crypto store lives
    // in memory only). With five, the sixth reload locked her out of her own account for minutes.
    const statuses: number[] = [];
    for (let reload = 0; reload < 6; reload += 1) {
      statuses.push((await logsIn(member(0), passwordOf(member(0)))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("should slow fifty wrong passwords against one account, refuse her right one meanwhile, and not her colleagues'", async () => {
    // rc_login.failed_attempts: five wrong passwords are checked (403), then Synapse refuses
    // before checking (429). Here one guesser tries password after password, as a script would.
    const checked: number[] = [];
    for (let guess = 0; guess < 5; guess += 1) {
      checked.push((await logsIn(target, aWrongPassword())).status);
    }
    expect(checked).toEqual([403, 403, 403, 403, 403]);
    // The other 45 at once, so the test need not wait the half second Synapse pauses before each
    // 429: they all find the bucket full, so none is checked.
    const slowed = await Promise.all(
      Array.from({ length: 45 }, () => logsIn(target, aWrongPassword())),
    );
    expect(countStatuses(slowed)).toEqual({ 429: 45 });
    for (const answer of slowed) {
      expect(answer.body.errcode).toBe("M_LIMIT_EXCEEDED");
      // One more try every ~333 s (0.003 per second).
      expect(answer.body.retry_after_ms).toBeGreaterThan(250_000);
    }
    // Synapse reads the bucket before the password: her right password is refused too, for
    // minutes. A stranger can lock this one counsellor out, not the team.
    const hers = await logsIn(target, passwordOf(target));
    expect(hers.status).toBe(429);
    expect(hers.body.retry_after_ms).toBeGreaterThan(250_000);
    expect((await logsIn(member(1), passwordOf(member(1)))).status).toBe(200);
  });

  it("should check every wrong password sent at once, beyond the five (the risk that remains)", async () => {
    // Synapse counts a failed attempt only once the password is checked, so guesses sent in
    // parallel all pass the check of the bucket first. docs/threat-model.md names this risk;
    // this test fails, and the document must change, the day Synapse closes it.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => logsIn(member(2), aWrongPassword())),
    );
    expect(countStatuses(answers)[403]).toBeGreaterThan(5);
  });
});

describe("youths' registrations (rc_registration as shipped)", () => {
  const shippedBurst = 60;
  const shippedPerSecond = 3;

  /**
   * A single-use registration token from the admin API, as the bot issues one per youth. Not one
   * token for all: eighty registrations using one token at once make PostgreSQL refuse some of
   * its updates of that row (serialization failures, answered 500), which no youth would meet.
   */
  async function aToken(): Promise<string> {
    const { status, body } = await postJson(
      `${stack.synapseUrl}/_synapse/admin/v1/registration_tokens/new`,
      { uses_allowed: 1, expiry_time: Date.now() + 3_600_000 },
      { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    );
    if (status !== 200 || typeof body.token !== "string") {
      throw new Error(`no registration token: ${status}`);
    }
    return body.token;
  }

  /**
   * The youth page's registration up to its last step: the password (hashed now, the slow part)
   * and the token stage. Only the dummy stage is left, and with it the account's creation, which
   * rc_registration counts.
   */
  async function registrationUpToTheLastStep(token: string): Promise<string> {
    const url = `${stack.webUrl}/_matrix/client/v3/register`;
    const first = await postJson(url, {
      username: `y${randomBytes(15).toString("hex")}`,
      password: randomBytes(32).toString("base64url"),
      inhibit_login: true,
    });
    const session = first.body.session;
    if (first.status !== 401 || typeof session !== "string") {
      throw new Error(`registration did not start: ${first.status}`);
    }
    const tokenStage = await postJson(url, {
      auth: { type: "m.login.registration_token", token, session },
    });
    if (tokenStage.status !== 401) throw new Error(`token stage: ${tokenStage.status}`);
    return session;
  }

  it("should accept a burst of sixty registrations through the web server and refuse the ones past it with 429", async () => {
    const sessions: string[] = [];
    while (sessions.length < shippedBurst + 20) {
      sessions.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, async () => registrationUpToTheLastStep(await aToken())),
        )),
      );
    }
    const started = Date.now();
    const answers = await Promise.all(
      sessions.map((session) =>
        postJson(`${stack.webUrl}/_matrix/client/v3/register`, {
          auth: { type: "m.login.dummy", session },
        }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const counts = countStatuses(answers);
    const accepted = counts[200] ?? 0;
    // Every answer is an account or the limit's refusal: compared whole, so that a failure shows
    // what else came.
    expect(counts).toEqual({ 200: accepted, 429: sessions.length - accepted });
    // The burst, plus what refilled while the requests were answered. Synapse checks the bucket
    // when a request arrives and records the action only once the account exists, so with eighty
    // requests in flight on a loaded machine some are refused short of the burst: 65 accepted on a
    // quiet run, 57 in CI, 49 with a load average of 8 on two cores. The lower bound allows for
    // that; the upper bound, which is the limit itself, does not.
    expect(accepted).toBeGreaterThanOrEqual(shippedBurst - 20);
    expect(accepted).toBeLessThanOrEqual(shippedBurst + Math.ceil(shippedPerSecond * seconds));
    expect(accepted).toBeLessThan(sessions.length);
    for (const answer of answers.filter(({ status }) => status === 429)) {
      expect(answer.body.errcode).toBe("M_LIMIT_EXCEEDED");
      // Synapse rounds the time until the next token down to whole milliseconds: a refusal just
      // before a refill says 0 (CI once saw it), so only a missing or negative delay is wrong.
      expect(answer.body.retry_after_ms).toBeGreaterThanOrEqual(0);
    }
    // Eighty password hashes (bcrypt, as shipped): ~15 s on a quiet 2-core machine, minutes on a
    // busy one.
  }, 300_000);
});
