import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { helplineDir } from "@helpline/bot/helplines/state-dirs";
import { dayOf } from "@helpline/bot/operations/statistics-store";
import { repoRoot } from "@helpline/scripts/paths";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { teamLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { counsellorGoesOnDuty, eventually } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { postJson, registerYouth, requestOpenIdToken, type ApiYouth } from "../support/youth.ts";

// Two services besides the default one, each on a real Synapse and the real bot: SOS Viol's chat,
// for adults and their relatives, which asks "about myself / about someone close"; and the ended
// pilot Ch@t violences sexuelles, which admits no one and points to its successors.

const helplines = path.join(repoRoot, "config", "helplines");

/**
 * SOS Viol's definition as shipped, with Maintenant j'en parle's week: the tests' clock stands on
 * a Monday evening, when SOS Viol's chat is closed.
 */
function sosViolOpenOnMondayEvening(): string {
  const read = (name: string) =>
    YAML.parse(readFileSync(path.join(helplines, name), "utf8")) as {
      hours: { weekly: unknown };
    };
  const definition = read("sos-viol.yaml");
  definition.hours.weekly = read("maintenant-jen-parle.yaml").hours.weekly;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "helpline-sos-viol-")), "sos-viol.yaml");
  writeFileSync(file, YAML.stringify(definition));
  return file;
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function opens(stack: TestStack, youth: ApiYouth, answer?: string) {
  return postJson(`${stack.webUrl}/api/conversations`, {
    registrationToken: youth.registrationToken,
    openIdToken: await requestOpenIdToken(stack, youth),
    ...(answer === undefined ? {} : { writingAbout: answer }),
  });
}

describe("a service for adults that asks who the person writes about", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor;

  beforeAll(async () => {
    stack = await startTestStack({
      helplineDefinition: sosViolOpenOnMondayEvening(),
      counsellors: [{ localpart: "camille", maxConversations: 1 }],
    });
    [camille] = (await teamLogsIn(stack)) as [ScriptedCounsellor];
  }, 180_000);

  afterAll(async () => {
    await camille?.stop();
    await stack?.stop();
  });

  it("should show the answer with the offer, in the invite and on the desk, and count it", async () => {
    const helpline = await getJson(`${stack.webUrl}/api/helpline`);
    expect(helpline.body).toMatchObject({ audience: "adults", asksWhoIsWriting: true });
    expect(helpline.body).not.toHaveProperty("ended");

    await counsellorGoesOnDuty(stack, camille);
    const invited = camille.nextInvite();
    const opened = await opens(stack, await registerYouth(stack), "close-one");
    expect(opened.status).toBe(201);
    const roomId = opened.body.roomId as string;
    expect(await invited).toBe(roomId);

    // Element shows the invite's reason: the answer is said there, in the staff's French.
    const invite = camille.client.getRoom(roomId)?.getMember(camille.userId)?.events.member;
    expect(invite?.getContent().membership).toBe("invite");
    expect(invite?.getContent().reason).toContain("écrit au sujet d'un·e proche");

    // The console's view of the offer, then of the conversation once she has joined.
    const desk = async () => {
      const response = await getJson(`${stack.webUrl}/api/counsellor/me`, {
        Authorization: `Bearer ${await camille.openIdToken()}`,
      });
      expect(response.status).toBe(200);
      return response.body as { conversations: { roomId: string; state: string }[] };
    };
    expect((await desk()).conversations).toEqual([
      expect.objectContaining({ roomId, state: "offered", writingAbout: "close-one" }),
    ]);
    await camille.client.joinRoom(roomId);
    const active = await eventually(
      desk,
      (view) => view.conversations[0]?.state === "active",
      "the conversation active on camille's desk",
    );
    expect(active.conversations[0]).toMatchObject({ writingAbout: "close-one" });

    // A second youth skips the question; one more says nothing the service knows.
    expect((await opens(stack, await registerYouth(stack))).status).toBe(201);
    expect((await opens(stack, await registerYouth(stack), "a neighbour")).status).toBe(201);

    // Counts only, per day: nothing ties an answer to a conversation.
    const statistics = JSON.parse(
      readFileSync(
        path.join(
          helplineDir(path.join(stack.dir, "bot-state"), "sos-viol"),
          "statistics",
          "statistics.json",
        ),
        "utf8",
      ),
    ) as Record<string, { writingAbout?: unknown }>;
    expect(statistics[dayOf(stack.clock.now(), "Europe/Brussels")]?.writingAbout).toEqual({
      self: 0,
      "close-one": 1,
      unanswered: 2,
    });
  });
});

describe("a service that has ended", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      helplineDefinition: path.join(helplines, "chat-violences-sexuelles.yaml"),
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("should describe itself as ended, with its successors, and say it is closed for good", async () => {
    const helpline = await getJson(`${stack.webUrl}/api/helpline`);
    expect(helpline.status).toBe(200);
    expect(helpline.body).toMatchObject({
      id: "chat-violences-sexuelles",
      audience: "adults",
      ended: {
        on: "2021-07-01",
        successors: [
          expect.objectContaining({ url: "https://www.sosviol.be/" }),
          expect.objectContaining({ url: "https://www.maintenantjenparle.be/" }),
        ],
      },
    });
    const status = await getJson(`${stack.webUrl}/api/status`);
    expect(status.body).toMatchObject({ open: false, admitting: false, nextOpensAt: null });
  });

  it("should refuse with 410 whatever would start a conversation, and create nothing on Synapse", async () => {
    for (const [route, body] of [
      ["challenges", {}],
      ["registration-tokens", { challenge: "c", solution: "s" }],
      ["conversations", { registrationToken: "t", openIdToken: {} }],
    ] as const) {
      const refused = await postJson(`${stack.webUrl}/api/${route}`, body);
      expect(refused.status, route).toBe(410);
      expect(refused.body).toMatchObject({ error: { code: "helpline_ended" } });
    }
    const tokens = await fetch(`${stack.synapseUrl}/_synapse/admin/v1/registration_tokens`, {
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    });
    expect(tokens.status).toBe(200);
    expect(
      ((await tokens.json()) as { registration_tokens: unknown[] }).registration_tokens,
    ).toEqual([]);
  });
});
