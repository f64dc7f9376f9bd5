import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultHelplineDefinition } from "@helpline/scripts/stack";
import { testWeek } from "../support/clock.ts";
import { counsellorLogsIn, type ScriptedCounsellor } from "../support/counsellor.ts";
import { eventually, youthOpensConversation } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// Two helplines on one bot and one Synapse, with different hours and teams that share one
// counsellor: each youth reaches her own helpline's team only, one helpline closes while the other
// stays open, and a command in one staff room never touches the other's conversations.

const first = "maintenant-jen-parle";
const second = "deuxieme-ligne";
const api = (id: string) => `/api/h/${id}`;

/** The shipped helpline with another id and name, open later on Monday (18:00–23:00). */
function secondDefinition(): string {
  const definition = YAML.parse(readFileSync(defaultHelplineDefinition, "utf8")) as {
    id: string;
    name: Record<string, string>;
    hours: { weekly: Record<string, unknown> };
  };
  definition.id = second;
  definition.name = { fr: "Deuxième ligne" };
  definition.hours.weekly.monday = [{ from: "18:00", to: "23:00" }];
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "second-line-")), `${second}.yaml`);
  writeFileSync(file, YAML.stringify(definition));
  return file;
}

interface Desk {
  availability: string;
  conversations: { reference: number; roomId: string; state: string }[];
}

