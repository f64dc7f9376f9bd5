import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { runAdmin } from "@helpline/scripts/admin/run";
import { defaultHelplineDefinition } from "@helpline/scripts/stack";
import { launchChromium } from "../support/browser.ts";
import {
  consoleGoesOnDuty,
  consoleLogsIn,
  consoleSends,
  openConsole,
  type ConsolePage,
  consoleAcceptsOffer,
} from "../support/console.ts";
import { counsellorLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { counsellorGoesOnDuty } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { youthStarts } from "../support/e2e.ts";

// Issue 18, item 5, in Chromium against the real bot and Synapse: the operator creates the
// helpline key offline, vouches for Camille's real cross-signing identity (the one her console
// created at her first login, read from Synapse), and installs the voucher; the youth's page,
// which got the helpline's public key from the web server, marks Camille's messages as a
// counsellor's of the helpline. Lou, the colleague Camille hands the conversation over to, has a
// voucher too, but for another master key: her message in the same room is marked as not from
// the helpline.

const work = mkdtempSync(path.join(tmpdir(), "helpline-provenance-"));
const keyFile = path.join(work, "helpline.key");

/** `npm run admin -- …`, in-process; the bot's config when one is given. */
async function admin(args: string[], config?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin([...args, ...(config ? ["--config", config] : [])], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {},
  });
  expect(err.join("\n")).toBe("");
  expect(code).toBe(0);
  return out.join("\n").split("\n");
}

/** The default definition, keyed: what an operator writes after `provenance create-key`. */
async function keyedDefinition(): Promise<string> {
  const publicKey = (await admin(["provenance", "create-key", "--out", keyFile])).at(-1) ?? "";
  const definition = YAML.parse(readFileSync(defaultHelplineDefinition, "utf8")) as object;
  const file = path.join(work, "maintenant-jen-parle.yaml");
  writeFileSync(file, YAML.stringify({ ...definition, provenance: { publicKey } }));
  return file;
}

let stack: TestStack;
let browser: Browser;
let camille: ConsolePage;
let lou: ScriptedCounsellor;
let botConfig: string;

beforeAll(async () => {
  stack = await startTestStack({
    helplineDefinition: await keyedDefinition(),
    counsellors: [
      { localpart: "camille", displayName: "Camille", maxConversations: 2 },
      { localpart: "lou", displayName: "Lou", maxConversations: 2 },
    ],
  });
  botConfig = path.join(stack.dir, "bot.yaml");
  browser = await launchChromium();
  const louAccount = stack.counsellors[1];
  if (louAccount === undefined) throw new Error("Lou is the scripted counsellor");
  camille = await openConsole(browser, stack.webUrl);
  lou = await counsellorLogsIn({
    homeserverUrl: stack.synapseUrl,
    userId: louAccount.userId,
    password: louAccount.password,
    staffRoomId: stack.bot.staffRoomId,
  });
});
afterAll(async () => {
  await camille?.context.close();
  await lou?.stop();
  await browser?.close();
  await stack?.stop();
});

/** The operator's steps: her identity from the server, the voucher offline, installed. */
async function operatorVouches(userId: string, masterKey: string) {
  const vouched = await admin([
    ...["provenance", "vouch", "--key", keyFile, "--helpline", "maintenant-jen-parle"],
    ...["--user", userId, "--master-key", masterKey],
  ]);
  const voucher = vouched[1] ?? "";
  await admin(["provenance", "install", voucher], botConfig);
}

describe("counsellor provenance", () => {
  it("should mark the vouched counsellor's messages as the helpline's, and a colleague's with another identity as not", async () => {
    // Camille's first login, in the console: it creates her cross-signing identity, which the
    // operator reads from Synapse.
    const camilleAccount = stack.counsellors[0];
    if (camilleAccount === undefined) throw new Error("Camille is the console's counsellor");
    await consoleLogsIn(camille.page, camilleAccount);
    const camilleId = camilleAccount.userId;
    const [shownId, masterKey] = await admin(["provenance", "identity", "camille"], botConfig);
    expect(shownId).toBe(camilleId);
    await operatorVouches(camilleId, masterKey ?? "");
    // Lou's voucher names another master key than hers: signed by the helpline, yet not hers.
    const notLous = randomBytes(32).toString("base64").replace(/=+$/, "");
    await operatorVouches(lou.userId, notLous);

    await consoleGoesOnDuty(camille.page);
    const context = await browser.newContext();
    const page = await context.newPage();
    await youthStarts(page, stack.webUrl);
    await consoleAcceptsOffer(camille.page);

    const fromCamille = `Bonsoir, je suis là ${randomBytes(4).toString("hex")}`;
    await consoleSends(camille.page, fromCamille);
    const camilles = page.locator('[data-testid="message"]', { hasText: fromCamille });
    await expect
      .poll(() => camilles.getAttribute("data-provenance"), { timeout: 60_000 })
      .toBe("helpline");
    expect(await camilles.getByTestId("provenance-vouched").innerText()).toContain(
      "Intervenante de Maintenant j'en parle",
    );

    // Camille hands the conversation over to Lou, from her console.
    await counsellorGoesOnDuty(stack, lou);
    const invited = lou.acceptNextInvite();
    await camille.page.getByTestId("action-handover").click();
    await camille.page.locator(`[data-testid="handover-to"][data-user="${lou.userId}"]`).click();
    const roomId = await invited;
    const fromLou = `Je prends le relais ${randomBytes(4).toString("hex")}`;
    await lou.send(roomId, fromLou);
    const lous = page.locator('[data-testid="message"]', { hasText: fromLou });
    await expect
      .poll(() => lous.getAttribute("data-provenance"), { timeout: 60_000 })
      .toBe("not_helpline");
    expect(await lous.getByTestId("provenance-not-vouched").innerText()).toContain(
      "Ce message ne vient pas d’une intervenante de Maintenant j'en parle",
    );
    // Camille's mark stands; only Lou's message carries the warning.
    expect(await page.getByTestId("provenance-not-vouched").count()).toBe(1);
    expect(await camilles.getAttribute("data-provenance")).toBe("helpline");
    await context.close();
  });
});
