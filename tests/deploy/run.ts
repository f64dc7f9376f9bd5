import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { solveProofOfWork } from "@helpline/bot/api/abuse/proof-of-work";
import { writeOpenAroundTheClock } from "@helpline/scripts/open-around-the-clock";
import { repoRoot } from "@helpline/scripts/paths";
import { absoluteFormTargets, hostileTargets } from "@helpline/scripts/web/probes";
import {
  consoleGoesOnDuty,
  consoleLogsIn,
  consoleMessages,
  consoleSends,
  openConsole,
  type ConsolePage,
} from "../support/console.ts";
import { launchChromium } from "../support/browser.ts";
import { describeFindings, findSecrets, type LogSource, type Secret } from "../support/logs.ts";
import { Compose, run } from "./compose.ts";
import { json, peerCertificate, rawTlsRequest, request, type Origin } from "./https.ts";
import {
  alertNames,
  loadedRules,
  looksLikePrometheus,
  prometheusGet,
  promQuery,
  type Sample,
} from "./prometheus.ts";

// `npm run test:deploy`: the production stack as an operator installs it (docs/deploy.md), proven
// from the outside. From a clean folder: `npm run setup:production`, `docker compose build`,
// `docker compose up -d --wait`, then everything through the one published HTTPS port, trusting
// only the certificate authority the stack itself created. Each step is timed and printed.
//
// Needs a Docker Engine with the compose plugin, and the base images: the upstream ones, or the
// stand-ins of scripts/src/deploy/stand-in-images.sh where the registry is out of reach (the test
// says which it ran on). It publishes ports 80 and 443 on this machine, as the compose file does.
// HELPLINE_DEPLOY_KEEP=1 leaves the stack and its folder in place after a failure, to look at.

/**
 * Under .localhost: the name resolves to this machine, and Caddy gives such names a certificate
 * from its own local authority instead of asking Let's Encrypt (which cannot reach a test
 * machine). That authority is the test CA: created by the stack at its first start, and the only
 * one this test trusts.
 */
const domain = "helpline.localhost";
const project = "helpline-deploytest";
const origin: Origin = { domain, address: "127.0.0.1", port: 443, ca: undefined };

interface Timing {
  name: string;
  seconds: number;
  ok: boolean;
}
const timings: Timing[] = [];

async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  process.stdout.write(`▶ ${name}\n`);
  const started = performance.now();
  try {
    const result = await body();
    const seconds = (performance.now() - started) / 1000;
    timings.push({ name, seconds, ok: true });
    process.stdout.write(`✔ ${name} (${seconds.toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    timings.push({ name, seconds, ok: false });
    process.stdout.write(`✘ ${name} (${seconds.toFixed(1)} s)\n`);
    throw error;
  }
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function eventually<T>(
  what: string,
  timeoutMs: number,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/** The tracked and untracked-but-not-ignored files of the repository, as a fresh clone has them. */
async function copyRepository(to: string): Promise<void> {
  const listed = await run(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: repoRoot,
    },
  );
  if (listed.code !== 0) throw new Error(`git ls-files: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0")) {
    if (file === "") continue;
    const from = path.join(repoRoot, file);
    let mode: number;
    try {
      mode = statSync(from).mode;
    } catch {
      continue; // deleted in the working tree, not yet in git
    }
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(from, path.join(to, file));
    chmodSync(path.join(to, file), mode & 0o777);
  }
  // `npm ci` as an operator would do takes a minute and changes nothing here: the setup script
  // runs with the repository's own packages. The images never see them (.dockerignore).
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(to, "node_modules"));
}

interface Youth {
  userId: string;
  accessToken: string;
  registrationToken: string;
  openIdToken: string;
  roomId: string;
}

/** A youth as the page drives one: proof of work, token, account, OpenID proof, conversation. */
async function youthStartsConversation(
  /** The status the bot must show: waiting when nobody is on duty, else an offer at once. */
  expected: readonly string[] = ["waiting"],
): Promise<Youth> {
  const challenge = await json(origin, "POST", "/api/challenges", { body: {} });
  const { challenge: text, difficultyBits } = challenge.body;
  check(
    challenge.status === 201 && typeof text === "string" && typeof difficultyBits === "number",
    `POST /api/challenges answered ${challenge.status}`,
  );
  const issued = await json(origin, "POST", "/api/registration-tokens", {
    body: { challenge: text, solution: solveProofOfWork(text, difficultyBits) },
  });
  const registrationToken = issued.body.token;
  check(
    issued.status === 201 && typeof registrationToken === "string",
    `POST /api/registration-tokens answered ${issued.status}`,
  );
  // Her account, as her page makes it: through production's Caddy to the youth-account module
  // of the Synapse container (synapse/modules/youth_accounts.py), no password.
  const registered = await json(origin, "POST", "/_synapse/client/org.helplinechat/youth_account", {
    body: { token: registrationToken, initial_device_display_name: "Web" },
  });
  check(registered.status === 200, `registration answered ${registered.status}`);
  const userId = registered.body.user_id as string;
  const accessToken = registered.body.access_token as string;
  const auth = { Authorization: `Bearer ${accessToken}` };
  const openId = await json(
    origin,
    "POST",
    `/_matrix/client/v3/user/${encodeURIComponent(userId)}/openid/request_token`,
    { body: {}, headers: auth },
  );
  check(openId.status === 200, `OpenID token refused: ${openId.status}`);
  const asked = await json(origin, "POST", "/api/conversations", {
    body: { registrationToken, openIdToken: openId.body },
  });
  check(
    asked.status === 201 && typeof asked.body.roomId === "string",
    `POST /api/conversations answered ${asked.status} ${JSON.stringify(asked.body)}`,
  );
  const roomId = asked.body.roomId as string;
  const joined = await json(
    origin,
    "POST",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
    {
      body: {},
      headers: auth,
    },
  );
  check(joined.status === 200, `joining the room answered ${joined.status}`);
  // The bot writes the youth's status in the room (waiting: nobody is on duty in this test).
  const status = await eventually(
    "the bot's status in the youth's room",
    30_000,
    () =>
      json(
        origin,
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/org.helplinechat.status/`,
        { headers: auth },
      ),
    (answer) => answer.status === 200,
  );
  check(
    expected.includes(String(status.body.state)),
    `the youth's status: ${JSON.stringify(status.body)}, expected ${expected.join(" or ")}`,
  );
  return {
    userId,
    accessToken,
    registrationToken,
    openIdToken: String(openId.body.access_token),
    roomId,
  };
}

interface Counsellor {
  localpart: string;
  password: string;
  accessToken?: string;
}

async function counsellorLogsIn(
  counsellor: Counsellor,
): Promise<{ status: number; token?: string }> {
  const { status, body } = await json(origin, "POST", "/_matrix/client/v3/login", {
    body: {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: counsellor.localpart },
      password: counsellor.password,
    },
  });
  return { status, ...(typeof body.access_token === "string" ? { token: body.access_token } : {}) };
}

