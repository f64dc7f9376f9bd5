import { readFileSync } from "node:fs";
import path from "node:path";
import { helplineDir } from "@helpline/bot/helplines/state-dirs";
import { dayOf } from "@helpline/bot/operations/statistics-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthLeaves,
  youthOpensConversation,
  youthSees,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth } from "../support/youth.ts";

// The youth's feedback from the end screen (issue 17, item 2), against the real Synapse and bot,
// through the web server: counted once per ended conversation in the helpline's daily statistics,
// and nothing counted for anything refused.

const helplineId = "maintenant-jen-parle";
/** config/helplines/maintenant-jen-parle.yaml's erasureGraceMinutes, plus the bot's 30 min. */
const feedbackWindowMs = (5 + 30) * 60_000;

describe("the youth's feedback", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;

  beforeAll(async () => {
    stack = await startTestStack();
    [camille] = (await teamLogsIn(stack)) as [ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
  });
  afterAll(async () => {
    await camille?.stop();
    await stack?.stop();
  });

  function statistics(): { given: number; helped: object; wouldWriteAgain: object } | undefined {
    const file = path.join(
      helplineDir(path.join(stack.dir, "bot-state"), helplineId),
      "statistics",
      "statistics.json",
    );
    const days = JSON.parse(readFileSync(file, "utf8")) as Record<string, { feedback?: never }>;
    return days[dayOf(stack.clock.now(), "Europe/Brussels")]?.feedback;
  }

  function give(body: Record<string, unknown>, api = "/api") {
    return postJson(`${stack.webUrl}${api}/feedback`, body);
  }

  /** A conversation with Camille that the youth ends with « Terminer la conversation ». */
  async function endedConversation() {
    const youth = await registerYouth(stack);
    const invited = camille.acceptNextInvite();
    const opened = await youthOpensConversation(stack, youth);
    expect(await invited).toBe(opened.roomId);
    await youthSees(stack, youth, opened.roomId, "counsellor_present");
    const before = { conversationId: opened.roomId, presenceKey: opened.presenceKey };
    // Not before the end: a conversation under way has nothing to say of itself yet.
    expect((await give({ ...before, helped: "yes" })).body).toMatchObject({
      error: { code: "unknown_conversation" },
    });
    await youthLeaves(stack, youth, opened.roomId);
    // She can no longer read her room: the counsellor's desk tells the end.
    await eventually(
      () => counsellorDesk(stack, camille),
      (desk) => desk.load === 0,
      "the conversation to end",
    );
    await stack.bot.settled();
    return before;
  }

  it("should count the answers once, in the day's statistics, and refuse a second answer", async () => {
    const conversation = await endedConversation();
    const givenBefore = statistics()?.given ?? 0;

    // Refusals first: none of them counts anything, nor closes the window.
    const forged = await give({ ...conversation, presenceKey: "A".repeat(43), helped: "no" });
    expect(forged).toMatchObject({
      status: 403,
      body: { error: { code: "invalid_presence_key" } },
    });
    const freeText = await give({ ...conversation, helped: "yes", comment: "merci beaucoup" });
    expect(freeText).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    expect(statistics()?.given ?? 0).toBe(givenBefore);

    const answered = await give({ ...conversation, helped: "a-little", wouldWriteAgain: "maybe" });
    expect(answered.status).toBe(204);
    expect(statistics()).toMatchObject({
      given: givenBefore + 1,
      helped: { "a-little": 1 },
      wouldWriteAgain: { maybe: 1 },
    });

    // The same helpline's own address knows it answered already.
    const again = await give({ ...conversation, helped: "yes" }, `/api/h/${helplineId}`);
    expect(again).toMatchObject({
      status: 409,
      body: { error: { code: "feedback_already_given" } },
    });
    expect(statistics()?.given).toBe(givenBefore + 1);
    expect(statistics()?.helped).not.toHaveProperty("yes");
  });

  it("should refuse feedback once the window after the end has closed", async () => {
    const conversation = await endedConversation();
    const givenBefore = statistics()?.given ?? 0;
    stack.clock.advance(feedbackWindowMs);
    await stack.bot.tick();
    await stack.bot.settled();
    const late = await give({ ...conversation, wouldWriteAgain: "yes" });
    expect(late).toMatchObject({ status: 404, body: { error: { code: "unknown_conversation" } } });
    expect(statistics()?.given ?? 0).toBe(givenBefore);
  });
});
