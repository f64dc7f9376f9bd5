import { afterEach, describe, expect, it } from "vitest";
import type { StartBotOptions } from "@helpline/bot/app";
import { createLogger } from "@helpline/bot/logging/logger";
import { testWeek } from "../support/clock.ts";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  waitForYouthStatus,
  youthLeaves,
  youthSees,
  youthStartsConversation,
  youthStatus,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import {
  askForConversation,
  issueRegistrationToken,
  postJson,
  registerYouth,
} from "../support/youth.ts";

// The permanence against a real Synapse and the real bot. Time moves only through the bot's
// injected clock: the test sets it, then asks the bot to look at it (tick), instead of waiting.

const offerTimeoutMs = 90_000; // config/helplines/maintenant-jen-parle.yaml

let stack: TestStack | undefined;
const counsellors: ScriptedCounsellor[] = [];

afterEach(async () => {
  for (const counsellor of counsellors.splice(0)) await counsellor.stop();
  await stack?.stop();
  stack = undefined;
});

async function helplineWith(
  names: string[],
  botOptions?: StartBotOptions,
): Promise<{ stack: TestStack; team: ScriptedCounsellor[] }> {
  stack = await startTestStack({
    counsellors: names.map((localpart) => ({ localpart, maxConversations: 1 })),
    ...(botOptions ? { botOptions } : {}),
  });
  const team = await teamLogsIn(stack);
  counsellors.push(...team);
  return { stack, team };
}

async function youthArrives(on: TestStack) {
  const youth = await registerYouth(on);
  const roomId = await youthStartsConversation(on, youth);
  return { youth, roomId };
}