/** Every container's log of the project, and Synapse's own log file in its volume. */
async function collectLogs(stack: Compose): Promise<LogSource[]> {
  const sources: LogSource[] = [];
  for (const id of await stack.allContainers()) {
    const name = (await stack.docker(["inspect", "--format", "{{.Name}}", id])).trim();
    const logs = await run("docker", ["logs", id], { cwd: stack.dir });
    sources.push({ name: `docker logs ${name}`, text: logs.stdout + logs.stderr });
  }
  const file = await stack.composeMayFail(["exec", "-T", "synapse", "cat", "/data/homeserver.log"]);
  if (file.code === 0) sources.push({ name: "synapse:/data/homeserver.log", text: file.stdout });
  return sources;
}

async function logsHoldNothingSecret(stack: Compose, secrets: Secret[]): Promise<void> {
  const sources = await collectLogs(stack);
  // The scan reads real logs: the bot's start is in them, or the collection is broken.
  check(
    sources.some((source) => source.text.includes("bot.")) && sources.length >= 5,
    `the logs read look empty: ${sources.map((s) => `${s.name} (${s.text.length} chars)`).join(", ")}`,
  );
  const findings = findSecrets(sources, secrets);
  check(findings.length === 0, `the logs hold what they must not:\n${describeFindings(findings)}`);
  process.stdout.write(
    `  ${sources.length} logs, ${sources.reduce((n, s) => n + s.text.length, 0)} characters, ${secrets.length} values looked for: none found\n`,
  );
}

/** Which bot container answers on the bot's API port: the active one (the standby opens none). */
async function activeBots(stack: Compose): Promise<string[]> {
  const ids = await stack.allRunningBots();
  const active: string[] = [];
  for (const id of ids) {
    const probe = await run(
      "docker",
      [
        "exec",
        id,
        "node",
        "-e",
        "fetch('http://127.0.0.1:8090/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
      ],
      { cwd: stack.dir, timeoutMs: 30_000 },
    );
    if (probe.code === 0) active.push(id);
  }
  return active;
}

/**
 * helpline-admin in the bot container that holds the lock: with the standby profile either
 * service may be the active one (the waiting one refuses commands that need the bot).
 */
async function adminInActiveBot(stack: Compose, args: readonly string[]): Promise<string> {
  return stack.docker(["exec", await theActiveBot(stack), "helpline-admin", ...args]);
}

/** The one bot container holding the lock, once exactly one answers (within a minute). */
async function theActiveBot(stack: Compose, failure = "no active bot"): Promise<string> {
  const [active] = await eventually(
    "one active bot",
    60_000,
    () => activeBots(stack),
    (ids) => ids.length === 1,
  );
  if (active === undefined) throw new Error(failure);
  return active;
}

/**
 * The root certificate of the stack's own authority, once the domain's certificate is served.
 * Caddy issues it in the background after it starts (as it asks Let's Encrypt in production):
 * healthy is not yet serving TLS. A new caddy-data volume is a new authority.
 */
async function stackAuthority(stack: Compose): Promise<string> {
  const root = await eventually(
    "Caddy's local authority",
    60_000,
    () => stack.compose(["exec", "-T", "web", "cat", "/data/caddy/pki/authorities/local/root.crt"]),
    (read) => read.stdout.includes("BEGIN CERTIFICATE"),
  );
  await eventually(
    "a certificate for the domain",
    60_000,
    () => peerCertificate({ ...origin, ca: root.stdout }),
    (certificate) => certificate.checkHost(domain) === domain,
  );
  return root.stdout;
}

function sentence(label: string): string {
  // Plain ASCII, so it would appear byte for byte in a database dump if it were stored in clear.
  return `${label} ${randomBytes(12).toString("hex")} is a sentence nobody else wrote`;
}

/**
 * Debian's Chromium as tests/support/browser.ts launches it, trusting the stack's certificate by
 * its key (the SPKI pin of the leaf the published port presents), and no other. Names under
 * .localhost resolve to this machine in Chromium itself.
 */
function launchBrowser(spkiSha256: string): Promise<Browser> {
  return launchChromium([`--ignore-certificate-errors-spki-list=${spkiSha256}`]);
}

async function youthStartsInBrowser(page: Page): Promise<void> {
  await page.goto(`https://${domain}/`);
  await page.getByTestId("start-button").click();
  await expect.poll(() => page.getByTestId("composer").isEnabled(), { timeout: 90_000 }).toBe(true);
}

async function youthSends(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer").fill(text);
  await page.getByTestId("send-button").click();
}

async function youthReads(page: Page, text: string): Promise<void> {
  await expect
    .poll(() => page.locator('[data-testid="message"][data-from="counsellor"]').allTextContents(), {
      timeout: 90_000,
    })
    .toEqual(expect.arrayContaining([expect.stringContaining(text)]));
}

async function consoleReads(page: Page, text: string): Promise<void> {
  await expect
    .poll(async () => (await consoleMessages(page)).texts, { timeout: 90_000 })
    .toEqual(expect.arrayContaining([text]));
  expect((await consoleMessages(page)).unreadable).toBe(0);
}

