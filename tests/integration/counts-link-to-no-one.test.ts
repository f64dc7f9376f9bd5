import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { helplineDir } from "@helpline/bot/helplines/state-dirs";
import { createLogger } from "@helpline/bot/logging/logger";
import { dayOf, statisticsFileSchema } from "@helpline/bot/operations/statistics-store";
import { runAdmin } from "@helpline/scripts/admin/run";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { LogCapture } from "../support/logs.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthLeaves,
  youthOpensConversation,
} from "../support/permanence.ts";
import { findInSynapseDatabase } from "../support/plaintext.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth } from "../support/youth.ts";

// Issue 17: what a helpline learns without knowing anyone. Conversations end, their counsellor
// files a case form, their youth answers the feedback, the conversations are erased; then the
// bot's whole state folder, Synapse's database and every log are searched. The answers exist only
// as counts per day, and nothing anywhere ties them, or anything else, to one conversation.

const helplineId = "maintenant-jen-parle";
/** config/helplines/maintenant-jen-parle.yaml's erasureGraceMinutes. */
const erasureGraceMs = 5 * 60_000;

/** Answers no other part of the stack would ever write, so that finding one means a leak. */
const form = {
  categories: ["online-exploitation-sextortion", "incest-intra-family"],
  writer: "relative-or-friend",
  ageBand: "12-14",
  firstDisclosure: "yes",
  offered: ["referral-cpvs", "referral-sos-enfants"],
};
const feedback = { helped: "a-little", wouldWriteAgain: "maybe" };
const answers = [...form.categories, form.writer, ...form.offered, feedback.helped];

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory()
      ? filesUnder(file)
      : [{ file, text: readFileSync(file).toString("latin1") }];
  });
}

describe("case forms and feedback: counts that link to no one", () => {
  const logs = new LogCapture();
  let stack: TestStack;
  let camille: ScriptedCounsellor;

  beforeAll(async () => {
    stack = await startTestStack({
      botOptions: { logger: createLogger({ level: "debug", write: logs.writer("bot") }) },
    });
    logs.addFile("synapse homeserver.log", stack.rendered.logFile);
    [camille] = (await teamLogsIn(stack)) as [ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
  });
  afterAll(async () => {
    await camille?.stop();
    await stack?.stop();
  });

  /** A conversation with Camille, ended, its form filed and its feedback given. */
  async function conversationCountedAndEnded() {
    const youth = await registerYouth(stack);
    const invited = camille.acceptNextInvite();
    const opened = await youthOpensConversation(stack, youth);
    expect(await invited).toBe(opened.roomId);
    // One conversation at a time: the one in her charge is this one.
    const desk = await eventually(
      () => counsellorDesk(stack, camille),
      (d) => d.conversations.some((c) => c.state === "active"),
      "Camille in charge",
    );
    const reference = desk.conversations[0]?.reference;
    await youthLeaves(stack, youth, opened.roomId);
    await eventually(
      () => counsellorDesk(stack, camille),
      (d) => d.load === 0,
      "the conversation to end",
    );
    await stack.bot.settled();
    const filed = await fetch(
      `${stack.webUrl}/api/h/${helplineId}/counsellor/conversations/${String(reference)}/case-form`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${await camille.openIdToken()}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(form),
      },
    );
    expect(filed.status).toBe(204);
    const answered = await postJson(`${stack.webUrl}/api/feedback`, {
      conversationId: opened.roomId,
      presenceKey: opened.presenceKey,
      ...feedback,
    });
    expect(answered.status).toBe(204);
    return { roomId: opened.roomId, youthId: youth.userId, reference: reference ?? 0 };
  }

  it("should keep the answers as counts per day only, tied to no conversation anywhere", async () => {
    // Five: the report's default threshold, so that its counts show instead of being hidden.
    const conversations: Awaited<ReturnType<typeof conversationCountedAndEnded>>[] = [];
    for (let i = 0; i < 5; i += 1) conversations.push(await conversationCountedAndEnded());
    // Past the erasure of both: what is left is what the helpline keeps.
    stack.clock.advance(erasureGraceMs + 1000);
    await stack.bot.tick();
    await stack.bot.settled();
    await eventually(
      () => Promise.resolve(filesUnder(path.join(stack.dir, "bot-state"))),
      (files) =>
        files.every(({ text }) => conversations.every(({ roomId }) => !text.includes(roomId))),
      "the bot's state to forget the erased conversations",
    );

    // The bot's state: no room, no youth; the answers only in the statistics, as counts per day.
    const state = filesUnder(path.join(stack.dir, "bot-state"));
    for (const { roomId, youthId } of conversations) {
      expect(state.filter(({ text }) => text.includes(roomId) || text.includes(youthId))).toEqual(
        [],
      );
    }
    const statisticsFile = path.join(
      helplineDir(path.join(stack.dir, "bot-state"), helplineId),
      "statistics",
      "statistics.json",
    );
    const withAnswers = state.filter(({ text }) => answers.some((answer) => text.includes(answer)));
    expect(withAnswers.map(({ file }) => file)).toEqual([statisticsFile]);
    const statistics = statisticsFileSchema.parse(JSON.parse(readFileSync(statisticsFile, "utf8")));
    const today = statistics[dayOf(stack.clock.now(), "Europe/Brussels")];
    expect(today?.caseForms).toMatchObject({
      filed: 5,
      categories: { "online-exploitation-sextortion": 5, "incest-intra-family": 5 },
      writer: { "relative-or-friend": 5 },
      offered: { "referral-cpvs": 5, "referral-sos-enfants": 5 },
    });
    expect(today?.feedback).toMatchObject({
      given: 5,
      helped: { "a-little": 5 },
      wouldWriteAgain: { maybe: 5 },
    });

    // Synapse's database: the forms and the feedback never reached it.
    expect(await findInSynapseDatabase(stack, answers)).toEqual([]);

    // The logs: no line names an answer, so none can tie one to a conversation.
    const lines = logs
      .sources()
      .flatMap(({ name, text }) => text.split("\n").map((line) => ({ name, line })));
    expect(lines.length).toBeGreaterThan(50);
    const leaking = lines.filter(({ line }) => answers.some((answer) => line.includes(answer)));
    expect(leaking).toEqual([]);

    // The funder's report shows these counts, and nothing of any one conversation.
    const out = mkdtempSync(path.join(tmpdir(), "helpline-report-"));
    const day = dayOf(stack.clock.now(), "Europe/Brussels");
    const printed: string[] = [];
    const code = await runAdmin(
      [
        "report",
        "--from",
        day,
        "--to",
        day,
        "--out",
        out,
        "--config",
        path.join(stack.dir, "bot.yaml"),
      ],
      { out: (text) => printed.push(text), err: (text) => printed.push(text), env: process.env },
    );
    expect({ code, printed }).toMatchObject({ code: 0 });
    const html = readFileSync(path.join(out, `${helplineId}-${day}-${day}.html`), "utf8");
    expect(html).toMatch(/Fiches remplies<\/th><td class="n">5<\/td>/);
    const csv = readFileSync(path.join(out, `${helplineId}-${day}-${day}.csv`), "utf8");
    expect(csv).toContain("online-exploitation-sextortion=5");
    for (const report of [html, csv]) {
      for (const { roomId, youthId } of conversations) {
        expect(report.includes(roomId) || report.includes(youthId)).toBe(false);
      }
    }
  }, 240_000);
});
