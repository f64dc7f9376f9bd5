import { readdirSync, renameSync, rmdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, youthOpensConversation } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// A deployment upgraded from a bot that ran a single helpline keeps its state at the top of the
// state folder (permanence/, staff-room.json, statistics/). The bot moves it into the first
// helpline's folder at start, once: the queue and the staff room are the same after the upgrade.

const helpline = "maintenant-jen-parle";

describe("a state folder from before several helplines", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function staffRoomName(): Promise<unknown> {
    const response = await fetch(
      `${stack.synapseUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(stack.bot.staffRoomId)}/state`,
      { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
    );
    const { state } = (await response.json()) as {
      state: { type: string; content: Record<string, unknown> }[];
    };
    return state.find((event) => event.type === "m.room.name")?.content.name;
  }

  it("should keep its queue and staff room after the upgrade", async () => {
    // Nobody on duty: the youth waits in the queue.
    const youth = await registerYouth(stack);
    const opened = await youthOpensConversation(stack, youth);
    await stack.bot.settled();
    const staffRoomId = stack.bot.staffRoomId;
    const queued = async () =>
      ((await (await fetch(`${stack.webUrl}/api/status`)).json()) as { waiting: number }).waiting;
    const before = await queued();
    expect(before).toBe(1);

    // The old layout, as a bot of the previous version left it, with its staff room's old name.
    await fetch(
      `${stack.synapseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(staffRoomId)}/state/m.room.name/`,
      {
        method: "PUT",
        headers: {
          Authorization: `Bearer ${stack.secrets.appserviceToken}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ name: "Permanence : salle des intervenantes" }),
      },
    );
    expect(await staffRoomName()).toBe("Permanence : salle des intervenantes");
    await stack.bot.stop();
    const stateDir = path.join(stack.dir, "bot-state");
    const own = path.join(stateDir, "helplines", helpline);
    for (const name of readdirSync(own))
      renameSync(path.join(own, name), path.join(stateDir, name));
    rmdirSync(own);
    rmdirSync(path.join(stateDir, "helplines"));

    await stack.restartBot();
    expect(stack.bot.staffRoomId).toBe(staffRoomId);
    // Named after its helpline now, for a counsellor in several teams.
    expect(await staffRoomName()).toMatch(/^Maintenant j'en parle/);
    expect(readdirSync(own).sort()).toEqual(
      expect.arrayContaining(["permanence", "staff-room.json"]),
    );
    expect(readdirSync(stateDir)).not.toContain("permanence");
    expect(await queued()).toBe(before);
    // The youth's conversation is still the bot's: her page's word reaches it.
    await eventually(
      async () =>
        (
          await fetch(`${stack.webUrl}/api/presence`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              conversationId: opened.roomId,
              presenceKey: opened.presenceKey,
              page: "visible",
              kept: false,
            }),
          })
        ).status,
      (status) => status === 204,
      "the conversation known after the upgrade",
    );
  });
});