async function consoleAcceptsOffer(page: Page): Promise<void> {
  const offer = page.locator('[data-testid="offer"][data-state="offered"]');
  await expect.poll(() => offer.count(), { timeout: 90_000 }).toBe(1);
  const reference = await offer.getAttribute("data-reference");
  await offer.getByTestId("offer-accept").click();
  await expect
    .poll(() => page.locator(`[data-testid="chat"][data-reference="${reference}"]`).isVisible(), {
      timeout: 60_000,
    })
    .toBe(true);
}

/** Which of these texts a plain dump of Synapse's database holds (pg_dump in its container). */
async function inDatabaseDump(stack: Compose, texts: readonly string[]): Promise<string[]> {
  const dump = await stack.compose(
    ["exec", "-T", "postgres", "pg_dump", "-U", "synapse", "synapse"],
    {
      timeoutMs: 300_000,
    },
  );
  return texts.filter((text) => dump.stdout.includes(text));
}

/**
 * On failure: which containers are not running or not healthy, and the end of their logs. Those
 * logs hold only this run's throwaway values, and the step's message alone rarely says why.
 */
async function showFailedContainers(stack: Compose): Promise<void> {
  for (const id of await stack.allContainers()) {
    const state = (
      await stack.docker([
        "inspect",
        "--format",
        "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
        id,
      ])
    ).trim();
    if (/ running healthy$/.test(state)) continue;
    const logs = await run("docker", ["logs", "--tail", "30", id], { cwd: stack.dir });
    process.stdout.write(`--- ${state}\n${logs.stdout}${logs.stderr}\n`);
  }
}

