import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import {
  counsellorDesk,
  counsellorGoesOnDuty,
  eventually,
  youthLeaves,
  youthOpensConversation,
} from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// The counsellor's case form (issue 17) against a real Synapse and the real bot: a conversation
// ends, the counsellor who had it files its form once, through the console's API or with !fiche in
// the staff room; the statistics count the answers, and nothing else is refused silently.

let stack: TestStack;
let camille: ScriptedCounsellor;
let alex: ScriptedCounsellor;

beforeAll(async () => {
  stack = await startTestStack({
    counsellors: [
      { localpart: "camille", displayName: "Camille", maxConversations: 1 },
      { localpart: "alex", maxConversations: 1 },
    ],
  });
  [camille, alex] = (await teamLogsIn(stack)) as [ScriptedCounsellor, ScriptedCounsellor];
  await counsellorGoesOnDuty(stack, camille);
});

afterAll(async () => {
  await camille?.stop();
  await alex?.stop();
  await stack?.stop();
});

interface Me {
  caseFormsDue: { reference: number; until: string }[];
  caseCategories: { id: string; label: Record<string, string> }[];
}

async function me(counsellor: ScriptedCounsellor): Promise<Me> {
  return (await counsellorDesk(stack, counsellor)) as unknown as Me;
}

async function fileForm(counsellor: ScriptedCounsellor, reference: number, body: unknown) {
  const response = await fetch(
    `${stack.webUrl}/api/h/maintenant-jen-parle/counsellor/conversations/${reference}/case-form`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${await counsellor.openIdToken()}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    },
  );
  const text = await response.text();
  return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as unknown) };
}

/** A youth opens a conversation, Camille takes it, the youth leaves: its reference. */
async function conversationCamilleHadEnds(): Promise<number> {
  const youth = await registerYouth(stack);
  const invited = camille.acceptNextInvite();
  const { roomId } = await youthOpensConversation(stack, youth);
  expect(await invited).toBe(roomId);
  const desk = await eventually(
    () => counsellorDesk(stack, camille),
    (d) => d.conversations.some((c) => c.state === "active"),
    "camille in charge",
  );
  const reference = desk.conversations[0]?.reference ?? 0;
  await youthLeaves(stack, youth, roomId);
  await eventually(
    () => me(camille),
    (d) => d.caseFormsDue.some((due) => due.reference === reference),
    "the form due",
  );
  return reference;
}

function statistics(): Record<string, { caseForms?: Record<string, unknown> }> {
  const file = path.join(
    stack.dir,
    "bot-state",
    "helplines",
    "maintenant-jen-parle",
    "statistics",
    "statistics.json",
  );
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, { caseForms?: never }>;
}

function caseForms(): Record<string, unknown> | undefined {
  return Object.values(statistics()).find((day) => day.caseForms !== undefined)?.caseForms;
}

describe("the case form", () => {
  it("should be filed once through the console's API by the counsellor who had it, only", async () => {
    const reference = await conversationCamilleHadEnds();
    const mine = await me(camille);
    expect(mine.caseCategories.map((c) => c.id)).toContain("sexual-assault");
    expect(Date.parse(mine.caseFormsDue[0]?.until ?? "")).toBeGreaterThan(Date.now());
    expect((await me(alex)).caseFormsDue).toEqual([]);

    const form = {
      categories: ["rape"],
      writer: "victim",
      ageBand: "15-17",
      offered: ["listening"],
    };
    expect(await fileForm(alex, reference, form)).toMatchObject({
      status: 404,
      body: { error: { code: "conversation_not_found" } },
    });
    expect(await fileForm(camille, reference, { ...form, writer: "mother" })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_request" } },
    });
    expect(caseForms()).toBeUndefined();
    expect((await fileForm(camille, reference, form)).status).toBe(204);
    expect(await fileForm(camille, reference, form)).toMatchObject({ status: 404 });
    expect((await me(camille)).caseFormsDue).toEqual([]);
    expect(caseForms()).toEqual({
      filed: 1,
      categories: { rape: 1 },
      writer: { victim: 1 },
      ageBand: { "15-17": 1 },
      firstDisclosure: { unanswered: 1 },
      offered: { listening: 1 },
    });
  });

  it("should be offered in the staff room at the end, and filed there with !fiche, once", async () => {
    const seen = camille.staffNotices().length;
    const reference = await conversationCamilleHadEnds();
    const notices = () => camille.staffNotices().slice(seen);
    await eventually(
      async () => notices(),
      (all) => all.some((n) => n.includes(`Camille, tu peux remplir sa fiche`)),
      "the reminder in the end notice",
    );
    const answered = async (body: string, text: string) => {
      const before = camille.staffNotices().length;
      await camille.sayInStaffRoom(body);
      return eventually(
        async () => camille.staffNotices().slice(before),
        (all) => all.some((n) => n.includes(text)),
        `an answer containing "${text}"`,
      );
    };
    await answered(`!fiche ${reference}`, "cat= (une ou plusieurs");
    await answered(`!fiche ${reference} cat=viol`, "Code inconnu pour cat=");
    await alex.sayInStaffRoom(`!fiche ${reference} cat=rape`);
    await answered(`!fiche ${reference} cat=harassment,rape qui=proche offre=cpvs`, "enregistrée");
    await answered(`!fiche ${reference} cat=rape`, "Pas de fiche à remplir");
    expect(caseForms()).toMatchObject({
      filed: 2,
      categories: { rape: 2, harassment: 1 },
      writer: { victim: 1, "relative-or-friend": 1 },
      offered: { listening: 1, "referral-cpvs": 1 },
    });
    // The staff room is not end-to-end encrypted: the bot redacts every message with answers.
    await eventually(
      async () =>
        (camille.client.getRoom(stack.bot.staffRoomId)?.getLiveTimeline().getEvents() ?? [])
          .filter((e) => e.getType() === "m.room.message" && e.getSender() === camille.userId)
          .map((event) => String(event.getContent().body ?? "")),
      (bodies) =>
        bodies.includes(`!fiche ${reference}`) && !bodies.some((body) => body.includes("cat=")),
      "the answers redacted from the staff room",
    );
    // Counts only: nothing in the file points to a conversation or a counsellor.
    expect(JSON.stringify(statistics())).not.toMatch(/@|!|Jeune/);
  });
});