describe("two helplines on one bot", () => {
  let stack: TestStack;
  let camille: ScriptedCounsellor; // first helpline only
  let alex: ScriptedCounsellor; // both
  let sam: ScriptedCounsellor; // second helpline only

  async function desk(counsellor: ScriptedCounsellor, id: string) {
    const response = await fetch(`${stack.webUrl}${api(id)}/counsellor/me`, {
      headers: { Authorization: `Bearer ${await counsellor.openIdToken()}` },
    });
    return { status: response.status, body: (await response.json()) as Desk };
  }

  async function onDuty(counsellor: ScriptedCounsellor, id: string) {
    await counsellor.send(stack.bot.staffRoomIdOf(id), "!dispo");
    await eventually(
      () => desk(counsellor, id),
      (seen) => seen.body.availability === "on_duty",
      `${counsellor.userId} on duty in ${id}`,
    );
  }

  /** Everyone in a conversation's room (joined or invited), as its youth sees it. */
  async function membersOf(roomId: string, accessToken: string): Promise<string[]> {
    const response = await fetch(
      `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members`,
      { headers: { Authorization: `Bearer ${accessToken}` } },
    );
    const { chunk } = (await response.json()) as {
      chunk: { state_key: string; content: { membership: string } }[];
    };
    return chunk
      .filter((event) => ["join", "invite"].includes(event.content.membership))
      .map((event) => event.state_key);
  }

  async function status(id: string) {
    return (await (await fetch(`${stack.webUrl}${api(id)}/status`)).json()) as {
      open: boolean;
      admitting: boolean;
    };
  }

  beforeAll(async () => {
    stack = await startTestStack({
      helplines: [
        { definition: defaultHelplineDefinition, counsellors: ["camille", "alex"] },
        { definition: secondDefinition(), counsellors: ["alex", "sam"] },
      ],
    });
    const account = (localpart: string) => {
      const found = stack.counsellors.find((c) => c.userId === `@${localpart}:localhost`);
      if (found === undefined) throw new Error(`no account ${localpart}`);
      return found;
    };
    const logIn = (localpart: string, ids: string[]) =>
      counsellorLogsIn({
        homeserverUrl: stack.synapseUrl,
        userId: account(localpart).userId,
        password: account(localpart).password,
        staffRoomId: stack.bot.staffRoomIdOf(ids[0] as string),
        otherStaffRoomIds: ids.slice(1).map((id) => stack.bot.staffRoomIdOf(id)),
      });
    camille = await logIn("camille", [first]);
    alex = await logIn("alex", [first, second]);
    sam = await logIn("sam", [second]);
  });

  afterAll(async () => {
    for (const counsellor of [camille, alex, sam]) await counsellor?.stop();
    await stack?.stop();
  });

  it("should give each helpline its own staff room, named after it", () => {
    const rooms = [first, second].map((id) => stack.bot.staffRoomIdOf(id));
    expect(new Set(rooms).size).toBe(2);
    expect(stack.bot.staffRoomId).toBe(rooms[0]);
    const names = rooms.map((roomId) => alex.client.getRoom(roomId)?.name ?? "");
    expect(names[1]).toContain("Deuxième ligne");
    expect(names[0]).not.toBe(names[1]);
  });

  it("should route each youth to her own helpline's team only", async () => {
    await onDuty(camille, first);
    await onDuty(alex, first);
    await onDuty(alex, second);
    // A counsellor of one team is no counsellor of the other.
    expect((await desk(camille, second)).status).toBe(403);
    expect((await desk(sam, first)).status).toBe(403);

    // Only alex is on duty in the second helpline: its youth is offered to him.
    const youthB = await registerYouth(stack, api(second));
    const openedB = await youthOpensConversation(stack, youthB, api(second));
    expect(await alex.acceptNextInvite()).toBe(openedB.roomId);
    const youthA = await registerYouth(stack, api(first));
    const openedA = await youthOpensConversation(stack, youthA);

    await eventually(
      async () => (await membersOf(openedA.roomId, youthA.accessToken)).length,
      (count) => count >= 3,
      "the first helpline's youth offered to a counsellor",
    );
    const teamA = [camille.userId, alex.userId, stack.bot.userId, youthA.userId];
    const teamB = [alex.userId, sam.userId, stack.bot.userId, youthB.userId];
    for (const member of await membersOf(openedA.roomId, youthA.accessToken)) {
      expect(teamA).toContain(member);
    }
    for (const member of await membersOf(openedB.roomId, youthB.accessToken)) {
      expect(teamB).toContain(member);
    }
    // Each helpline's desk knows its own conversation, never the other's.
    const alexInB = (await desk(alex, second)).body.conversations.map((c) => c.roomId);
    expect(alexInB).toEqual([openedB.roomId]);
    const inA = [
      ...(await desk(camille, first)).body.conversations,
      ...(await desk(alex, first)).body.conversations,
    ].map((c) => c.roomId);
    expect(inA).toEqual([openedA.roomId]);
  });

  it("should never act on the other helpline's conversation from a staff room", async () => {
    const conversationB = (await desk(alex, second)).body.conversations[0];
    if (conversationB === undefined) throw new Error("no conversation in the second helpline");
    // Alex ends "his" conversation by its number, but in the first helpline's staff room.
    const before = alex.staffNotices().length;
    await alex.send(stack.bot.staffRoomIdOf(first), `!terminer ${conversationB.reference}`);
    await alex.send(stack.bot.staffRoomIdOf(first), "!statut");
    await eventually(
      async () => alex.staffNotices().length,
      (count) => count >= before + 2,
      "the bot's answers in the first staff room",
    );
    await stack.bot.settled();
    expect(alex.staffNotices().slice(before).join("\n")).toContain(String(conversationB.reference));
    expect((await desk(alex, second)).body.conversations.map((c) => c.roomId)).toEqual([
      conversationB.roomId,
    ]);
    // The same command in its own helpline's staff room ends it: the refusal above was no accident.
    await alex.send(stack.bot.staffRoomIdOf(second), `!terminer ${conversationB.reference}`);
    await eventually(
      async () => (await desk(alex, second)).body.conversations.length,
      (count) => count === 0,
      "the second helpline's conversation ended by its own staff room",
    );
  });

  it("should close one helpline at the end of its hours while the other stays open", async () => {
    expect(await status(first)).toMatchObject({ open: true, admitting: true });
    stack.clock.set(testWeek.iso("monday", "21:45"));
    await stack.bot.tick();
    expect(await status(first)).toMatchObject({ open: false, admitting: false });
    // The default helpline is the first, at /api/ as well.
    expect(
      (await (await fetch(`${stack.webUrl}/api/status`)).json()) as { open: boolean },
    ).toMatchObject({ open: false });
    expect(await status(second)).toMatchObject({ open: true, admitting: true });
    await expect(registerYouth(stack, api(first))).rejects.toThrow(/403/);
    const late = await registerYouth(stack, api(second));
    const opened = await youthOpensConversation(stack, late, api(second));
    await eventually(
      async () => (await desk(alex, second)).body.conversations.map((c) => c.roomId),
      (rooms) => rooms.includes(opened.roomId),
      "the late youth offered in the second helpline",
    );
  });

  it("should answer an unknown helpline with 404 unknown_helpline", async () => {
    const response = await fetch(`${stack.webUrl}/api/h/nowhere/status`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "unknown_helpline",
    );
  });
});