export async function deployTest(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "helpline-deploy-"));
  // Docker's client needs the buildx plugin for BuildKit; without it, the classic builder.
  const buildx = await run("docker", ["buildx", "version"], { cwd: dir });
  const stack = new Compose(dir, project, buildx.code === 0 ? {} : { DOCKER_BUILDKIT: "0" });
  const secrets: Secret[] = [];
  const counsellors: Counsellor[] = [];
  let youth: Youth | undefined;
  /** The counsellor setup:production lists in bot.yaml, created as docs/deploy.md says. */
  const first = { userId: `@intervenante:${domain}`, password: "" };
  let browser: Browser | undefined;
  let spki = "";
  let chat: { youth: Page; console: ConsolePage } | undefined;
  const said: string[] = [];
  /** Prometheus's `up` for both targets, both 1: looked up again after `down` and `up`. */
  let scraped: Sample[] = [];
  let passed = false;
  process.stdout.write(`Deploy test in ${dir} (compose project ${project}, https://${domain}/)\n`);
  try {
    await step("docker and compose answer", async () => {
      await stack.docker(["info", "--format", "{{.ServerVersion}}"]);
      await stack.docker(["compose", "version"]);
    });

    await step(
      "a clean folder: the repository's files, no production/, .env naming the project only",
      async () => {
        await copyRepository(dir);
        // The project's own name, in .env as an operator would set it (the setup keeps it): its
        // containers and volumes are apart from any other installation on this machine.
        writeFileSync(path.join(dir, ".env"), `COMPOSE_PROJECT_NAME=${project}\n`, { mode: 0o600 });
        // A helpline open around the clock, so the test does not depend on the hour it runs at.
        writeOpenAroundTheClock(path.join(dir, "config", "helplines", "deploy-test-open.yaml"));
      },
    );

    await step("npm run setup:production", async () => {
      const setup = await run(
        "npm",
        [
          "run",
          "--silent",
          "setup:production",
          "--",
          "--domain",
          domain,
          "--email",
          "it@example.org",
          "--helplines",
          // The default first; then an adults' service and the ended pilot, as shipped, side by
          // side on the same bot (issue 16).
          "deploy-test-open,sos-viol,chat-violences-sexuelles",
          "--standby",
          "on",
          "--monitoring",
          "on",
        ],
        { cwd: dir, timeoutMs: 120_000 },
      );
      check(setup.code === 0, `setup failed: ${setup.stderr}`);
      check((statSync(path.join(dir, ".env")).mode & 0o777) === 0o600, ".env is not mode 600");
      const env = readFileSync(path.join(dir, ".env"), "utf8");
      // The profiles every `docker compose up` starts from then on, as for an operator.
      check(
        /^COMPOSE_PROFILES=standby,monitoring$/m.test(env),
        `.env: ${/^COMPOSE_PROFILES=.*$/m.exec(env)?.[0] ?? "no COMPOSE_PROFILES"}`,
      );
      for (const key of ["POSTGRES_PASSWORD", "BOT_LOCK_PASSWORD"]) {
        const value = new RegExp(`^${key}=(.+)$`, "m").exec(env)?.[1];
        check(value !== undefined && value.length >= 32, `.env: ${key} is not a generated secret`);
        check(
          !setup.stdout.includes(value) && !setup.stderr.includes(value),
          `setup printed ${key}`,
        );
        secrets.push({ kind: "server secret", label: key, value });
      }
      const botSecrets = JSON.parse(
        readFileSync(path.join(dir, "production", "bot", "secrets.json"), "utf8"),
      ) as { registrationSharedSecret: string };
      secrets.push({
        kind: "server secret",
        label: "registration shared secret",
        value: botSecrets.registrationSharedSecret,
      });
      // Leftovers of an earlier run that was stopped before its clean-up.
      await stack.compose(["down", "--volumes", "--remove-orphans"]);
    });

    await step("base images: upstream or stand-in", async () => {
      for (const image of [
        "node:22-bookworm-slim",
        "matrixdotorg/synapse:v1.160.0",
        "postgres:16-alpine",
        "caddy:2.10.2-alpine",
        "prom/prometheus:v3.5.0",
      ]) {
        const label = await run(
          "docker",
          [
            "image",
            "inspect",
            "--format",
            '{{ index .Config.Labels "org.helpline.stand-in" }}',
            image,
          ],
          { cwd: dir },
        );
        const kind =
          label.code !== 0
            ? "absent (compose will pull it)"
            : /^\s*(<no value>)?\s*$/.test(label.stdout)
              ? "upstream"
              : "STAND-IN (scripts/src/deploy/stand-in-images.sh)";
        process.stdout.write(`  ${image}: ${kind}\n`);
      }
    });

    await step("docker compose build", async () => {
      await stack.compose(
        [
          "-f",
          "docker-compose.yml",
          "-f",
          path.join("tests", "deploy", "compose.build-network.yml"),
          "build",
          "bot",
          "web",
        ],
        { timeoutMs: 1_500_000 },
      );
    });

    // docs/deploy.md, steps 3 and 4: the server first, the first counsellor, then everything.
    await step("docker compose up -d --wait postgres synapse", async () => {
      await stack.compose(
        ["up", "--detach", "--wait", "--wait-timeout", "300", "postgres", "synapse"],
        { timeoutMs: 400_000 },
      );
    });

    await step(
      "first counsellor: docker compose run --rm bot helpline-admin counsellor add",
      async () => {
        const added = await stack.compose(
          [
            "run",
            "--rm",
            "-T",
            "bot",
            "helpline-admin",
            "counsellor",
            "add",
            "intervenante",
            "--display-name",
            "Camille",
          ],
          { timeoutMs: 180_000 },
        );
        const password = /Password \(shown once[^)]*\): (\S+)/.exec(added.stdout)?.[1];
        check(password !== undefined, "counsellor add printed no password for intervenante");
        first.password = password;
        secrets.push({ kind: "password", label: "intervenante's password", value: password });
      },
    );

    await step("docker compose up -d --wait", async () => {
      await stack.compose(["up", "--detach", "--wait", "--wait-timeout", "300"], {
        timeoutMs: 400_000,
      });
    });

    await step(
      "TLS: a certificate for the domain from the stack's own CA, and only that",
      async () => {
        const ca = await stackAuthority(stack);
        const untrusted = await request(origin, "GET", "/").then(
          () => "accepted",
          (error: Error & { code?: string }) => error.code ?? error.message,
        );
        check(untrusted !== "accepted", "the certificate is trusted without the test CA");
        origin.ca = ca;
        const page = await request(origin, "GET", "/");
        check(page.status === 200 && page.text.includes("<html"), `GET / answered ${page.status}`);
        check(
          String(page.headers["strict-transport-security"]).includes("max-age="),
          "no HSTS header on the page",
        );
        check(
          String(page.headers["content-security-policy"]).includes("default-src 'self'"),
          "no CSP header on the page",
        );
        const leaf = await peerCertificate(origin);
        spki = createHash("sha256")
          .update(leaf.publicKey.export({ type: "spki", format: "der" }))
          .digest("base64");
        check(
          leaf.checkHost(domain) === domain,
          `the certificate is not for ${domain}: ${leaf.subjectAltName}`,
        );
        process.stdout.write(
          `  ${untrusted} without the test CA; with it: ${leaf.subjectAltName}, issued by ${leaf.issuer.replace(/\n/g, ", ")}\n`,
        );
        // Port 80 only sends browsers to HTTPS.
        const plain = await run(
          "curl",
          [
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{redirect_url}",
            "-H",
            `Host: ${domain}`,
            "http://127.0.0.1/api/ready",
          ],
          { cwd: dir },
        );
        check(
          /^30[18] https:\/\/helpline\.localhost\/api\/ready/.test(plain.stdout),
          `port 80 answered: ${plain.stdout}`,
        );
      },
    );

    await step("health and readiness answer through HTTPS", async () => {
      for (const target of ["/api/health", "/api/ready", "/_matrix/client/versions", "/console"]) {
        const answer = await request(origin, "GET", target);
        check(
          answer.status === 200,
          `GET ${target} answered ${answer.status}: ${answer.text.slice(0, 200)}`,
        );
      }
      const wellKnown = await json(origin, "GET", "/.well-known/matrix/client");
      check(
        JSON.stringify(wellKnown.body) ===
          JSON.stringify({ "m.homeserver": { base_url: `https://${domain}` } }),
        `well-known: ${JSON.stringify(wellKnown.body)}`,
      );
    });

    await step("several helplines: each one's page and API at its own address", async () => {
      for (const target of ["/sos-viol/", "/sos-viol/console", "/chat-violences-sexuelles/"]) {
        const answer = await request(origin, "GET", target);
        check(
          answer.status === 200 && answer.text.includes('<div id="root">'),
          `GET ${target} answered ${answer.status}: ${answer.text.slice(0, 200)}`,
        );
      }
      const adults = await json(origin, "GET", "/api/h/sos-viol/helpline");
      check(
        adults.body.id === "sos-viol" &&
          adults.body.audience === "adults" &&
          adults.body.asksWhoIsWriting === true,
        `sos-viol: ${JSON.stringify(adults.body).slice(0, 200)}`,
      );
      const pilot = await json(origin, "GET", "/api/h/chat-violences-sexuelles/helpline");
      check(
        typeof pilot.body.ended === "object" && pilot.body.ended !== null,
        `the pilot does not say it ended: ${JSON.stringify(pilot.body).slice(0, 200)}`,
      );
      const refused = await json(origin, "POST", "/api/h/chat-violences-sexuelles/challenges", {
        body: {},
        headers: { Origin: `https://${domain}` },
      });
      check(refused.status === 410, `the ended pilot answered ${refused.status}, not 410`);
      const unknown = await json(origin, "GET", "/api/h/no-such-helpline/status");
      check(unknown.status === 404, `an unknown helpline answered ${unknown.status}, not 404`);
    });

    youth = await step(
      "a youth starts a conversation (account and room from the bot)",
      async () => {
        const started = await youthStartsConversation();
        secrets.push(
          { kind: "access token", label: "youth's access token", value: started.accessToken },
          {
            kind: "registration token",
            label: "youth's registration token",
            value: started.registrationToken,
          },
          { kind: "OpenID token", label: "youth's OpenID token", value: started.openIdToken },
        );
        return started;
      },
    );

    await step("ten counsellors created with helpline-admin (docker compose exec)", async () => {
      for (let n = 1; n <= 10; n++) {
        const localpart = `deploy-counsellor-${n}`;
        const added = await stack.compose(
          ["exec", "-T", "bot", "helpline-admin", "counsellor", "add", localpart],
          {
            timeoutMs: 120_000,
          },
        );
        const password = /Password \(shown once[^)]*\): (\S+)/.exec(added.stdout)?.[1];
        check(password !== undefined, `counsellor add printed no password for ${localpart}`);
        counsellors.push({ localpart, password });
        secrets.push({ kind: "password", label: `${localpart}'s password`, value: password });
      }
    });

    await step("ten counsellors log in within a minute, from one address", async () => {
      const started = performance.now();
      const results = await Promise.all(
        counsellors.map((counsellor) => counsellorLogsIn(counsellor)),
      );
      const seconds = (performance.now() - started) / 1000;
      const refused = results
        .filter((result) => result.status !== 200)
        .map((result) => result.status);
      check(refused.length === 0, `logins refused: ${refused.join(", ")}`);
      check(seconds < 60, `ten logins took ${seconds.toFixed(1)} s`);
      results.forEach((result, index) => {
        const counsellor = counsellors[index];
        if (counsellor && result.token) {
          counsellor.accessToken = result.token;
          secrets.push({
            kind: "access token",
            label: `${counsellor.localpart}'s access token`,
            value: result.token,
          });
        }
      });
      process.stdout.write(`  10 logins in ${seconds.toFixed(1)} s, none refused\n`);
    });

    await step(
      "a youth in Chromium and the counsellor's console talk, end-to-end encrypted",
      async () => {
        browser = await launchBrowser(spki);
        // The first youth (the API's) leaves: the next one to wait is the browser's, alone.
        check(youth !== undefined, "no first youth");
        const left = await json(
          origin,
          "POST",
          `/_matrix/client/v3/rooms/${encodeURIComponent(youth.roomId)}/leave`,
          { body: {}, headers: { Authorization: `Bearer ${youth.accessToken}` } },
        );
        check(left.status === 200, `the first youth could not leave: ${left.status}`);
        const console = await openConsole(browser, `https://${domain}`);
        console.page.on("response", (response) => {
          const { pathname } = new URL(response.url());
          if (pathname.startsWith("/api/counsellor/") && response.request().method() !== "GET") {
            process.stdout.write(
              `  console: ${response.request().method()} ${pathname} → ${response.status()}\n`,
            );
          }
        });
        await consoleLogsIn(console.page, first);
        await consoleGoesOnDuty(console.page);
        // The bot's own view, not only the button's: she is on duty.
        await eventually(
          "the bot to see the counsellor on duty",
          30_000,
          () => adminInActiveBot(stack, ["status"]),
          (status) => /@intervenante:\S+\s+on duty/.test(status),
        );
        const youthPage = await (await browser.newContext()).newPage();
        await youthStartsInBrowser(youthPage);
        chat = { youth: youthPage, console };
        const fromYouth = sentence("youth");
        said.push(fromYouth);
        await youthSends(youthPage, fromYouth);
        await consoleAcceptsOffer(console.page);
        await consoleReads(console.page, fromYouth);
        const fromCounsellor = sentence("counsellor");
        said.push(fromCounsellor);
        await consoleSends(console.page, fromCounsellor);
        await youthReads(youthPage, fromCounsellor);
        check(
          console.foreignRequests.length === 0,
          `the console reached ${console.foreignRequests.join(", ")}`,
        );
      },
    );

    await step("nothing of the conversation is readable in PostgreSQL (pg_dump)", async () => {
      // The dump is real and complete: the counsellor's id is in it, in clear, as it should be.
      const found = await inDatabaseDump(stack, [...said, first.userId]);
      check(
        found.includes(first.userId),
        "the dump does not hold the counsellor's id: not a real dump",
      );
      const readable = found.filter((text) => text !== first.userId);
      check(readable.length === 0, `readable in the database: ${readable.join(" | ")}`);
    });

    await step(
      "monitoring profile: Prometheus scrapes the bot and Synapse, alert rules loaded",
      async () => {
        // Started by `up` with the profile setup:production wrote in .env. Scrapes and rule
        // evaluations come every 30 s (config/prometheus.yml): by now they have, or soon will.
        const [id] = await stack.containers("prometheus");
        check(id !== undefined, "no prometheus container: the monitoring profile did not start");
        const targets = (samples: Sample[]) =>
          ["helpline-bot", "synapse"].map((job) => samples.find((s) => s.labels.job === job));
        scraped = await eventually(
          "up = 1 for the bot and Synapse",
          120_000,
          () => promQuery(stack, "up"),
          (samples) => targets(samples).every((sample) => sample?.value === "1"),
        );
        // Every rule of config/prometheus-alerts.yml loaded, and evaluated without error (an
        // expression Prometheus cannot run would be "err", with lastError).
        const expected = alertNames(
          readFileSync(path.join(dir, "config", "prometheus-alerts.yml"), "utf8"),
        );
        check(expected.length >= 5, `config/prometheus-alerts.yml names ${expected.length} alerts`);
        const rules = await eventually(
          "every alert rule loaded and evaluated",
          120_000,
          () => loadedRules(stack),
          (loaded) =>
            expected.every((name) =>
              loaded.some(
                (rule) => rule.name === name && rule.type === "alerting" && rule.health === "ok",
              ),
            ),
        );
        const broken = rules.filter((rule) => rule.health === "err");
        check(broken.length === 0, `rules in error: ${JSON.stringify(broken)}`);
        // Nothing published, and only on the internal network (no route out, none in).
        const [bindings = "", networks = ""] = (
          await stack.docker([
            "inspect",
            "--format",
            "{{json .HostConfig.PortBindings}}|{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}",
            id,
          ])
        )
          .trim()
          .split("|");
        const published = Object.keys(
          (JSON.parse(bindings) as Record<string, unknown> | null) ?? {},
        );
        check(published.length === 0, `prometheus publishes ${published.join(", ")}`);
        check(networks.trim() === `${project}_internal`, `prometheus is on ${networks.trim()}`);
        // Its data in the named volume, where the TSDB is being written (by the user nobody).
        const mounts = JSON.parse(
          await stack.docker(["inspect", "--format", "{{json .Mounts}}", id]),
        ) as { Type: string; Name?: string; Destination: string }[];
        const data = mounts.find((mount) => mount.Destination === "/prometheus");
        check(
          data?.Type === "volume" && data.Name === `${project}_prometheus-data`,
          `/prometheus is not the named volume: ${JSON.stringify(data)}`,
        );
        const tsdb = (await stack.compose(["exec", "-T", "prometheus", "ls", "/prometheus"])).stdout
          .split("\n")
          .filter((line) => line !== "");
        check(tsdb.includes("wal"), `no write-ahead log in /prometheus: ${tsdb.join(", ")}`);
        const said = await stack.compose(["exec", "-T", "prometheus", "prometheus", "--version"]);
        const version = (said.stdout || said.stderr).split("\n")[0];
        process.stdout.write(
          `  ${version}; up = 1 for ${targets(scraped)
            .map((sample) => `${sample?.labels.job} (${sample?.labels.instance})`)
            .join(" and ")}; ${expected.length} alert rules loaded and evaluated; ` +
            `TSDB (${tsdb.join(", ")}) in ${data.Name}; no port published\n`,
        );
      },
    );

    await step(
      "docker compose restart synapse mid-conversation: messages flow, no reload",
      async () => {
        const open = chat;
        check(open !== undefined, "no conversation open");
        const navigations: string[] = [];
        open.youth.on("framenavigated", (frame) => {
          if (frame === open.youth.mainFrame()) navigations.push(frame.url());
        });
        await stack.compose(["restart", "synapse"], { timeoutMs: 180_000 });
        const fromYouth = sentence("youth after restart");
        const fromCounsellor = sentence("counsellor after restart");
        said.push(fromYouth, fromCounsellor);
        // Sent while Synapse may still be starting: the page must get it through by itself.
        await youthSends(open.youth, fromYouth);
        await consoleReads(open.console.page, fromYouth);
        await consoleSends(open.console.page, fromCounsellor);
        await youthReads(open.youth, fromCounsellor);
        check(navigations.length === 0, `the youth's page reloaded: ${navigations.join(", ")}`);
      },
    );

    await step("only the web server publishes ports", async () => {
      const checked: string[] = [];
      for (const id of await stack.allContainers()) {
        const [name = "", bindings = ""] = (
          await stack.docker([
            "inspect",
            "--format",
            "{{.Name}}|{{json .HostConfig.PortBindings}}",
            id,
          ])
        )
          .trim()
          .split("|");
        checked.push(name);
        const published = Object.keys(
          (JSON.parse(bindings) as Record<string, unknown> | null) ?? {},
        );
        if (name.includes("-web-")) {
          check(
            published.sort().join(",") === "443/tcp,443/udp,80/tcp",
            `${name} publishes ${published.join(", ")}`,
          );
        } else {
          check(published.length === 0, `${name} publishes ${published.join(", ")}`);
        }
      }
      // What really listens on this machine for Docker (its proxy of published ports): 80 and
      // 443 only. The internal ports themselves may be taken by this machine's own services
      // (CI's PostgreSQL is on 5432), so they are checked by owner, not by knocking.
      const sockets = await run("ss", ["-H", "-l", "-t", "-u", "-n", "-p"], { cwd: dir });
      check(sockets.code === 0, `ss failed: ${sockets.stderr}`);
      const proxied = sockets.stdout
        .split("\n")
        .filter((line) => line.includes('"docker-proxy"'))
        .map((line) => `${line.split(/\s+/)[0]}/${/:(\d+)\s/.exec(line)?.[1]}`);
      check(proxied.length > 0, "no docker-proxy listens: the check cannot see published ports");
      const unexpected = proxied.filter((p) => !["tcp/80", "tcp/443", "udp/443"].includes(p));
      check(unexpected.length === 0, `Docker publishes ${unexpected.join(", ")}`);
      // The optional services were among those checked, not left out.
      for (const service of ["bot-standby", "prometheus"]) {
        check(
          checked.some((name) => name.includes(`-${service}-`)),
          `no ${service} container checked: ${checked.join(", ")}`,
        );
      }
    });

    await step(
      "admin API, bot private API and metrics unreachable through HTTPS (raw requests)",
      async () => {
        // The detectors first, on what the internal services really answer, so they can fire.
        // In the active bot: with the standby profile, `exec bot` may land in the waiting one.
        const [active] = await activeBots(stack);
        check(active !== undefined, "no active bot");
        const metrics = await run(
          "docker",
          [
            "exec",
            active,
            "node",
            "-e",
            "fetch('http://127.0.0.1:9464/metrics').then((r) => r.text()).then((t) => process.stdout.write(t))",
          ],
          { cwd: stack.dir },
        );
        const isMetrics = (text: string) => /^# (TYPE|HELP) /m.test(text);
        check(isMetrics(metrics.stdout), "the detector does not recognise the bot's own metrics");
        for (const target of ["/api/v1/query?query=up", "/-/healthy"]) {
          check(
            looksLikePrometheus(await prometheusGet(stack, target)),
            `the detector does not recognise Prometheus's own answer to ${target}`,
          );
        }
        // Synapse's admin API answers an unauthenticated request with M_MISSING_TOKEN, as the
        // client API does for whoami: that is the sign a request reached it.
        const reachedSynapseAuth = (answer: { status: number; text: string }) =>
          answer.status === 401 && answer.text.includes("M_MISSING_TOKEN");
        const control = await rawTlsRequest(origin, "/_matrix/client/v3/account/whoami");
        check(
          reachedSynapseAuth(control),
          `the control request did not reach Synapse: ${control.status}`,
        );
        const probes: { target: string; host?: string }[] = [
          ...hostileTargets.map((target) => ({ target })),
          ...absoluteFormTargets("synapse:8008").map((target) => ({ target })),
          ...absoluteFormTargets(domain).map((target) => ({ target })),
          { target: "/_synapse/admin/v1/server_version" },
          { target: "/_synapse/metrics" },
          { target: "/metrics" },
          { target: "/api/metrics" },
          { target: "/api/../metrics" },
          { target: "/api/%2e%2e/metrics" },
          { target: "/api/admin/status" },
          { target: "http://bot:9464/metrics" },
          { target: "http://synapse:9000/_synapse/metrics" },
          { target: "/metrics", host: "bot:9464" },
          { target: "/_synapse/metrics", host: "synapse:9000" },
          { target: "/_synapse/admin/v1/users", host: "synapse:8008" },
          { target: "/api/v1/query?query=up" },
          { target: "http://prometheus:9090/api/v1/query?query=up" },
          { target: "/api/v1/query?query=up", host: "prometheus:9090" },
          { target: "/-/healthy", host: "prometheus:9090" },
        ];
        const leaks: string[] = [];
        for (const probe of probes) {
          const answer = await rawTlsRequest(origin, probe.target, probe.host);
          const adminTarget = /_synapse|%5fsynapse/i.test(probe.target);
          if (
            isMetrics(answer.text) ||
            looksLikePrometheus(answer.text) ||
            (adminTarget && reachedSynapseAuth(answer))
          ) {
            leaks.push(
              `${probe.target}${probe.host ? ` (Host: ${probe.host})` : ""} → ${answer.status}`,
            );
          }
          check(answer.status !== 0, `no HTTP answer to ${probe.target}`);
        }
        check(leaks.length === 0, `reached through the published port:\n${leaks.join("\n")}`);
        process.stdout.write(`  ${probes.length} raw requests, none reached them\n`);
      },
    );

    await step("container logs hold no token, password, secret or client address", async () => {
      // What Caddy sees as the client's address: the public network's gateway (Docker's proxy
      // of the published port), and this machine's loopback.
      const networks = await stack.docker([
        "network",
        "inspect",
        `${project}_public`,
        "--format",
        "{{range .IPAM.Config}}{{.Gateway}} {{end}}",
      ]);
      for (const address of networks
        .trim()
        .split(/\s+/)
        .filter((a) => a !== "")) {
        secrets.push({
          kind: "client address",
          label: "client address (public gateway)",
          value: address,
        });
      }
      check(
        secrets.some((s) => s.kind === "client address"),
        "no gateway address found for the public network",
      );
      for (const text of said)
        secrets.push({ kind: "message text", label: "a message", value: text });
      await logsHoldNothingSecret(stack, secrets);
    });

    await step("docker compose down, then up: the data is still there", async () => {
      await stack.compose(["down"]);
      check((await stack.allContainers()).length === 0, "containers left after down");
      await stack.compose(["up", "--detach", "--wait", "--wait-timeout", "300"], {
        timeoutMs: 400_000,
      });
      const counsellor = counsellors[0];
      check(counsellor !== undefined && youth !== undefined, "nothing was created before");
      const login = await counsellorLogsIn(counsellor);
      check(login.status === 200, `the counsellor's login after down/up: ${login.status}`);
      if (login.token)
        secrets.push({ kind: "access token", label: "counsellor's new token", value: login.token });
      const whoami = await json(origin, "GET", "/_matrix/client/v3/account/whoami", {
        headers: { Authorization: `Bearer ${youth.accessToken}` },
      });
      check(
        whoami.status === 200 && whoami.body.user_id === youth.userId,
        `the youth's account: ${whoami.status}`,
      );
      // The bot's state volume: the counsellor and the browser youth's conversation are still
      // known to it.
      // After a restart either bot service may hold the lock: the command runs in the active
      // one, and in the waiting one it says where to go instead.
      const active = await theActiveBot(stack, "no active bot");
      const status = await stack.docker(["exec", active, "helpline-admin", "status"]);
      check(status.includes(first.userId), `status after down/up:\n${status}`);
      const waiting = (await stack.allRunningBots()).find((id) => id !== active);
      check(waiting !== undefined, "no standby bot");
      const inStandby = await run("docker", ["exec", waiting, "helpline-admin", "status"], {
        cwd: dir,
      });
      check(
        inStandby.code !== 0 && inStandby.stderr.includes("runs the standby bot"),
        `helpline-admin status in the standby container: ${inStandby.code} ${inStandby.stderr}`,
      );
      check(
        Number(/Conversations in progress: (\d+)/.exec(status)?.[1] ?? 0) >= 1,
        `no conversation in progress after down/up:\n${status}`,
      );
      // Prometheus's volume: what it scraped before `down` is still there (an anonymous volume,
      // new with the new container, would have lost it). Queried at the instant it was read then.
      const before = scraped[0];
      check(before !== undefined, "nothing was scraped before down");
      const kept = await eventually(
        "the samples scraped before down, from Prometheus after up",
        60_000,
        () => promQuery(stack, "up", before.at),
        (samples) => samples.length > 0,
      );
      const summary = (samples: Sample[]) =>
        samples
          .map((sample) => `${sample.labels.job}=${sample.value}`)
          .sort()
          .join(" ");
      check(
        summary(kept) === summary(scraped),
        `Prometheus's data before down: ${summary(scraped)}; after up: ${summary(kept)}`,
      );
    });

    await step("docker kill of the active bot: the standby takes over", async () => {
      const before = await eventually(
        "one active bot",
        60_000,
        () => activeBots(stack),
        (ids) => ids.length === 1,
      );
      const killed = before[0] ?? "";
      const killedAt = performance.now();
      await stack.docker(["kill", killed]);
      const after = await eventually(
        "the standby to answer",
        90_000,
        () => activeBots(stack),
        (ids) => ids.length === 1 && ids[0] !== killed,
      );
      await eventually(
        "/api/ready through HTTPS",
        60_000,
        () => request(origin, "GET", "/api/ready"),
        (answer) => answer.status === 200,
      );
      const seconds = (performance.now() - killedAt) / 1000;
      // The conversation in the browser goes on (it never went through the bot), and the new
      // bot takes a new youth and offers her to the counsellor on duty, once.
      const open = chat;
      check(open !== undefined, "no conversation open");
      const fromYouth = sentence("youth after the bot was killed");
      said.push(fromYouth);
      await youthSends(open.youth, fromYouth);
      await consoleReads(open.console.page, fromYouth);
      const next = await youthStartsConversation(["waiting", "counsellor_joining"]);
      const offers = open.console.page.locator('[data-testid="offer"][data-state="offered"]');
      await expect.poll(() => offers.count(), { timeout: 60_000 }).toBe(1);
      // Given time to offer her twice, it does not.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      check((await offers.count()) === 1, `offers after the takeover: ${await offers.count()}`);
      // She takes that youth: nothing is left pending. An offer still open when the backup below
      // is taken would expire in the restored bot (90 s after it was made, as it should), and
      // change the statistics that step compares.
      await offers.getByTestId("offer-accept").click();
      await eventually(
        "the bot to see the second youth with the counsellor, nobody queued",
        60_000,
        () => adminInActiveBot(stack, ["status"]),
        (status) =>
          /@intervenante:\S+\s+on duty, 2 conversation\(s\)/.test(status) &&
          status.includes("Queue: empty"),
      );
      secrets.push(
        { kind: "access token", label: "second youth's access token", value: next.accessToken },
        {
          kind: "registration token",
          label: "second youth's token",
          value: next.registrationToken,
        },
      );
      process.stdout.write(
        `  ${after[0]?.slice(0, 12)} took over from ${killed.slice(0, 12)}; ready again ${seconds.toFixed(1)} s after the kill\n`,
      );
    });

    await step("backup with helpline-admin, restored into a fresh stack", async () => {
      // docs/deploy.md, section 7, as an operator types it in the helpline's folder.
      const statsArgs = () => {
        const day = (offset: number) =>
          new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
        return ["stats", "--from", day(-2), "--to", day(2), "--format", "json"];
      };
      const active = await theActiveBot(stack, "no active bot");
      const statsBefore = await stack.docker(["exec", active, "helpline-admin", ...statsArgs()]);
      // The first youth's conversation ended when she left: it is counted. The report hides a
      // count from 1 to 4 (statistics.minimumCell as shipped) and shows 0 as 0, so a hidden
      // count of conversations is a count of at least one.
      const rows = (
        JSON.parse(statsBefore) as {
          rows: { conversations: number | null; suppressed: string[] }[];
        }
      ).rows;
      check(
        rows.some(
          (row) =>
            (row.conversations ?? 0) > 0 ||
            (row.conversations === null && row.suppressed.includes("conversations")),
        ),
        `no conversation in the statistics: ${statsBefore}`,
      );
      const backups = mkdtempSync(path.join(os.tmpdir(), "helpline-deploy-backup-"));
      try {
        const backup = await run("npm", ["run", "--silent", "admin", "--", "backup", backups], {
          cwd: dir,
          timeoutMs: 300_000,
        });
        check(backup.code === 0, `backup failed: ${backup.stderr}`);
        for (const s of secrets) {
          check(
            !backup.stdout.includes(s.value) && !backup.stderr.includes(s.value),
            `backup printed ${s.label}`,
          );
        }
        const archive = readdirSync(backups).find((name) =>
          /^helpline-backup-.*\.tar\.gz$/.test(name),
        );
        check(archive !== undefined, `no archive in ${readdirSync(backups).join(", ")}`);
        check(
          (statSync(path.join(backups, archive)).mode & 0o777) === 0o600,
          "the archive is not mode 600",
        );
        // A fresh stack: no container, no volume, then the documented restore.
        await stack.compose(["down", "--volumes"], { timeoutMs: 180_000 });
        await stack.compose(["up", "--detach", "--wait", "--wait-timeout", "300", "postgres"], {
          timeoutMs: 400_000,
        });
        const restore = await run(
          "npm",
          ["run", "--silent", "admin", "--", "restore", path.join(backups, archive)],
          {
            cwd: dir,
            timeoutMs: 300_000,
          },
        );
        check(restore.code === 0, `restore failed: ${restore.stdout}\n${restore.stderr}`);
      } finally {
        rmSync(backups, { recursive: true, force: true });
      }
      await stack.compose(["up", "--detach", "--wait", "--wait-timeout", "300"], {
        timeoutMs: 400_000,
      });
      // A new caddy-data volume: a new authority, as a new server gets a new certificate.
      origin.ca = await stackAuthority(stack);
      // The counsellors (Synapse's database), the staff roles and statistics (the bot's state).
      const login = await counsellorLogsIn({ localpart: "intervenante", password: first.password });
      check(login.status === 200, `intervenante's login after the restore: ${login.status}`);
      if (login.token)
        secrets.push({ kind: "access token", label: "token after restore", value: login.token });
      const restored = await theActiveBot(stack, "no active bot after the restore");
      const status = await stack.docker(["exec", restored, "helpline-admin", "status"]);
      check(status.includes(first.userId), `status after the restore:\n${status}`);
      const statsAfter = await stack.docker(["exec", restored, "helpline-admin", ...statsArgs()]);
      check(
        statsAfter === statsBefore,
        `statistics after the restore differ:\n${statsBefore}\n---\n${statsAfter}`,
      );
    });

    await step("container logs, after all that, still hold nothing secret", async () => {
      await logsHoldNothingSecret(stack, secrets);
    });
    passed = true;
  } catch (error) {
    await showFailedContainers(stack).catch(() => {});
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    const keep = !passed && process.env.HELPLINE_DEPLOY_KEEP === "1";
    if (keep) {
      process.stdout.write(`Kept for a look: ${dir} (COMPOSE_PROJECT_NAME=${project})\n`);
    } else {
      await step("clean-up: docker compose down --volumes", async () => {
        await stack.composeMayFail(["down", "--volumes", "--remove-orphans"], {
          timeoutMs: 180_000,
        });
        rmSync(dir, { recursive: true, force: true });
      }).catch((error: unknown) => process.stdout.write(`clean-up failed: ${String(error)}\n`));
    }
    const total = timings.reduce((sum, t) => sum + t.seconds, 0);
    const width = Math.max(...timings.map((t) => t.name.length));
    process.stdout.write(`\n     ${"step".padEnd(width)} seconds\n`);
    for (const t of timings) {
      process.stdout.write(
        `${t.ok ? "ok  " : "FAIL"} ${t.name.padEnd(width)} ${t.seconds.toFixed(1).padStart(7)}\n`,
      );
    }
    process.stdout.write(`${"".padEnd(width + 5)} ${total.toFixed(1).padStart(7)} total\n`);
  }
}
