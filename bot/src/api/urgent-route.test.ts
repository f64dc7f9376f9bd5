// POST /api/urgent over real HTTP, with the real engine behind it (fuzz/fake-api-deps.ts): a
// waiting youth's "I am in danger now" moves her ahead of the queue, and every refusal changes
// nothing.

import { describe, expect, it } from "vitest";
import { serveFakeApiPerTest } from "./testing/fake-api-server.ts";

const api = serveFakeApiPerTest();

async function declare(body: unknown): Promise<{ status: number; code: string | null }> {
  const response = await fetch(`${api.url}/api/urgent`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text === "" ? null : (JSON.parse(text) as { error?: { code?: string } });
  return { status: response.status, code: parsed?.error?.code ?? null };
}

describe("POST /api/urgent", () => {
  it("should move a waiting youth ahead of those who came before her, once", async () => {
    const first = api.world.urgent();
    const second = api.world.urgent();
    expect(api.world.state.queue).toEqual([first.conversationId, second.conversationId]);
    expect(await declare(second)).toEqual({ status: 204, code: null });
    expect(api.world.state.queue).toEqual([second.conversationId, first.conversationId]);
    expect(api.world.state.conversations[second.conversationId]?.urgentAt).toBeDefined();
    expect(api.world.changes).toEqual(["permanence.urgent_declared"]);
    // Twice: she is ahead all the same, and nothing changes.
    const before = api.world.state;
    expect(await declare(second)).toEqual({ status: 204, code: null });
    expect(api.world.state).toBe(before);
    expect(api.world.changes).toEqual(["permanence.urgent_declared"]);
    // Logged as a fact, without the room or the key.
    const logs = api.world.logLines.join("\n");
    expect(logs).toContain("youth.urgent_declared");
    expect(logs).not.toContain(second.presenceKey);
    expect(logs).not.toContain(second.conversationId);
  });

  it("should refuse a wrong key, a conversation that is over or talking, and a bad body, changing nothing", async () => {
    const waiting = api.world.urgent();
    const reference = api.world.activeReference();
    const active = Object.values(api.world.state.conversations).find(
      (conversation) => conversation.reference === reference,
    );
    const otherKey = api.world.urgent().presenceKey;
    const afterSetUp = api.world.state;
    expect(await declare({ ...waiting, presenceKey: otherKey })).toEqual({
      status: 403,
      code: "invalid_presence_key",
    });
    expect(
      await declare({ conversationId: "!over:localhost", presenceKey: waiting.presenceKey }),
    ).toEqual({ status: 403, code: "invalid_presence_key" });
    for (const malformed of [
      {},
      { conversationId: waiting.conversationId },
      { conversationId: "room", presenceKey: waiting.presenceKey },
      { ...waiting, presenceKey: "short" },
      { ...waiting, reason: "free text" },
      [waiting],
    ]) {
      expect(await declare(malformed)).toEqual({ status: 400, code: "invalid_request" });
    }
    expect(api.world.state).toBe(afterSetUp);
    expect(api.world.changes).toEqual([]);
    expect(active).toBeDefined();
    if (active === undefined) return;
    const key = api.world.deps.youthPages.keyOf(active.id);
    expect(await declare({ conversationId: active.id, presenceKey: key })).toEqual({
      status: 409,
      code: "not_waiting",
    });
    expect(api.world.state).toBe(afterSetUp);
    expect(api.world.changes).toEqual([]);
  });

  it("should answer that a conversation is over when its key is right but it is gone", async () => {
    const gone = api.world.urgent();
    // The fake world's dispatch applies the event before its first await: over on return, no
    // waiting on a timer (the next line fails if that ever changes).
    api.world.deps.youthPages.report(gone.conversationId, gone.presenceKey, "quick_exit", false);
    expect(api.world.state.conversations[gone.conversationId]).toBeUndefined();
    const changes = api.world.changes.length;
    expect(await declare(gone)).toEqual({ status: 404, code: "unknown_conversation" });
    expect(api.world.changes.length).toBe(changes);
  });

  it("should accept only POST", async () => {
    const response = await fetch(`${api.url}/api/urgent`);
    expect(response.status).toBe(405);
  });
});