describe("the permanence", () => {
  it("should serve three youths with two counsellors of capacity 1, the third when a slot frees", async () => {
    const { stack, team } = await helplineWith(["camille", "alex"]);
    const [camille, alex] = team as [ScriptedCounsellor, ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    await counsellorGoesOnDuty(stack, alex);

    const first = await youthArrives(stack);
    const second = await youthArrives(stack);
    const accepted = await Promise.all([camille.acceptNextInvite(), alex.acceptNextInvite()]);
    expect([...accepted].sort()).toEqual([first.roomId, second.roomId].sort());
    await youthSees(stack, first.youth, first.roomId, "counsellor_present");

    const third = await youthArrives(stack);
    const waiting = await youthSees(stack, third.youth, third.roomId, "waiting");
    expect(waiting).toMatchObject({ state: "waiting", position: 1 });

    // The first youth ends the conversation; the freed counsellor is offered the third at once.
    const freed = accepted[0] === first.roomId ? camille : alex;
    const offered = freed.nextInvite();
    await youthLeaves(stack, first.youth, first.roomId);
    expect(await offered).toBe(third.roomId);
    await freed.client.joinRoom(third.roomId);
    await youthSees(stack, third.youth, third.roomId, "counsellor_present");
    for (const counsellor of team) {
      expect((await counsellorDesk(stack, counsellor)).load).toBeLessThanOrEqual(1);
    }
  });

  it("should answer a youth with what her room will say: a counsellor joining, or her place", async () => {
    const { stack, team } = await helplineWith(["camille"]);
    const [camille] = team as [ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    // Camille is free: the first youth's conversation is offered to her as the youth arrives.
    const first = await askForConversation(stack, await registerYouth(stack));
    expect(first.status).toBe(201);
    expect(first.body.joining).toBe(true);
    expect(first.body.place).toBeUndefined();
    // Camille is full (capacity 1): the second waits, and is told her place.
    const second = await askForConversation(stack, await registerYouth(stack));
    expect(second.status).toBe(201);
    expect(second.body.joining).toBeUndefined();
    expect(second.body.place).toMatchObject({ position: expect.any(Number) });
  });

  it("should offer the youth to the next counsellor when the first never answers", async () => {
    const { stack, team } = await helplineWith(["camille", "alex"]);
    const [camille, alex] = team as [ScriptedCounsellor, ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.nextInvite();
    const { youth, roomId } = await youthArrives(stack);
    expect(await invited).toBe(roomId);
    await youthSees(stack, youth, roomId, "counsellor_joining");

    // Camille does not answer. After the offer timeout the invite is withdrawn and she is paused,
    // so she is not offered the next youth again and again.
    stack.clock.advance(offerTimeoutMs + 1000);
    await stack.bot.tick();
    await eventually(
      () => counsellorDesk(stack, camille),
      (desk) => desk.availability === "paused" && desk.load === 0,
      "camille paused with no offer",
    );
    // The desk shows the decision at once; the room's status follows when it is carried out.
    expect(await youthSees(stack, youth, roomId, "waiting")).toMatchObject({ position: 1 });

    const reoffered = alex.nextInvite();
    await counsellorGoesOnDuty(stack, alex);
    expect(await reoffered).toBe(roomId);
    await alex.client.joinRoom(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
    // Camille's invite was withdrawn: she can no longer join.
    await expect(camille.client.joinRoom(roomId)).rejects.toThrow();
  });

  it("should pass a declined youth to the next counsellor, keeping the youth's place", async () => {
    const { stack, team } = await helplineWith(["camille", "alex"]);
    const [camille, alex] = team as [ScriptedCounsellor, ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    const declined = camille.declineNextInvite();
    const { youth, roomId } = await youthArrives(stack);
    expect(await declined).toBe(roomId);
    await eventually(
      () => counsellorDesk(stack, camille),
      (desk) => desk.availability === "paused",
      "camille paused after declining",
    );
    expect(await youthSees(stack, youth, roomId, "waiting")).toMatchObject({ position: 1 });
    const offered = alex.acceptNextInvite();
    await counsellorGoesOnDuty(stack, alex);
    expect(await offered).toBe(roomId);
    await youthSees(stack, youth, roomId, "counsellor_present");
  });

  it("should keep the staff room unencrypted and invite-only, so the bot can read commands", async () => {
    const { stack } = await helplineWith(["camille"]);
    const response = await fetch(
      `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(stack.bot.staffRoomId)}/state`,
      { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
    );
    const { state } = (await response.json()) as {
      state: { type: string; content: Record<string, unknown> }[];
    };
    expect(state.some((e) => e.type === "m.room.encryption")).toBe(false);
    expect(state.find((e) => e.type === "m.room.join_rules")?.content).toEqual({
      join_rule: "invite",
    });
    expect(String(state.find((e) => e.type === "m.room.topic")?.content.topic)).toMatch(/chiffr/i);
  });

  it("should warn before closing, send queued youths away at closing, and let ongoing ones go on", async () => {
    const { stack, team } = await helplineWith(["camille"]);
    const [camille] = team as [ScriptedCounsellor];
    // 21:10 in Brussels, shortly before the last admission (21:15).
    stack.clock.set(testWeek.at("monday", "21:10"));
    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.acceptNextInvite();
    const ongoing = await youthArrives(stack);
    expect(await invited).toBe(ongoing.roomId);
    const queued = await youthArrives(stack);
    await youthSees(stack, queued.youth, queued.roomId, "waiting");

    // 21:20 in Brussels: ten minutes before closing, counsellors are warned in the staff room.
    stack.clock.set(testWeek.at("monday", "21:20"));
    await stack.bot.tick();
    await eventually(
      async () => camille.staffNotices(),
      (notices) => notices.some((notice) => notice.includes("21:30")),
      "the closing warning",
    );
    // After the last admission (21:15), nothing is created for a newcomer.
    const late = await postJson(`${stack.webUrl}/api/registration-tokens`, {});
    expect(late.status).toBe(403);

    // 21:30: closed.
    stack.clock.set(testWeek.at("monday", "21:30"));
    await stack.bot.tick();
    await waitForYouthStatus(
      stack,
      queued.youth,
      queued.roomId,
      (s) => s?.state === "ended" && s.reason === "closing",
      "the queued youth to be sent away at closing",
    );
    const status = await (await fetch(`${stack.webUrl}/api/status`)).json();
    expect(status).toMatchObject({
      open: false,
      admitting: false,
      nextOpensAt: {
        local: testWeek.local("tuesday", "18:00"),
        instant: new Date(testWeek.at("tuesday", "18:00")).toISOString(),
      },
    });
    expect((await counsellorDesk(stack, camille)).availability).toBe("off_duty");
    // The ongoing conversation continues past closing time.
    expect(await youthStatus(stack, ongoing.youth, ongoing.roomId)).toEqual({
      state: "counsellor_present",
    });
    const closed = await postJson(`${stack.webUrl}/api/registration-tokens`, {});
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({
      error: { code: "closed", nextOpensAt: { local: testWeek.local("tuesday", "18:00") } },
    });
  });

  it("should keep the queue and assignments across a bot restart", async () => {
    const { stack, team } = await helplineWith(["camille"]);
    const [camille] = team as [ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    const offered = camille.nextInvite();
    const first = await youthArrives(stack);
    expect(await offered).toBe(first.roomId);
    const second = await youthArrives(stack);

    await stack.restartBot();

    // Camille accepts while the new bot instance is in charge.
    await camille.client.joinRoom(first.roomId);
    await youthSees(stack, first.youth, first.roomId, "counsellor_present");
    const waiting = await waitForYouthStatus(
      stack,
      second.youth,
      second.roomId,
      (s) => s?.state === "waiting" && s.position === 1,
      "the second youth first in line",
    );
    expect(waiting).toMatchObject({ position: 1 });
    expect((await counsellorDesk(stack, camille)).availability).toBe("on_duty");

    const next = camille.nextInvite();
    await youthLeaves(stack, first.youth, first.roomId);
    expect(await next).toBe(second.roomId);
  });

  it("should assign nobody twice when killed between an invite and its bookkeeping", async () => {
    const { stack, team } = await helplineWith(["camille", "alex"], {
      testOnly: { crashAfterCommand: "invite" },
    });
    const [camille, alex] = team as [ScriptedCounsellor, ScriptedCounsellor];
    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.nextInvite();
    const first = await youthArrives(stack);
    // The invite reached Synapse, then the bot "died" before confirming it in its journal.
    expect(await invited).toBe(first.roomId);

    const lines: string[] = [];
    await stack.restartBot({ logger: createLogger({ write: (line) => lines.push(line) }) });

    await camille.client.joinRoom(first.roomId);
    await youthSees(stack, first.youth, first.roomId, "counsellor_present");
    await counsellorGoesOnDuty(stack, alex);
    const alexInvite = alex.nextInvite(3000).catch(() => null);
    expect(await alexInvite).toBeNull();
    expect(await counsellorDesk(stack, camille)).toMatchObject({ load: 1 });
    expect(await counsellorDesk(stack, alex)).toMatchObject({ load: 0 });

    // The next youth goes to Alex, not to Camille, who is full.
    const second = await youthArrives(stack);
    const invites = await Promise.all([
      alex.nextInvite(),
      camille.nextInvite(3000).catch(() => null),
    ]);
    expect(invites).toEqual([second.roomId, null]);
    // The restarted bot carried the journal's pending invite out at its first try: everything
    // it needs (the room pool, asked before a counsellor's invite) existed before it ran.
    expect(lines.filter((line) => line.includes('"level":"warn"'))).toEqual([]);
  });

  it("should answer counsellors in the staff room, and end a conversation by its reference", async () => {
    const { stack, team } = await helplineWith(["camille"]);
    const [camille] = team as [ScriptedCounsellor];
    const noticeContaining = (text: string) =>
      eventually(
        async () => camille.staffNotices(),
        (notices) => notices.some((notice) => notice.includes(text)),
        `a notice containing "${text}"`,
      );

    await camille.sayInStaffRoom("!aide");
    await noticeContaining("!terminer 4821");
    await camille.sayInStaffRoom("!bonjour");
    await noticeContaining("Je ne connais pas la commande « !bonjour »");

    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.acceptNextInvite();
    const { youth, roomId } = await youthArrives(stack);
    expect(await invited).toBe(roomId);
    const desk = await eventually(
      () => counsellorDesk(stack, camille),
      (view) => view.conversations.some((c) => c.state === "active"),
      "an active conversation",
    );
    const reference = desk.conversations[0]?.reference ?? 0;
    await camille.sayInStaffRoom("!statut");
    await noticeContaining("1/1");

    await camille.sayInStaffRoom(`!terminer ${reference}`);
    await waitForYouthStatus(
      stack,
      youth,
      roomId,
      (s) => s?.state === "ended" && s.reason === "counsellor_ended",
      "the conversation ended by the counsellor",
    );
    expect((await counsellorDesk(stack, camille)).load).toBe(0);
  });

  it("should refuse a token and a conversation outside opening hours, creating nothing", async () => {
    const { stack } = await helplineWith(["camille"]);
    // Saturday, 15:00 in Brussels: closed until Monday 18:30.
    stack.clock.set(testWeek.at("saturday", "15:00"));
    await stack.bot.tick();
    const refused = await postJson(`${stack.webUrl}/api/registration-tokens`, {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: { code: "closed", nextOpensAt: { local: testWeek.local("monday", "18:30") } },
    });
    await expect(issueRegistrationToken(stack)).rejects.toThrow(/403/);
  });
});
